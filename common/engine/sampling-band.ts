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
  /**
   * The farthest pixel's distance to the known ones and the shorter side of their box, when the caller has
   * them already (the engine finds them while placing the reference and measuring distances).
   */
  extent: { depth: number; shorter: number } = extensionDepth(known, width, height, toKnown),
): SamplingBand {
  const { depth, shorter } = extent;
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
      // Every comparison runs from the first pixel on (the first known one comes late; README, speed); known
      // pixels are at distance 0, which never raises the depth.
      const k = known[i]!;
      if (x < x0 && k === 1) x0 = x;
      if (x > x1 && k === 1) x1 = x;
      if (y < y0 && k === 1) y0 = y;
      if (y > y1 && k === 1) y1 = y;
      if (toKnown[i]! > depth) depth = toKnown[i]!;
    }
  }
  return { depth, shorter: Math.min(x1 - x0 + 1, y1 - y0 + 1) };
}

/** Band width in pixels for an extension `depth` pixels deep and a reference whose shorter side is `shorter`. */
export function bandWidthFor(depth: number, shorter: number, settings: BandSettings): number {
  const cap = Math.max(settings.minWidth, settings.maxShareOfReference * Math.max(1, shorter));
  return Math.max(1, Math.round(Math.min(cap, Math.max(settings.minWidth, settings.perExtension * depth))));
}

/**
 * Known pixels whose chessboard distance to the nearest unknown pixel is at most `bandWidth`: those
 * with an unknown pixel in the (2·bandWidth + 1)² square around them, found as a row pass (an unknown
 * pixel within bandWidth along the row) and a column pass over it, with running counts. The same set
 * as a distance transform of the unknown pixels, in two passes instead of five, each row its own call
 * (V8 optimises a small per-row function after a few rows; README, speed).
 */
export function bandMask(known: Uint8Array, width: number, height: number, bandWidth: number): Uint8Array {
  const size = width * height;
  const w = Math.max(0, Math.floor(bandWidth));
  const rowNear = new Uint8Array(size);
  for (let y = 0; y < height; y++) unknownAlongRow(known, y * width, width, w, rowNear);
  const mask = new Uint8Array(size);
  const counts = new Int32Array(width);
  // counts[x]: rowNear pixels in column x over rows [y − w, y + w] (clipped), slid one row at a time.
  for (let y = 0; y < Math.min(height, w); y++) addRowCounts(rowNear, y * width, width, counts, 1);
  for (let y = 0; y < height; y++) {
    if (y + w < height) addRowCounts(rowNear, (y + w) * width, width, counts, 1);
    if (y - w - 1 >= 0) addRowCounts(rowNear, (y - w - 1) * width, width, counts, -1);
    markBandRow(known, y * width, width, counts, mask);
  }
  return mask;
}

/** out[row + x] = 1 when an unknown pixel lies in [x − w, x + w] of the row (clipped to it). */
function unknownAlongRow(known: Uint8Array, row: number, width: number, w: number, out: Uint8Array): void {
  // Unknown pixels in the window, which slides right one pixel per step.
  let count = 0;
  for (let x = 0; x < Math.min(width, w); x++) count += 1 - known[row + x]!;
  for (let x = 0; x < width; x++) {
    if (x + w < width) count += 1 - known[row + x + w]!;
    if (x - w - 1 >= 0) count -= 1 - known[row + x - w - 1]!;
    out[row + x] = count > 0 ? 1 : 0;
  }
}

function addRowCounts(rowNear: Uint8Array, row: number, width: number, counts: Int32Array, sign: number): void {
  for (let x = 0; x < width; x++) counts[x] = counts[x]! + sign * rowNear[row + x]!;
}

function markBandRow(known: Uint8Array, row: number, width: number, counts: Int32Array, mask: Uint8Array): void {
  // known is 0 or 1; counts are read for every pixel, the first known one coming late (README, speed).
  for (let x = 0; x < width; x++) mask[row + x] = counts[x]! > 0 ? known[row + x]! : 0;
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
