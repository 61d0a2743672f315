// The plan: what the API needs (`width`, `height`, `reference_offset_x/y`, `auto_crop`, docs/bfl-api.md, Outpainting request)
// and what the UI needs to prepare the reference and to compose the written image, all in image pixels.
// Declared as valibot schemas, from which both the types and the protocol's checks come
// (https://valibot.dev/guides/infer-types/): a plan travels inside selection reports and saved jobs.
import * as v from 'valibot';
import { MAX_PIXELS_SIDE, MAX_TEXT_CHARS, finite, list, text, whole } from '../protocol/field-schemas';

/** API and output pixels are whole; design units and ratios may be fractional. */
const pixels = whole(0, MAX_PIXELS_SIDE);
const pixelOffset = whole(-MAX_PIXELS_SIDE, MAX_PIXELS_SIDE);
const ratio = finite(0, MAX_PIXELS_SIDE);

/** Axis-aligned rectangle. Units are given by the field that holds it. */
export const RectSchema = v.object({
  x: finite(-MAX_PIXELS_SIDE, MAX_PIXELS_SIDE),
  y: finite(-MAX_PIXELS_SIDE, MAX_PIXELS_SIDE),
  width: ratio,
  height: ratio,
});
export type Rect = v.InferOutput<typeof RectSchema>;

/** A size in design units (fractional allowed). */
export const SizeSchema = v.object({ width: ratio, height: ratio });
export type Size = v.InferOutput<typeof SizeSchema>;

/** A size in pixels (whole). */
export const PixelSizeSchema = v.object({ width: pixels, height: pixels });

/** Quarter turns clockwise applied to the stored image before anything else (ImagePaint.rotation, docs/figma-plugin-api.md, Image paints). */
export const QuarterTurnsSchema = v.picklist([0, 1, 2, 3]);
export type QuarterTurns = v.InferOutput<typeof QuarterTurnsSchema>;

/** Which limit changed the density, if any (docs/figma-plugin-api.md, Where the image sits in a frame step 6; docs/bfl-api.md, Placement geometry). */
export const PlanLimitSchema = v.picklist(['api-min-side', 'api-max-pixels', 'figma-max-side']);
export type PlanLimit = v.InferOutput<typeof PlanLimitSchema>;

export const PlanSchema = v.object({
  /** API canvas `width` × `height`, in API pixels. */
  width: pixels,
  height: pixels,
  /** API `reference_offset_x/y`: top-left of the reference on the canvas, in API pixels; negative only with autoCrop. */
  offsetX: pixelOffset,
  offsetY: pixelOffset,
  /** API `auto_crop`: true when the reference is sent whole and overhangs the canvas. */
  autoCrop: v.boolean(),
  /** Rotation applied to the stored image's pixels first; `crop` is in the rotated image's pixels. */
  quarterTurns: QuarterTurnsSchema,
  /** The part of the (rotated) source image that is sent, in source pixels (integers). */
  crop: RectSchema,
  /**
   * Size of the reference as sent: crop × scale, rounded edge by edge (so it may differ from crop × scale by 1 px
   * and always stays inside the canvas); equal to the crop's size when scale is 1; the whole image with autoCrop.
   */
  reference: PixelSizeSchema,
  /** API pixels per source pixel: 1 keeps native resolution; < 1 when a maximum bit, > 1 when the 64 px minimum bit. */
  scale: ratio,
  /** Source pixels per design unit (k) along x: the image's native density in the frame (y agrees within ½ px). */
  density: ratio,
  limitedBy: list(PlanLimitSchema, 3),
  /** The image written back into the frame: native density where Figma's 4096 px cap allows. */
  output: v.object({
    width: pixels,
    height: pixels,
    /**
     * Where the crop lands on the output, in output pixels; at scale 1 the crop pastes 1:1 and fits inside.
     * With autoCrop this is the whole image's origin (may be negative: paste and drop the overhang).
     */
    offsetX: pixelOffset,
    offsetY: pixelOffset,
    /** Output pixels per source pixel (≤ 1). */
    scale: ratio,
  }),
  /** Fast mode's extra rules, checked before anything is sent (docs/bfl-api.md, Placement geometry, third-party pre-checks). */
  fastMode: v.object({ allowed: v.boolean(), problems: list(text(0, MAX_TEXT_CHARS), 100) }),
  /** Megapixels of the API canvas, for cost estimates. */
  megapixels: ratio,
});
export type Plan = v.InferOutput<typeof PlanSchema>;
