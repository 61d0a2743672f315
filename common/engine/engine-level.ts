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
  const frgb = fine.rgb;
  const fknown = fine.known;
  for (let y = 0; y < height; y++) {
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
      for (let k = 0; k < 4; k++) {
        const fi = (k < 2 ? y0 : y1) * fw + ((k & 1) === 0 ? x0 : x1);
        if (fknown[fi] === 1) {
          r += frgb[fi * 3]!;
          g += frgb[fi * 3 + 1]!;
          b += frgb[fi * 3 + 2]!;
          n++;
        } else {
          all = 0;
        }
      }
      const ci = y * width + x;
      if (n > 0) {
        rgb[ci * 3] = r / n;
        rgb[ci * 3 + 1] = g / n;
        rgb[ci * 3 + 2] = b / n;
      }
      known[ci] = all;
    }
  }
  return { width, height, rgb, known };
}

/** Fills the unknown pixels of `fine` with the colour of the coarse pixel above them (a starting guess). */
export function upsampleUnknownColours(coarse: EngineLevel, fine: EngineLevel): void {
  const fw = fine.width;
  const cw = coarse.width;
  const fh = fine.height;
  const frgb = fine.rgb;
  const crgb = coarse.rgb;
  const fknown = fine.known;
  for (let y = 0; y < fh; y++) {
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
}

export function countKnown(level: EngineLevel): number {
  let n = 0;
  const k = level.known;
  for (let i = 0; i < k.length; i++) n += k[i]!;
  return n;
}
