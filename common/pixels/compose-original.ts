import { createRgba, type Rgba } from './rgba';

export interface ComposeOriginalInput {
  /** The generated image, already at the written image's size. */
  generated: Rgba;
  /** The original pixels at the written image's density; pasted exactly, alpha included. */
  original: Rgba;
  /** Where the original's top-left lands on the generated image (may overhang; the overhang is dropped). */
  x: number;
  y: number;
  /** Seam feather width in pixels on the generated side; 0 = hard edge. */
  feather: number;
}

/**
 * Pastes the original on top of the generated image so the original region is pixel-exact (docs/designer-expectations.md #3: a model
 * round trip alters untouched pixels; the cure is compositing in pixel space), then hides the seam.
 *
 * Why a colour-offset feather, not an alpha blend: any blend across the border would change original pixels.
 * Instead the generated band just outside the border is corrected. At each border pixel the offset is
 * `original − generated just outside it` (the step across the border: the model's tone drift, whether or not its
 * own copy of the reference edge drifted alike), smoothed along the edge over `feather` px so only the
 * low-frequency drift moves (no edge detail is smeared outward). Generated pixels
 * within `feather` px of the border receive that offset, fading linearly to nothing, so the new area meets the
 * original without a step and is untouched farther out (docs/designer-expectations.md #1, #2). The offset is weighted by the
 * original's alpha: a transparent edge has no colour to match.
 */
export function composeOriginal(input: ComposeOriginalInput): Rgba {
  const { generated, original, feather } = input;
  const W = generated.width;
  const H = generated.height;
  const x0 = Math.max(0, input.x);
  const y0 = Math.max(0, input.y);
  const x1 = Math.min(W, input.x + original.width);
  const y1 = Math.min(H, input.y + original.height);
  if (x1 <= x0 || y1 <= y0) throw new RangeError('The original does not overlap the generated image');
  const out = createRgba(W, H);
  out.data.set(generated.data);
  const band = Math.max(0, Math.round(feather));
  if (band > 0) featherBand(out, input, { x0, y0, x1, y1 }, band);
  const rowBytes = (x1 - x0) * 4;
  for (let y = y0; y < y1; y++) {
    const from = ((y - input.y) * original.width + (x0 - input.x)) * 4;
    out.data.set(original.data.subarray(from, from + rowBytes), (y * W + x0) * 4);
  }
  return out;
}

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

function featherBand(out: Rgba, input: ComposeOriginalInput, box: Box, band: number): void {
  const { original } = input;
  const W = out.width;
  const H = out.height;
  const { x0, y0, x1, y1 } = box;
  // Offset (RGB, alpha-weighted) across the border: the original's edge pixel (x, y) minus the generated pixel
  // just outside it (x + dx, y + dy) — the step a designer would see. Measured across the border, not on the model's
  // own copy of the edge: a model may carry the reference's tone into the new area without matching its copy (a
  // multi-pass reference holds earlier passes' drift, so its overall tone differs from its edge's).
  const offsetAt = (x: number, y: number, dx: number, dy: number): [number, number, number] => {
    const g = ((y + dy) * W + x + dx) * 4;
    const o = ((y - input.y) * original.width + (x - input.x)) * 4;
    const a = original.data[o + 3]! / 255;
    return [
      (original.data[o]! - out.data[g]!) * a,
      (original.data[o + 1]! - out.data[g + 1]!) * a,
      (original.data[o + 2]! - out.data[g + 2]!) * a,
    ];
  };
  const side = (length: number, at: (i: number) => [number, number, number]): Float32Array => {
    const raw = new Float32Array(length * 3);
    for (let i = 0; i < length; i++) raw.set(at(i), i * 3);
    return smooth(smooth(raw, length, band), length, band);
  };
  // A side at the canvas's edge has no band; its offsets are never read.
  const none = (length: number) => new Float32Array(length * 3);
  const top = y0 > 0 ? side(x1 - x0, (i) => offsetAt(x0 + i, y0, 0, -1)) : none(x1 - x0);
  const bottom = y1 < H ? side(x1 - x0, (i) => offsetAt(x0 + i, y1 - 1, 0, 1)) : none(x1 - x0);
  const left = x0 > 0 ? side(y1 - y0, (i) => offsetAt(x0, y0 + i, -1, 0)) : none(y1 - y0);
  const right = x1 < W ? side(y1 - y0, (i) => offsetAt(x1 - 1, y0 + i, 1, 0)) : none(y1 - y0);
  const data = out.data;
  const fromX = Math.max(0, x0 - band);
  const toX = Math.min(W, x1 + band);
  const fromY = Math.max(0, y0 - band);
  const toY = Math.min(H, y1 + band);
  for (let y = fromY; y < toY; y++) {
    const dy = y < y0 ? y0 - y : y >= y1 ? y - y1 + 1 : 0;
    for (let x = fromX; x < toX; x++) {
      const dx = x < x0 ? x0 - x : x >= x1 ? x - x1 + 1 : 0;
      if (dx === 0 && dy === 0) continue;
      const distance = Math.sqrt(dx * dx + dy * dy);
      if (distance > band) continue;
      // Full offset next to the border, fading linearly to nothing just past `band` px out.
      const weight = 1 - (distance - 1) / band;
      const cx = Math.min(x1 - 1, Math.max(x0, x)) - x0;
      const cy = Math.min(y1 - 1, Math.max(y0, y)) - y0;
      let r: number, g: number, b: number;
      if (dx > 0 && dy > 0) {
        // Corner: the nearest border pixel is the corner, shared by two edges.
        const h = y < y0 ? top : bottom;
        const v = x < x0 ? left : right;
        r = (h[cx * 3]! + v[cy * 3]!) / 2;
        g = (h[cx * 3 + 1]! + v[cy * 3 + 1]!) / 2;
        b = (h[cx * 3 + 2]! + v[cy * 3 + 2]!) / 2;
      } else if (dy > 0) {
        const h = y < y0 ? top : bottom;
        r = h[cx * 3]!;
        g = h[cx * 3 + 1]!;
        b = h[cx * 3 + 2]!;
      } else {
        const v = x < x0 ? left : right;
        r = v[cy * 3]!;
        g = v[cy * 3 + 1]!;
        b = v[cy * 3 + 2]!;
      }
      const i = (y * W + x) * 4;
      data[i] = Math.round(data[i]! + r * weight);
      data[i + 1] = Math.round(data[i + 1]! + g * weight);
      data[i + 2] = Math.round(data[i + 2]! + b * weight);
    }
  }
}

/** Box blur of radius `radius` over `length` RGB triples, ends clamped. */
function smooth(values: Float32Array, length: number, radius: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let c = 0; c < 3; c++) {
    const prefix = new Float64Array(length + 1);
    for (let i = 0; i < length; i++) prefix[i + 1] = prefix[i]! + values[i * 3 + c]!;
    for (let i = 0; i < length; i++) {
      const lo = Math.max(0, i - radius);
      const hi = Math.min(length, i + radius + 1);
      out[i * 3 + c] = (prefix[hi]! - prefix[lo]!) / (hi - lo);
    }
  }
  return out;
}
