// One generation for a whole set of variants: the smallest canvas, in the source image's own pixels, that holds
// every format's frame around the image, so one FLUX call paints one scene and each format is a crop of it
// (issue #13, point 2 ★). Every format places the same image, so in image pixels all frames share one origin: the
// image at (0, 0). The canvas is their bounding box at a common density — the image's native one, scaled down
// only when the API's 4 MP ceiling or Figma's 4096 px side forces it (docs/bfl-api.md, Outpainting request).
// One charge instead of one per format, and the same sky, floor and light in every format.
// Pure: no figma, no pixels. The crops come out in canvas pixels; cut-from-union.ts cuts them.
import { API_MAX_PIXELS, API_MIN_SIDE, FIGMA_MAX_SIDE } from '../geometry/plan-canvas';
import type { Rect, Size } from '../geometry/plan';
import type { VariantFramePlan } from './plan-variants';

export interface UnionFormat {
  /** The format's frame size, in design units. */
  frame: Size;
  /** Where the whole image sits in it, in design units (planVariants' `image`). */
  image: Rect;
}

export interface UnionCrop {
  /** This format's frame on the union canvas, in canvas pixels (fractional: the frames do not share a grid). */
  rect: Rect;
  /**
   * The format written at the image's native density (`scale` 1), or smaller when Figma's 4096 px side forces it:
   * its size in pixels and where the original lands in it.
   */
  output: { width: number; height: number; offsetX: number; offsetY: number; scale: number };
}

export interface UnionCanvasPlan {
  /** The API canvas. */
  width: number;
  height: number;
  /** The reference (the whole image at `scale`) on the canvas. */
  offsetX: number;
  offsetY: number;
  reference: Size;
  /** Canvas pixels per image pixel: the density asked for (1 by default), or less when a limit forced it. */
  scale: number;
  crops: UnionCrop[];
}

/** Frames are planned with contain, so the image touches two sides: those edges meet the image exactly. */
const EPSILON = 1e-9;

/**
 * `density`: canvas pixels per image pixel wished for (the highest any format's own plan uses, so FLUX paints at
 * the sharpest density a format is written at); 1 by default. The 4 MP ceiling still caps it.
 */
export function planUnionCanvas(image: Size, formats: readonly UnionFormat[], density = 1): UnionCanvasPlan | null {
  if (formats.length === 0 || !(image.width > 0) || !(image.height > 0)) return null;
  // Each frame in image pixels: its density is image px per design unit of that format.
  const frames = formats.map((f) => {
    const density = image.width / f.image.width;
    return {
      x: -f.image.x * density,
      y: -f.image.y * density,
      width: f.frame.width * density,
      height: f.frame.height * density,
    };
  });
  const left = Math.min(0, ...frames.map((r) => r.x));
  const top = Math.min(0, ...frames.map((r) => r.y));
  const right = Math.max(image.width, ...frames.map((r) => r.x + r.width));
  const bottom = Math.max(image.height, ...frames.map((r) => r.y + r.height));
  const union = { x: left, y: top, width: right - left, height: bottom - top };
  const sideAt = (length: number, s: number) => Math.max(API_MIN_SIDE, Math.ceil(length * s - EPSILON));
  const wish = Number.isFinite(density) && density > 0 ? density : 1;
  let scale = Math.min(wish, Math.sqrt(API_MAX_PIXELS / (union.width * union.height)));
  // Whole pixels round up, so the square root can land a row over the ceiling: step down until it fits.
  while (scale > 0 && sideAt(union.width, scale) * sideAt(union.height, scale) > API_MAX_PIXELS) scale *= 0.999;
  const width = sideAt(union.width, scale);
  const height = sideAt(union.height, scale);
  if (!(scale > 0) || width * height > API_MAX_PIXELS) return null;
  const offsetX = Math.round(-union.x * scale);
  const offsetY = Math.round(-union.y * scale);
  const reference = {
    width: Math.min(width - offsetX, Math.max(1, Math.round(image.width * scale))),
    height: Math.min(height - offsetY, Math.max(1, Math.round(image.height * scale))),
  };
  const crops = frames.map((frame): UnionCrop => {
    const outScale = Math.min(1, FIGMA_MAX_SIDE / frame.width, FIGMA_MAX_SIDE / frame.height);
    return {
      rect: {
        x: offsetX + frame.x * scale,
        y: offsetY + frame.y * scale,
        width: frame.width * scale,
        height: frame.height * scale,
      },
      output: {
        width: Math.max(1, Math.round(frame.width * outScale)),
        height: Math.max(1, Math.round(frame.height * outScale)),
        offsetX: Math.round(-frame.x * outScale),
        offsetY: Math.round(-frame.y * outScale),
        scale: outScale,
      },
    };
  });
  return { width, height, offsetX, offsetY, reference, scale, crops };
}

/** The formats of a planned set that have something to generate, as the union planner takes them. */
export function unionFormatsOf(plans: readonly VariantFramePlan[]): UnionFormat[] {
  return plans
    .filter((p) => p.needsOutpaint)
    .map((p) => ({ frame: { width: p.frame.width, height: p.frame.height }, image: p.image }));
}
