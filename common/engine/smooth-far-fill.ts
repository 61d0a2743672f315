import type { EngineLevel } from './engine-level';

export interface SmoothFarFillOptions {
  /** Radius in pixels of the low-pass (three box passes, close to a Gaussian of σ ≈ radius). */
  radius: number;
  /** Distance from the reference (pixels) where the blend toward the low-pass starts… */
  start: number;
  /** …and the distance over which it ramps up to `maxBlend`. */
  ramp: number;
  /** Share of the low-pass in the colour of the farthest pixels (0 = off, 1 = only the low-pass). */
  maxBlend: number;
  /**
   * Per side of the reference, a factor on `maxBlend` (0..1); a pixel beyond a corner takes the mean of its two
   * sides'. Left out: 1 everywhere.
   */
  sides?: {
    rect: { x0: number; y0: number; x1: number; y1: number };
    factor: Record<'left' | 'right' | 'top' | 'bottom', number>;
  };
  /**
   * Radius in pixels of the finest detail kept whole (grain, mortar lines, stars): only the band of
   * scales between this and `radius` is taken out. 0 = blend the whole of the detail away.
   */
  keepRadius?: number;
}

/**
 * Far from the reference the copied patches rest on weak evidence: the scene there is a guess, and
 * a sharp wrong guess (a repeated object edge, a cut-off eye) reads worse than a soft one. Each
 * generated pixel is blended toward a low-pass of the synthesis itself, more the farther it lies
 * from the reference: the fill keeps its layout (horizon, floor, light) and loses the detail it
 * cannot vouch for. This is the perception–distortion trade-off made deliberately by distance
 * (Blau & Michaeli, "The Perception-Distortion Tradeoff", CVPR 2018); the confidence that falls
 * with distance is Wexler, Shechtman & Irani's (TPAMI 2007). Known pixels are never changed.
 */
export function smoothFarFill(level: EngineLevel, toKnown: Uint16Array, options: SmoothFarFillOptions): void {
  const { width, height, rgb, known } = level;
  const { start, ramp, maxBlend } = options;
  const radius = Math.max(1, Math.round(options.radius));
  if (maxBlend <= 0) return;
  // No side to soften (the usual case for textures, skies and walls): skip the low-pass altogether.
  const f = options.sides?.factor;
  if (f && f.left <= 0 && f.right <= 0 && f.top <= 0 && f.bottom <= 0) return;
  const low = Float32Array.from(rgb);
  const scratch = new Float32Array(Math.max(width, height) * 3);
  for (let pass = 0; pass < 3; pass++) {
    boxBlurRows(low, width, height, radius, scratch);
    boxBlurColumns(low, width, height, radius, scratch);
  }
  // The fill minus its finest detail: the blend below removes only scales between keepRadius and radius.
  const keep = Math.round(options.keepRadius ?? 0);
  let coarse = rgb;
  if (keep >= 1) {
    coarse = Float32Array.from(rgb);
    for (let pass = 0; pass < 3; pass++) {
      boxBlurRows(coarse, width, height, keep, scratch);
      boxBlurColumns(coarse, width, height, keep, scratch);
    }
  }
  const span = Math.max(1, ramp);
  const sides = options.sides;
  for (let i = 0; i < width * height; i++) {
    if (known[i] === 1) continue;
    const t = (toKnown[i]! - start) / span;
    if (t <= 0) continue;
    const a = maxBlend * (t >= 1 ? 1 : t) * (sides ? sideFactor(sides, i % width, Math.floor(i / width)) : 1);
    if (a <= 0) continue;
    const o = i * 3;
    rgb[o] = rgb[o]! + a * (low[o]! - coarse[o]!);
    rgb[o + 1] = rgb[o + 1]! + a * (low[o + 1]! - coarse[o + 1]!);
    rgb[o + 2] = rgb[o + 2]! + a * (low[o + 2]! - coarse[o + 2]!);
  }
}

/** The factor of the side (or the mean of the two sides, beyond a corner) a pixel outside the reference lies on. */
function sideFactor(sides: NonNullable<SmoothFarFillOptions['sides']>, x: number, y: number): number {
  const { rect, factor } = sides;
  let sum = 0;
  let n = 0;
  if (x < rect.x0) {
    sum += factor.left;
    n++;
  } else if (x >= rect.x1) {
    sum += factor.right;
    n++;
  }
  if (y < rect.y0) {
    sum += factor.top;
    n++;
  } else if (y >= rect.y1) {
    sum += factor.bottom;
    n++;
  }
  // Inside the reference's rectangle (a transparent hole): known pixels all round, so no softening.
  return n === 0 ? 0 : sum / n;
}

/** Running-sum box blur along rows; the window is clamped at the image edges (mean of what is inside). */
function boxBlurRows(data: Float32Array, width: number, height: number, radius: number, line: Float32Array): void {
  for (let y = 0; y < height; y++) {
    const row = y * width * 3;
    for (let k = 0; k < width * 3; k++) line[k] = data[row + k]!;
    blurLine(line, width, radius, data, row, 3);
  }
}

function boxBlurColumns(data: Float32Array, width: number, height: number, radius: number, line: Float32Array): void {
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) {
      const o = (y * width + x) * 3;
      line[y * 3] = data[o]!;
      line[y * 3 + 1] = data[o + 1]!;
      line[y * 3 + 2] = data[o + 2]!;
    }
    blurLine(line, height, radius, data, x * 3, width * 3);
  }
}

/** Blurs `n` RGB entries of `line` into `out` at `offset + k·stride`. */
function blurLine(
  line: Float32Array,
  n: number,
  radius: number,
  out: Float32Array,
  offset: number,
  stride: number,
): void {
  let r = 0;
  let g = 0;
  let b = 0;
  let lo = 0;
  let hi = -1;
  for (let k = 0; k < n; k++) {
    const want = Math.min(n - 1, k + radius);
    while (hi < want) {
      hi++;
      r += line[hi * 3]!;
      g += line[hi * 3 + 1]!;
      b += line[hi * 3 + 2]!;
    }
    const from = Math.max(0, k - radius);
    while (lo < from) {
      r -= line[lo * 3]!;
      g -= line[lo * 3 + 1]!;
      b -= line[lo * 3 + 2]!;
      lo++;
    }
    const count = hi - lo + 1;
    const o = offset + k * stride;
    out[o] = r / count;
    out[o + 1] = g / count;
    out[o + 2] = b / count;
  }
}
