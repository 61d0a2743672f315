// How much new image a plan asks FLUX for, relative to the image it keeps. Quality collapses for very large
// extensions; Stability's guidance is to extend by at most the source's size (docs/designer-expectations.md #5).
import type { Plan } from './plan';

/** Above this, the panel suggests extending in steps: the new area is larger than the image itself. */
export const LARGE_EXTENSION_RATIO = 1;

/** Generated area ÷ visible reference area, on the API canvas (the reference clipped to it when autoCrop). */
export function newAreaRatio(plan: Pick<Plan, 'width' | 'height' | 'offsetX' | 'offsetY' | 'reference'>): number {
  const visibleWidth = Math.max(
    0,
    Math.min(plan.width, plan.offsetX + plan.reference.width) - Math.max(0, plan.offsetX),
  );
  const visibleHeight = Math.max(
    0,
    Math.min(plan.height, plan.offsetY + plan.reference.height) - Math.max(0, plan.offsetY),
  );
  const kept = visibleWidth * visibleHeight;
  if (kept === 0) return Number.POSITIVE_INFINITY;
  return (plan.width * plan.height - kept) / kept;
}
