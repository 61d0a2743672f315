// The plan: what the API needs (`width`, `height`, `reference_offset_x/y`, `auto_crop`, docs/bfl-api.md, Outpainting request)
// and what the UI needs to prepare the reference and to compose the written image, all in image pixels.

/** Axis-aligned rectangle. Units are given by the field that holds it. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Size {
  width: number;
  height: number;
}

/** Quarter turns clockwise applied to the stored image before anything else (ImagePaint.rotation, docs/figma-plugin-api.md, Image paints). */
export type QuarterTurns = 0 | 1 | 2 | 3;

/** Which limit changed the density, if any (docs/figma-plugin-api.md, Where the image sits in a frame step 6; docs/bfl-api.md, Placement geometry). */
export type PlanLimit = 'api-min-side' | 'api-max-pixels' | 'figma-max-side';

export interface Plan {
  /** API canvas `width` × `height`, in API pixels. */
  width: number;
  height: number;
  /** API `reference_offset_x/y`: top-left of the reference on the canvas, in API pixels; negative only with autoCrop. */
  offsetX: number;
  offsetY: number;
  /** API `auto_crop`: true when the reference is sent whole and overhangs the canvas. */
  autoCrop: boolean;
  /** Rotation applied to the stored image's pixels first; `crop` is in the rotated image's pixels. */
  quarterTurns: QuarterTurns;
  /** The part of the (rotated) source image that is sent, in source pixels (integers). */
  crop: Rect;
  /**
   * Size of the reference as sent: crop × scale, rounded edge by edge (so it may differ from crop × scale by 1 px
   * and always stays inside the canvas); equal to the crop's size when scale is 1; the whole image with autoCrop.
   */
  reference: Size;
  /** API pixels per source pixel: 1 keeps native resolution; < 1 when a maximum bit, > 1 when the 64 px minimum bit. */
  scale: number;
  /** Source pixels per design unit (k) along x: the image's native density in the frame (y agrees within ½ px). */
  density: number;
  limitedBy: PlanLimit[];
  /** The image written back into the frame: native density where Figma's 4096 px cap allows. */
  output: {
    width: number;
    height: number;
    /**
     * Where the crop lands on the output, in output pixels; at scale 1 the crop pastes 1:1 and fits inside.
     * With autoCrop this is the whole image's origin (may be negative: paste and drop the overhang).
     */
    offsetX: number;
    offsetY: number;
    /** Output pixels per source pixel (≤ 1). */
    scale: number;
  };
  /** Fast mode's extra rules, checked before anything is sent (docs/bfl-api.md, Placement geometry, third-party pre-checks). */
  fastMode: { allowed: boolean; problems: string[] };
  /** Megapixels of the API canvas, for cost estimates. */
  megapixels: number;
}
