// Plans "Extend artboard": the frame's new size for a chosen aspect or size, where the image goes in it, and how far
// the frame's content moves so the image lands where the designer dragged it.
import type { Rect, Size } from '../geometry/plan';
import type { Placement } from './format-presets';
import { placeImage } from './place-image';

export type ExtendTarget =
  { kind: 'aspect'; width: number; height: number } | { kind: 'size'; width: number; height: number };

/**
 * For an aspect: the smallest frame of that aspect that still holds the whole current frame, so extending never
 * crops what the designer already has. Sides round up to whole units; a side within a unit of the aspect stays.
 * For a size: that size.
 */
export function extendedFrameSize(frame: Size, target: ExtendTarget): Size {
  if (target.kind === 'size') return { width: target.width, height: target.height };
  const ratio = target.width / target.height;
  // A frame already of that aspect but for rounding (760 × 427 is 16:9 to within a unit) keeps its size: growing
  // by a unit would be a paid run for a sliver nobody asked for.
  const grow = (current: number, needed: number) => (needed - current < 1 ? current : Math.ceil(needed - 1e-6));
  return {
    width: grow(frame.width, frame.height * ratio),
    height: grow(frame.height, frame.width / ratio),
  };
}

export interface ExtendPlan {
  size: Size;
  /** The image's rectangle in the extended frame. */
  image: Rect;
  /** How far everything inside the frame moves (the image included), in design units. */
  shift: { x: number; y: number };
}

/** `imageRect` is where the whole image sits in the current frame, in the frame's units. */
export function planExtend(imageRect: Rect, size: Size, placement: Placement): ExtendPlan {
  const image = placeImage(size, { width: imageRect.width, height: imageRect.height }, placement);
  return { size, image, shift: { x: image.x - imageRect.x, y: image.y - imageRect.y } };
}

/** True when the new frame leaves nothing around the image to generate. */
export function extendCoversImage(plan: ExtendPlan): boolean {
  const { image, size } = plan;
  return image.x <= 0 && image.y <= 0 && image.x + image.width >= size.width && image.y + image.height >= size.height;
}
