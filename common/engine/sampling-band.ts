import { distanceToKnown } from './distance-to-known';

// The sampling band: the only reference pixels the fill may copy from. Exemplar-based inpainting
// leaves the source region as a free choice: "the entire image minus the target region, a dilated
// band around the target region, or manually specified by the user" (Criminisi, Pérez & Toyama,
// "Region Filling and Object Removal by Exemplar-Based Image Inpainting", IEEE TIP 2004, §3). A band
// along the edges being extended keeps the fill to what continues across the edge (wall, sky,
// floor) and out of the subject in the middle of the picture, which a designer never wants cloned.

export interface BandSettings {
  /** Band width as a share of the extension's depth (the farthest generated pixel from the reference). */
  perExtension: number;
  /** …but never more than this share of the reference's shorter side, so the band stays at the edge. */
  maxShareOfReference: number;
  /** …and never less than this many pixels, so patches fit (still capped by the reference itself). */
  minWidth: number;
}

export interface SamplingBand {
  /** 1 where a known pixel lies within `width` pixels (chessboard) of a pixel to generate. */
  mask: Uint8Array;
  /** Band width in canvas pixels. */
  width: number;
}

/**
 * Chooses the band width from the extension and the reference, then marks the band (`toKnown`: each
 * pixel's distance to the nearest known one, when the caller has it already). The width grows
 * with the extension (a deep extension needs more varied sources than a thin strip), and is capped
 * by the reference's shorter side, so the band never reaches the middle of the picture.
 */
export function samplingBand(
  known: Uint8Array,
  width: number,
  height: number,
  settings: BandSettings,
  toKnown: Uint16Array = distanceToKnown(known, width, height),
): SamplingBand {
  const { depth, shorter } = extensionDepth(known, width, height, toKnown);
  const bandWidth = bandWidthFor(depth, shorter, settings);
  return { mask: bandMask(known, width, height, bandWidth), width: bandWidth };
}

/**
 * The farthest generated pixel's distance to the reference, and the shorter side of the known pixels' box. A
 * function of its own so V8's optimised code for this loop does not stop at what follows (see README, speed).
 */
function extensionDepth(
  known: Uint8Array,
  width: number,
  height: number,
  toKnown: Uint16Array,
): { depth: number; shorter: number } {
  let depth = 0;
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (known[i] === 1) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      } else if (toKnown[i]! > depth) {
        depth = toKnown[i]!;
      }
    }
  }
  return { depth, shorter: Math.min(x1 - x0 + 1, y1 - y0 + 1) };
}

/** Band width in pixels for an extension `depth` pixels deep and a reference whose shorter side is `shorter`. */
export function bandWidthFor(depth: number, shorter: number, settings: BandSettings): number {
  const cap = Math.max(settings.minWidth, settings.maxShareOfReference * Math.max(1, shorter));
  return Math.max(1, Math.round(Math.min(cap, Math.max(settings.minWidth, settings.perExtension * depth))));
}

/** Known pixels whose chessboard distance to the nearest unknown pixel is at most `bandWidth`. */
export function bandMask(known: Uint8Array, width: number, height: number, bandWidth: number): Uint8Array {
  const size = width * height;
  const unknown = new Uint8Array(size);
  invertMask(known, unknown);
  const toUnknown = distanceToKnown(unknown, width, height);
  const mask = new Uint8Array(size);
  markBand(known, toUnknown, bandWidth, mask);
  return mask;
}

function invertMask(mask: Uint8Array, out: Uint8Array): void {
  for (let i = 0; i < mask.length; i++) out[i] = mask[i] === 1 ? 0 : 1;
}

function markBand(known: Uint8Array, toUnknown: Uint16Array, bandWidth: number, mask: Uint8Array): void {
  for (let i = 0; i < mask.length; i++) mask[i] = known[i] === 1 && toUnknown[i]! <= bandWidth ? 1 : 0;
}

/**
 * Halves a mask the way the pyramid halves the known mask: a coarse pixel is set only when every
 * fine pixel under it is, so the band on a coarse level never covers more of the picture than the
 * band on the canvas.
 */
export function downsampleMask(fine: Uint8Array, fw: number, fh: number): Uint8Array {
  const width = (fw + 1) >> 1;
  const height = (fh + 1) >> 1;
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const r0 = y * 2 * fw;
    const r1 = Math.min(y * 2 + 1, fh - 1) * fw;
    for (let x = 0; x < width; x++) {
      const x0 = x * 2;
      const x1 = Math.min(x0 + 1, fw - 1);
      out[y * width + x] = fine[r0 + x0]! & fine[r0 + x1]! & fine[r1 + x0]! & fine[r1 + x1]!;
    }
  }
  return out;
}
