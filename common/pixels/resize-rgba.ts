import { createRgba, type Rgba } from './rgba';

/**
 * Resizes to `width` × `height`. Shrinking averages the exact source area under each output pixel (box filter
 * with fractional coverage: no aliasing, no ringing); enlarging uses Catmull-Rom cubic interpolation (sharper
 * than bilinear, the usual choice for photographic upscales). Both axes run separately on premultiplied
 * colour so fully transparent pixels never bleed their hidden colour into visible neighbours.
 */
export function resizeRgba(img: Rgba, width: number, height: number): Rgba {
  if (width === img.width && height === img.height) return img;
  const out = createRgba(width, height);
  const sw = img.width;
  const sh = img.height;
  const premultiplied = premultiply(img.data);
  // Horizontal first: the intermediate buffer is sh × width.
  const across = axisWeights(sw, width);
  const tmp = new Float32Array(sh * width * 4);
  for (let y = 0; y < sh; y++) {
    const srcRow = y * sw * 4;
    const dstRow = y * width * 4;
    for (let x = 0; x < width; x++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      const start = across.start[x]!;
      const first = across.offset[x]!;
      const count = across.count[x]!;
      for (let k = 0; k < count; k++) {
        const w = across.weight[first + k]!;
        const i = srcRow + (start + k) * 4;
        r += premultiplied[i]! * w;
        g += premultiplied[i + 1]! * w;
        b += premultiplied[i + 2]! * w;
        a += premultiplied[i + 3]! * w;
      }
      const o = dstRow + x * 4;
      tmp[o] = r;
      tmp[o + 1] = g;
      tmp[o + 2] = b;
      tmp[o + 3] = a;
    }
  }
  const down = axisWeights(sh, height);
  const rowFloats = width * 4;
  const data = out.data;
  for (let y = 0; y < height; y++) {
    const start = down.start[y]!;
    const first = down.offset[y]!;
    const count = down.count[y]!;
    const dstRow = y * rowFloats;
    for (let x = 0; x < rowFloats; x += 4) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let k = 0; k < count; k++) {
        const w = down.weight[first + k]!;
        const i = (start + k) * rowFloats + x;
        r += tmp[i]! * w;
        g += tmp[i + 1]! * w;
        b += tmp[i + 2]! * w;
        a += tmp[i + 3]! * w;
      }
      const o = dstRow + x;
      if (a <= 0) {
        data[o] = 0;
        data[o + 1] = 0;
        data[o + 2] = 0;
        data[o + 3] = 0;
        continue;
      }
      const alpha = a > 255 ? 255 : a;
      const unpremultiply = 255 / alpha;
      data[o] = Math.round(Math.min(r, alpha) * unpremultiply);
      data[o + 1] = Math.round(Math.min(g, alpha) * unpremultiply);
      data[o + 2] = Math.round(Math.min(b, alpha) * unpremultiply);
      data[o + 3] = Math.round(alpha);
    }
  }
  return out;
}

interface AxisWeights {
  start: Int32Array;
  count: Int32Array;
  offset: Int32Array;
  weight: Float32Array;
}

function axisWeights(from: number, to: number): AxisWeights {
  const start = new Int32Array(to);
  const count = new Int32Array(to);
  const offset = new Int32Array(to);
  const weights: number[] = [];
  const ratio = from / to;
  for (let i = 0; i < to; i++) {
    const taps: Array<[number, number]> = ratio > 1 ? areaTaps(i, ratio, from) : cubicTaps(i, ratio, from);
    const total = taps.reduce((sum, [, w]) => sum + w, 0);
    const first = taps[0]![0];
    start[i] = first;
    count[i] = taps.length;
    offset[i] = weights.length;
    // Taps are contiguous source indices from `first`, so weights are stored in order.
    for (const [, w] of taps) weights.push(w / total);
  }
  return { start, count, offset, weight: Float32Array.from(weights) };
}

/** Source pixels overlapping [i·ratio, (i+1)·ratio) with their overlap lengths. */
function areaTaps(i: number, ratio: number, size: number): Array<[number, number]> {
  const lo = i * ratio;
  const hi = Math.min(size, (i + 1) * ratio);
  const taps: Array<[number, number]> = [];
  for (let j = Math.floor(lo); j < hi; j++) {
    const overlap = Math.min(hi, j + 1) - Math.max(lo, j);
    if (overlap > 1e-9) taps.push([j, overlap]);
  }
  return taps;
}

/** Catmull-Rom (Keys, a = −0.5) taps around the output pixel's centre, edges clamped by merging weights. */
function cubicTaps(i: number, ratio: number, size: number): Array<[number, number]> {
  const centre = (i + 0.5) * ratio - 0.5;
  const base = Math.floor(centre);
  const byIndex = new Map<number, number>();
  for (let j = base - 1; j <= base + 2; j++) {
    const w = keys(centre - j);
    if (w === 0) continue;
    const clamped = Math.min(size - 1, Math.max(0, j));
    byIndex.set(clamped, (byIndex.get(clamped) ?? 0) + w);
  }
  const lo = Math.min(...byIndex.keys());
  const hi = Math.max(...byIndex.keys());
  const taps: Array<[number, number]> = [];
  for (let j = lo; j <= hi; j++) taps.push([j, byIndex.get(j) ?? 0]);
  return taps;
}

function keys(distance: number): number {
  const t = Math.abs(distance);
  if (t < 1) return 1.5 * t * t * t - 2.5 * t * t + 1;
  if (t < 2) return -0.5 * t * t * t + 2.5 * t * t - 4 * t + 2;
  return 0;
}

function premultiply(data: Uint8ClampedArray): Float32Array {
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i += 4) {
    const a = data[i + 3]!;
    const f = a / 255;
    out[i] = data[i]! * f;
    out[i + 1] = data[i + 1]! * f;
    out[i + 2] = data[i + 2]! * f;
    out[i + 3] = a;
  }
  return out;
}
