// Where an image goes inside a frame: "contain" sizing and placement by fraction of the free space.
import type { Rect, Size } from '../geometry/plan';
import type { Placement } from './format-presets';

/**
 * The image scaled to fit inside the frame (contain). Contain is the largest image that shows whole, so the model
 * invents the least area (docs/designer-expectations.md #5: quality drops as the generated share grows) and nothing of the original
 * is cut off. The long side matches the frame exactly, so one axis never needs generating.
 */
export function containSize(frame: Size, image: Size): Size {
  const scale = Math.min(frame.width / image.width, frame.height / image.height);
  const fitsWidth = frame.width / image.width <= frame.height / image.height;
  // The touching side is set exactly (no floating drift that would leave a hairline to outpaint).
  return fitsWidth
    ? { width: frame.width, height: image.height * scale }
    : { width: image.width * scale, height: frame.height };
}

export function clampPlacement(placement: Placement): Placement {
  const clamp = (value: number) => (Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0.5);
  return { x: clamp(placement.x), y: clamp(placement.y) };
}

/**
 * The image's rectangle in the frame for a placement. Free space may be negative (an image bigger than the frame):
 * the same fraction then picks which part shows. Positions in between are rounded to whole units when the image is
 * smaller than the frame so edges land on the grid; sizes are never rounded (that would stretch the image).
 */
export function placeImage(frame: Size, image: Size, placement: Placement): Rect {
  const p = clampPlacement(placement);
  // Flush edges stay exact (a rounded far edge could hang half a unit outside the frame and lose a row of the
  // original); positions in between snap to whole units.
  const axis = (free: number, t: number) => {
    if (t === 0) return 0;
    if (t === 1 || free < 0) return free * t;
    return Math.round(free * t);
  };
  return {
    x: axis(frame.width - image.width, p.x),
    y: axis(frame.height - image.height, p.y),
    width: image.width,
    height: image.height,
  };
}

/** The placement that reproduces `rect` in `frame` (0.5 on an axis with no free space). */
export function placementOf(frame: Size, rect: Rect): Placement {
  const axis = (free: number, at: number) => (Math.abs(free) < 1e-9 ? 0.5 : at / free);
  return clampPlacement({ x: axis(frame.width - rect.width, rect.x), y: axis(frame.height - rect.height, rect.y) });
}
