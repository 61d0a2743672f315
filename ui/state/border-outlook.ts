// Will the offline result be rough along an edge of the chosen frame? The assessment (common/engine/assess-border.ts,
// run by ui/app/border-assessor.ts) is keyed by the image and the plan, so a moved or resized frame is assessed
// again. Pure: the busy-border notice renders what `busyBorderOutlook` says.
import type { BorderSide } from '../../common/engine/assess-border';
import type { Plan } from '../../common/geometry/plan';
import type { Target } from '../../common/selection/report';
import type { AppState } from './app-state';
import { chosenTarget } from './app-selectors';
import { footerJob } from './footer-job';

/** Pixels the plan adds on each side of the reference, in API pixels (0 where the reference overhangs). */
export function extensionOf(
  plan: Pick<Plan, 'width' | 'height' | 'offsetX' | 'offsetY' | 'reference'>,
): Record<BorderSide, number> {
  return {
    left: Math.max(0, plan.offsetX),
    top: Math.max(0, plan.offsetY),
    right: Math.max(0, plan.width - plan.offsetX - plan.reference.width),
    bottom: Math.max(0, plan.height - plan.offsetY - plan.reference.height),
  };
}

/** Same image, same crop and turn, same placement → same outlook. */
export function borderKey(target: Target): string {
  const { plan } = target;
  const { crop } = plan;
  return [
    target.image.hash,
    plan.quarterTurns,
    crop.x,
    crop.y,
    crop.width,
    crop.height,
    plan.width,
    plan.height,
    plan.offsetX,
    plan.offsetY,
    plan.reference.width,
    plan.reference.height,
  ].join('|');
}

function sideList(sides: readonly BorderSide[]): string {
  if (sides.length === 4) return 'every edge';
  if (sides.length === 1) return `the ${sides[0]} edge`;
  return `the ${sides.slice(0, -1).join(', ')} and ${sides[sides.length - 1]} edges`;
}

/** One sentence for the panel (≤ 100 characters), naming the busy sides. */
export function busyBorderMessage(sides: readonly BorderSide[]): string {
  return `Something detailed touches ${sideList(sides)}: the offline result will be rough there.`;
}

export interface BusyBorderOutlook {
  sides: BorderSide[];
  message: string;
}

/** The warning to show before an offline run on the chosen frame, or null when there is none to give. */
export function busyBorderOutlook(state: AppState): BusyBorderOutlook | null {
  if (state.view !== 'main' || state.settings.engine !== 'offline') return null;
  if (footerJob(state).phase === 'running') return null;
  const target = chosenTarget(state);
  if (target === null || target.status !== 'ready') return null;
  const view = state.borders[borderKey(target)];
  if (!view || view.busySides.length === 0) return null;
  return { sides: view.busySides, message: busyBorderMessage(view.busySides) };
}
