// Plans a set of social-format variants of one image: one frame per format, in a row to the right of the source,
// each holding the whole image at the size that fits (contain) at the chosen anchor.
import * as v from 'valibot';
import type { Rect, Size } from '../geometry/plan';
import { text, whole } from '../protocol/field-schemas';
import { anchorPlacement, formatName, type Anchor } from './format-presets';
import { containSize, placeImage } from './place-image';

/** Figma frames and our API plan are fine far beyond this, but a typo like 108000 should not make a 10 km frame. */
export const MAX_VARIANT_SIDE = 16384;
export const MAX_VARIANTS = 24;
/** Format labels and preset ids are short ("Instagram story"). */
export const MAX_LABEL_CHARS = 80;

/** A format as the designer chose it (a preset or a custom size), in design units; 'variants/create' carries a list. */
export const VariantFormatSchema = v.object({
  label: text(1, MAX_LABEL_CHARS),
  width: whole(1, MAX_VARIANT_SIDE),
  height: whole(1, MAX_VARIANT_SIDE),
});
export type VariantFormat = v.InferOutput<typeof VariantFormatSchema>;

export interface VariantFramePlan {
  name: string;
  /** Page position and size of the new frame. */
  frame: Rect;
  /** Where the whole (turned) image sits in the frame, in the frame's units. */
  image: Rect;
  /** False when the image already fills the format (same aspect): the frame is made but nothing is generated. */
  needsOutpaint: boolean;
}

export interface VariantsInput {
  /** The source node's box on the page (its absolute position and size). */
  source: Rect;
  /** The image as it is seen (stored pixels turned by the paint's quarter turns). */
  image: Size;
  formats: readonly VariantFormat[];
  anchor: Anchor;
  /** Space between frames; Figma's own "tidy up" leaves similar gaps. */
  gap?: number;
}

export const VARIANT_GAP = 80;

/** Below this many design units of band, the "generated" area is a rounding sliver, not something to outpaint. */
const SLIVER = 0.5;

export function planVariants(input: VariantsInput): VariantFramePlan[] {
  const gap = input.gap ?? VARIANT_GAP;
  const placement = anchorPlacement(input.anchor);
  let x = input.source.x + input.source.width + gap;
  return input.formats.map((format) => {
    const size: Size = { width: format.width, height: format.height };
    const fitted = containSize(size, input.image);
    const image = placeImage(size, fitted, placement);
    const plan: VariantFramePlan = {
      name: formatName(format.label, format.width, format.height),
      frame: { x, y: input.source.y, width: format.width, height: format.height },
      image,
      needsOutpaint: size.width - fitted.width > SLIVER || size.height - fitted.height > SLIVER,
    };
    x += format.width + gap;
    return plan;
  });
}

/** Why a format can't be made, in words for the designer, or null when it is fine. */
export function formatProblem(format: VariantFormat): string | null {
  const { width, height } = format;
  if (!Number.isFinite(width) || !Number.isFinite(height) || width < 1 || height < 1) {
    return 'Enter a width and height of at least 1';
  }
  if (width > MAX_VARIANT_SIDE || height > MAX_VARIANT_SIDE) return `Keep each side at most ${MAX_VARIANT_SIDE}`;
  if (!Number.isInteger(width) || !Number.isInteger(height)) return 'Use whole numbers for the width and height';
  return null;
}
