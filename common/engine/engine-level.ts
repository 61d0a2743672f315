// One level of the image pyramid the engine works on: RGB as floats (votes average colours) and a
// mask of the pixels that come from the reference (the only pixels patches may be copied from).
export interface EngineLevel {
  width: number;
  height: number;
  /** RGB, 3 floats per pixel, 0..255. */
  rgb: Float32Array;
  /** 1 where the pixel is a known reference pixel, 0 where it must be generated. */
  known: Uint8Array;
}

/**
 * Halves a level. A coarse pixel is known only when every fine pixel under it is known, so coarse
 * source patches never mix in unknown colours; its colour is the mean of its known fine pixels.
 */
export function downsampleLevel(fine: EngineLevel): EngineLevel {
  const fw = fine.width;
  const fh = fine.height;
  const width = (fw + 1) >> 1;
  const height = (fh + 1) >> 1;
  const rgb = new Float32Array(width * height * 3);
  const known = new Uint8Array(width * height);
  // One row per call: V8 optimises the row once, as a whole function, for every level; a loop over the level
  // was optimised mid-loop (on-stack replacement), then compiled again for the next level (see README, speed).
  for (let y = 0; y < height; y++) halveRow(fine, width, rgb, known, y);
  return engineLevel(width, height, rgb, known);
}

/**
 * A level as a class instance, not an object literal: levels are made one after another, and V8 widens the
 * field types of an object literal's shape the second time it runs, throwing away the optimised code that
 * relied on them (see patch-match-search.ts and README, speed).
 */
export function engineLevel(width: number, height: number, rgb: Float32Array, known: Uint8Array): EngineLevel {
  return new Level(width, height, rgb, known);
}

class Level implements EngineLevel {
  readonly width: number;
  readonly height: number;
  readonly rgb: Float32Array;
  readonly known: Uint8Array;
  constructor(width: number, height: number, rgb: Float32Array, known: Uint8Array) {
    this.width = width;
    this.height = height;
    this.rgb = rgb;
    this.known = known;
  }
}

function halveRow(fine: EngineLevel, width: number, rgb: Float32Array, known: Uint8Array, y: number): void {
  const fw = fine.width;
  const fh = fine.height;
  const frgb = fine.rgb;
  const fknown = fine.known;
  const y0 = y * 2;
  const y1 = Math.min(y0 + 1, fh - 1);
  for (let x = 0; x < width; x++) {
    const x0 = x * 2;
    const x1 = Math.min(x0 + 1, fw - 1);
    let r = 0;
    let g = 0;
    let b = 0;
    let n = 0;
    let all = 1;
    // One path for every pixel, known or not: the first known pixels come late (the reference is in the
    // middle), and code optimised before them would stop at a separate branch (README, speed). An unknown
    // fine pixel adds 0 × its finite colour, which leaves the sum as it was; with none known, 0 / 1 writes the 0
    // the array already holds.
    for (let k = 0; k < 4; k++) {
      const fi = (k < 2 ? y0 : y1) * fw + ((k & 1) === 0 ? x0 : x1);
      const kn = fknown[fi]!;
      r += kn * frgb[fi * 3]!;
      g += kn * frgb[fi * 3 + 1]!;
      b += kn * frgb[fi * 3 + 2]!;
      n += kn;
      all &= kn;
    }
    const ci = y * width + x;
    const divisor = n > 0 ? n : 1;
    rgb[ci * 3] = r / divisor;
    rgb[ci * 3 + 1] = g / divisor;
    rgb[ci * 3 + 2] = b / divisor;
    known[ci] = all;
  }
}

/** Fills the unknown pixels of `fine` with the colour of the coarse pixel above them (a starting guess). */
export function upsampleUnknownColours(coarse: EngineLevel, fine: EngineLevel): void {
  // One row per call, optimised once for every level (README, speed).
  for (let y = 0; y < fine.height; y++) upsampleRow(coarse, fine, y);
}

function upsampleRow(coarse: EngineLevel, fine: EngineLevel, y: number): void {
  const fw = fine.width;
  const cw = coarse.width;
  const frgb = fine.rgb;
  const crgb = coarse.rgb;
  const fknown = fine.known;
  const fRow = y * fw;
  const cRow = (y >> 1) * cw;
  for (let x = 0; x < fw; x++) {
    const fi = fRow + x;
    if (fknown[fi] === 1) continue;
    const ci = cRow + (x >> 1);
    frgb[fi * 3] = crgb[ci * 3]!;
    frgb[fi * 3 + 1] = crgb[ci * 3 + 1]!;
    frgb[fi * 3 + 2] = crgb[ci * 3 + 2]!;
  }
}

/** Number of 1s in a 0/1 mask. */
export function countSet(mask: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) n += mask[i]!;
  return n;
}
