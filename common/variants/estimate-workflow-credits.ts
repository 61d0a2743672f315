// What Variants and Extend are expected to cost before the click, with the same assumption the queue uses
// (common/batch/estimate-credits.ts): the API canvas is the new frame at the image's own density, scaled down to
// the API's 4 MP when larger, exactly as the planner (common/geometry/plan-canvas.ts) will size it.
import { estimateCredits } from '../batch/estimate-credits';
import { API_MAX_PIXELS } from '../geometry/plan-canvas';
import type { Rect, Size } from '../geometry/plan';
import type { FluxMode } from '../settings';
import type { Anchor } from './format-presets';
import { planUnionCanvas, unionFormatsOf } from './plan-union-canvas';
import { planVariants, type VariantFormat } from './plan-variants';

/**
 * The API canvas for a frame whose image, `imageWidth` units wide, has `imagePixels` pixels across; a frame with a
 * target density (variant frames: 1 px per unit) rises to it when the image's own is lower.
 */
export function canvasAtImageDensity(frame: Size, imageWidth: number, imagePixels: number, targetDensity = 0): Size {
  const density = Math.max(imagePixels / imageWidth, targetDensity);
  const width = frame.width * density;
  const height = frame.height * density;
  const scale = Math.sqrt(API_MAX_PIXELS / (width * height));
  if (scale >= 1) return { width: Math.round(width), height: Math.round(height) };
  // Rounded down when scaled, so the canvas stays within 4 MP as the planner keeps it.
  return { width: Math.floor(width * scale), height: Math.floor(height * scale) };
}

/** Variant frames are written at their platform's upload size: 1 px per design unit (plan-canvas.ts). */
const VARIANT_DENSITY = 1;

export interface SetEstimate {
  /** Per format, in the order given; null where the image already fills the format (nothing is generated). */
  perFormat: (number | null)[];
  total: number;
  /** One task for the whole set on its union canvas; null when nothing needs generating or no canvas fits. */
  union: number | null;
}

/** `image`: the image as the designer sees it (turned), in pixels. */
export function variantSetEstimate(
  image: Size,
  formats: readonly VariantFormat[],
  anchor: Anchor,
  mode: FluxMode,
): SetEstimate {
  const plans = planVariants({ source: { x: 0, y: 0, width: 0, height: 0 }, image, formats, anchor });
  const perFormat = plans.map((plan) =>
    plan.needsOutpaint
      ? estimateCredits(canvasAtImageDensity(plan.frame, plan.image.width, image.width, VARIANT_DENSITY), mode)
      : null,
  );
  const formatsToPaint = unionFormatsOf(plans);
  // As sharp as the sharpest format: its image pixels at 1 px per unit (the planner's target density).
  const sharpest = Math.max(1, ...formatsToPaint.map((f) => (VARIANT_DENSITY * f.image.width) / image.width));
  const union = formatsToPaint.length === 0 ? null : planUnionCanvas(image, formatsToPaint, sharpest);
  return {
    perFormat,
    total: perFormat.reduce<number>((sum, credits) => sum + (credits ?? 0), 0),
    union: union === null ? null : estimateCredits(union, mode),
  };
}

/** Extend: `imageRect` is the whole image in the frame (design units), `image` its turned size in pixels. */
export function extendEstimate(imageRect: Rect, size: Size, image: Size, mode: FluxMode): number {
  return estimateCredits(canvasAtImageDensity(size, imageRect.width, image.width), mode);
}
