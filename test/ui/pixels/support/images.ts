// Test images: the in-repo fixtures (test/fixtures/images/, sources in its SOURCES.md) and synthetic ones made here.
import { readFileSync } from 'node:fs';
import { createRgba, type Rgba } from '../../../../common/pixels/rgba';
import type { Rect } from '../../../../common/geometry/plan';

export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`../../../fixtures/images/${name}`, import.meta.url)));
}

/** A real-alpha image (logo.png is opaque: docs/toolchain.md, gotcha 2): alpha ramps 0→255 left to right, and
 *  fully transparent pixels still carry distinct colours, which a premultiplying codec would erase. */
export function alphaRamp(width: number, height: number): Rgba {
  const img = createRgba(width, height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      img.data[i] = (x * 7 + y * 3) % 256;
      img.data[i + 1] = (y * 5) % 256;
      img.data[i + 2] = (x * 11) % 256;
      img.data[i + 3] = Math.round((x * 255) / (width - 1));
    }
  }
  return img;
}

/** A smooth opaque gradient standing in for an engine's result. */
export function gradient(width: number, height: number): Rgba {
  const img = createRgba(width, height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      img.data[i] = Math.round((x * 255) / width);
      img.data[i + 1] = Math.round((y * 255) / height);
      img.data[i + 2] = 90;
      img.data[i + 3] = 255;
    }
  }
  return img;
}

export function pixelAt(img: Rgba, x: number, y: number): [number, number, number, number] {
  const i = (y * img.width + x) * 4;
  return [img.data[i]!, img.data[i + 1]!, img.data[i + 2]!, img.data[i + 3]!];
}

/** Pixels of `actual` inside `rect` that differ from `expected` placed at rect's top-left. */
export function mismatchesInRegion(actual: Rgba, rect: Rect, expected: Rgba): number {
  let count = 0;
  for (let y = 0; y < rect.height; y++) {
    for (let x = 0; x < rect.width; x++) {
      const a = pixelAt(actual, rect.x + x, rect.y + y);
      const e = pixelAt(expected, x, y);
      if (a.some((v, c) => v !== e[c])) count++;
    }
  }
  return count;
}

export function countMismatches(a: Rgba, b: Rgba): number {
  if (a.width !== b.width || a.height !== b.height) return Number.POSITIVE_INFINITY;
  return mismatchesInRegion(a, { x: 0, y: 0, width: a.width, height: a.height }, b);
}

export function cropOf(img: Rgba, rect: Rect): Rgba {
  const out = createRgba(rect.width, rect.height);
  for (let y = 0; y < rect.height; y++) {
    const from = ((rect.y + y) * img.width + rect.x) * 4;
    out.data.set(img.data.subarray(from, from + rect.width * 4), y * rect.width * 4);
  }
  return out;
}
