// Where the original meets the generated pixels in a result, for the compare view's outline and its 100 % zoom.
// Pure: plan coordinates (the API canvas) in, result pixels out.
import type { Plan, Rect } from '../../common/geometry/plan';

export interface SeamView {
  /** The original's area in the result, in result pixels; everything else in the result is generated. */
  kept: Rect;
  /** A point on the longest seam (the middle of the kept area's edge with the widest generated band beside it). */
  focus: { x: number; y: number };
}

/** Null when the canvas holds no part of the original (nothing to outline) or the result has no size. */
export function seamView(plan: Plan, result: { width: number; height: number }): SeamView | null {
  if (plan.width <= 0 || plan.height <= 0 || result.width <= 0 || result.height <= 0) return null;
  const sx = result.width / plan.width;
  const sy = result.height / plan.height;
  const left = Math.max(0, plan.offsetX);
  const top = Math.max(0, plan.offsetY);
  const right = Math.min(plan.width, plan.offsetX + plan.reference.width);
  const bottom = Math.min(plan.height, plan.offsetY + plan.reference.height);
  if (right <= left || bottom <= top) return null;
  const kept: Rect = {
    x: Math.round(left * sx),
    y: Math.round(top * sy),
    width: Math.round((right - left) * sx),
    height: Math.round((bottom - top) * sy),
  };
  const midX = kept.x + kept.width / 2;
  const midY = kept.y + kept.height / 2;
  const bands = [
    { band: kept.x, focus: { x: kept.x, y: midY } },
    { band: result.width - (kept.x + kept.width), focus: { x: kept.x + kept.width, y: midY } },
    { band: kept.y, focus: { x: midX, y: kept.y } },
    { band: result.height - (kept.y + kept.height), focus: { x: midX, y: kept.y + kept.height } },
  ];
  const widest = bands.reduce((best, b) => (b.band > best.band ? b : best));
  const focus = widest.band > 0 ? widest.focus : { x: midX, y: midY };
  return { kept, focus: { x: Math.round(focus.x), y: Math.round(focus.y) } };
}
