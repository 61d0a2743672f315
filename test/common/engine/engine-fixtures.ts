// Small images and measures shared by the engine tests.
import type { RgbaImage } from '../../../common/engine/outpaint-offline';

export function solidImage(width: number, height: number, rgba: [number, number, number, number]): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set(rgba, i * 4);
  return { data, width, height };
}

/** Deterministic colourful texture: diagonal stripes plus hashed noise, so patches differ. */
export function stripedNoiseImage(width: number, height: number): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const hash = (Math.imul(x + 1, 73856093) ^ Math.imul(y + 1, 19349663)) >>> 0;
      const i = (y * width + x) * 4;
      data[i] = ((x + y) % 12 < 6 ? 200 : 60) + (hash % 40);
      data[i + 1] = 40 + ((hash >>> 8) % 120);
      data[i + 2] = (x * 5) % 256;
      data[i + 3] = 255;
    }
  }
  return { data, width, height };
}

export function crop(image: RgbaImage, x: number, y: number, width: number, height: number): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let row = 0; row < height; row++) {
    const from = ((y + row) * image.width + x) * 4;
    data.set(image.data.subarray(from, from + width * 4), row * width * 4);
  }
  return { data, width, height };
}

export function pixelAt(image: RgbaImage, x: number, y: number): number[] {
  const i = (y * image.width + x) * 4;
  return Array.from(image.data.subarray(i, i + 4));
}

/** Coordinates of canvas pixels that differ from the reference placed at (ox, oy), over the reference area. */
export function changedReferencePixels(out: RgbaImage, reference: RgbaImage, ox: number, oy: number): number {
  let changed = 0;
  for (let y = 0; y < reference.height; y++) {
    for (let x = 0; x < reference.width; x++) {
      const cx = x + ox;
      const cy = y + oy;
      if (cx < 0 || cy < 0 || cx >= out.width || cy >= out.height) continue;
      const a = pixelAt(out, cx, cy);
      const b = pixelAt(reference, x, y);
      if (a.some((v, k) => v !== b[k])) changed++;
    }
  }
  return changed;
}

function luma(image: RgbaImage, x: number, y: number): number {
  const i = (y * image.width + x) * 4;
  return 0.299 * image.data[i]! + 0.587 * image.data[i + 1]! + 0.114 * image.data[i + 2]!;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

function inside(r: Rect, x: number, y: number): boolean {
  return x >= r.x && y >= r.y && x < r.x + r.width && y < r.y + r.height;
}

/** Mean luma gradient (|dx| + |dy|) over pixels outside `known` (and not touching it). */
export function meanGeneratedGradient(image: RgbaImage, known: Rect): number {
  const ring: Rect = { x: known.x - 1, y: known.y - 1, width: known.width + 2, height: known.height + 2 };
  let sum = 0;
  let n = 0;
  for (let y = 0; y < image.height - 1; y++) {
    for (let x = 0; x < image.width - 1; x++) {
      if (inside(ring, x, y)) continue;
      sum += Math.abs(luma(image, x + 1, y) - luma(image, x, y)) + Math.abs(luma(image, x, y + 1) - luma(image, x, y));
      n++;
    }
  }
  return sum / Math.max(1, n);
}

/**
 * Mean luma step across the border of `known` divided by the mean step between neighbours inside
 * it: ~1 for a natural continuation, well above 1 for a visible seam (engine-eval's "seam").
 */
export function seamRatio(image: RgbaImage, known: Rect): number {
  const x0 = known.x;
  const y0 = known.y;
  const x1 = known.x + known.width;
  const y1 = known.y + known.height;
  const steps: number[] = [];
  for (let y = y0; y < y1; y++) {
    if (x0 > 0) steps.push(Math.abs(luma(image, x0, y) - luma(image, x0 - 1, y)));
    if (x1 < image.width) steps.push(Math.abs(luma(image, x1, y) - luma(image, x1 - 1, y)));
  }
  for (let x = x0; x < x1; x++) {
    if (y0 > 0) steps.push(Math.abs(luma(image, x, y0) - luma(image, x, y0 - 1)));
    if (y1 < image.height) steps.push(Math.abs(luma(image, x, y1) - luma(image, x, y1 - 1)));
  }
  const jump = steps.reduce((a, b) => a + b, 0) / Math.max(1, steps.length);
  let inner = 0;
  let inners = 0;
  for (let y = y0; y < y1 - 1; y++) {
    for (let x = x0; x < x1 - 1; x++) {
      inner +=
        0.5 *
        (Math.abs(luma(image, x + 1, y) - luma(image, x, y)) + Math.abs(luma(image, x, y + 1) - luma(image, x, y)));
      inners++;
    }
  }
  return jump / Math.max(1e-6, inner / Math.max(1, inners));
}
