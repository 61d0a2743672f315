// Credits a FLUX outpaint is expected to cost, before anything is sent. BFL does not publish an outpainting
// price (docs/bfl-api.md, Pricing and latency), so this is an ASSUMPTION, shown to designers as "≈ N credits (estimate)":
//   - high: 10 credits per started megapixel of the canvas (1 MP = 1024 × 1024 = 1,048,576 px), the reseller
//     price Runware lists for FLUX Outpainting ($0.10 per output MP rounded up; 1 credit = $0.01, §10.1);
//   - fast: half of that, since BFL's release notes call fast mode "typically lower cost" without a number.
// The API's own `cost` from the submit answer (§3.5) replaces the estimate as soon as it is known.
import type { Plan } from '../geometry/plan';
import type { FluxMode } from '../settings';

export const CREDITS_PER_STARTED_MP: Readonly<Record<FluxMode, number>> = { high: 10, fast: 5 };
export const PRICING_MP = 1_048_576;

export const ESTIMATE_ASSUMPTION =
  'Estimate: 10 credits per started megapixel in High, 5 in Fast. BFL does not publish outpainting prices.';

export function estimateCredits(plan: Pick<Plan, 'width' | 'height'>, mode: FluxMode): number {
  const startedMp = Math.max(1, Math.ceil((plan.width * plan.height) / PRICING_MP));
  return startedMp * CREDITS_PER_STARTED_MP[mode];
}

/** "≈ 20 credits (estimate)". */
export function formatEstimate(credits: number): string {
  const rounded = Math.round(credits * 100) / 100;
  return `≈ ${rounded} ${rounded === 1 ? 'credit' : 'credits'} (estimate)`;
}
