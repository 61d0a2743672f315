// What a run costs before the click, with passes and without: credits (common/batch/estimate-credits.ts, an
// assumption BFL does not publish) and time. BFL publishes no outpainting latency; FLUX generations were seen to
// take 6.5–8.6 s queueing excluded, and fast is "significantly faster" (docs/bfl-api.md, Pricing and latency), so
// we assume 15 s per request in High and 8 s in Fast, uploads and downloads included. Passes run one after another
// (each reference holds the pixels the one before made), so their times add up.
import { estimateCredits } from '../batch/estimate-credits';
import type { Plan } from '../geometry/plan';
import type { FluxMode } from '../settings';
import { passesForPlan } from './compose-pass';
import type { PassPlan } from './plan-passes';

export const SECONDS_PER_REQUEST: Readonly<Record<FluxMode, number>> = { high: 15, fast: 8 };

export interface RunEstimate {
  requests: number;
  credits: number;
  seconds: number;
}

export function estimatePasses(passes: PassPlan, mode: FluxMode): RunEstimate {
  const credits = passes.passes.reduce((sum, pass) => sum + estimateCredits(pass.region, mode), 0);
  return { requests: passes.passes.length, credits, seconds: passes.passes.length * SECONDS_PER_REQUEST[mode] };
}

/** Today's single request: the whole canvas at the plan's (possibly lowered) density. */
export function estimateSinglePass(plan: Pick<Plan, 'width' | 'height'>, mode: FluxMode): RunEstimate {
  return { requests: 1, credits: estimateCredits(plan, mode), seconds: SECONDS_PER_REQUEST[mode] };
}

/** "about 45 s", "about 2 min". */
export function formatDuration(seconds: number): string {
  if (seconds < 90) return `about ${Math.max(5, Math.round(seconds / 5) * 5)} s`;
  return `about ${Math.round(seconds / 60)} min`;
}

/**
 * Credits a FLUX run of this frame is expected to cost as it will run: its passes when the designer leaves them on
 * and one result is asked (ui/jobs/run-passes.ts), else `candidates` single requests.
 */
export function estimateFrameCredits(
  plan: Pick<Plan, 'width' | 'height' | 'crop' | 'output'>,
  settings: { mode: FluxMode; passes?: 'steps' | 'single' | undefined },
  candidates: number,
): number {
  if (candidates === 1 && settings.passes !== 'single') {
    const planned = passesForPlan(plan, settings.mode);
    if (planned.ok && planned.plan.passes.length > 1) return estimatePasses(planned.plan, settings.mode).credits;
  }
  return estimateCredits(plan, settings.mode) * candidates;
}
