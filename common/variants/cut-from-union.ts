// One format of a variant set, cut from the set's one generated canvas (plan-union-canvas.ts): its frame's rectangle
// rounded to whole canvas pixels (at the union's native density the frames' edges are whole pixels already; below it
// the half pixel is far under the seam feather). Finishing then resamples the cut to the format's written size and
// pastes the original back exactly, as for any result (ui/pixels/pixel-jobs.ts).
import { cropRgba } from '../pixels/crop-rgba';
import type { Rgba } from '../pixels/rgba';

export function cutFromUnion(union: Rgba, rect: { x: number; y: number; width: number; height: number }): Rgba {
  const x0 = Math.min(union.width - 1, Math.max(0, Math.round(rect.x)));
  const y0 = Math.min(union.height - 1, Math.max(0, Math.round(rect.y)));
  const x1 = Math.min(union.width, Math.max(x0 + 1, Math.round(rect.x + rect.width)));
  const y1 = Math.min(union.height, Math.max(y0 + 1, Math.round(rect.y + rect.height)));
  return cropRgba(union, { x: x0, y: y0, width: x1 - x0, height: y1 - y0 });
}
