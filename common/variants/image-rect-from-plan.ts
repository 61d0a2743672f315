// The image's rectangle in its frame, read back from a plan, for the UI's previews. The plan holds it only in
// rounded API pixels, so this is exact to within half an API pixel; the sandbox recomputes it exactly
// (image-rect-in-frame.ts) and the two sides exchange placements as fractions, never as positions.
import type { Plan, Rect, Size } from '../geometry/plan';

export function imageRectFromPlan(plan: Plan, stored: Size): Rect {
  const turned = plan.quarterTurns % 2 === 1 ? { width: stored.height, height: stored.width } : stored;
  const k = plan.density;
  // offsetX is the crop's corner on the canvas in API pixels (crop × scale); crop.x is that corner in the image.
  return {
    x: plan.offsetX / (k * plan.scale) - plan.crop.x / k,
    y: plan.offsetY / (k * plan.scale) - plan.crop.y / k,
    width: turned.width / k,
    height: turned.height / k,
  };
}
