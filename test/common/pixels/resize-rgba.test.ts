import { describe, expect, it } from 'vitest';
import { resizeRgba } from '../../../common/pixels/resize-rgba';
import { createRgba, type Rgba } from '../../../common/pixels/rgba';

function fill(width: number, height: number, pick: (x: number, y: number) => [number, number, number, number]): Rgba {
  const img = createRgba(width, height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) img.data.set(pick(x, y), (y * width + x) * 4);
  return img;
}

const px = (img: Rgba, x: number, y: number) =>
  Array.from(img.data.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 4));

describe('resizeRgba', () => {
  it('halving averages each 2×2 block of source pixels', () => {
    const src = fill(4, 2, (x, y) => [x * 40 + y * 10, 100, 200 - x * 20, 255]);
    const out = resizeRgba(src, 2, 1);
    // Block x 0–1: red 0,40,10,50 → 25; blue 200,180,200,180 → 190.
    expect(px(out, 0, 0)).toEqual([25, 100, 190, 255]);
    expect(px(out, 1, 0)).toEqual([105, 100, 150, 255]);
  });

  it('keeps a flat colour flat when enlarging or shrinking by uneven factors', () => {
    const src = fill(7, 5, () => [12, 200, 99, 255]);
    for (const [w, h] of [
      [17, 11],
      [3, 2],
      [7, 13],
    ] as const) {
      const out = resizeRgba(src, w, h);
      expect([out.width, out.height]).toEqual([w, h]);
      for (let i = 0; i < out.data.length; i += 4)
        expect(Array.from(out.data.subarray(i, i + 4))).toEqual([12, 200, 99, 255]);
    }
  });

  it('never lets the hidden colour of transparent pixels bleed into visible ones', () => {
    // Left half invisible red, right half opaque blue.
    const src = fill(8, 4, (x) => (x < 4 ? [255, 0, 0, 0] : [0, 0, 255, 255]));
    for (const out of [resizeRgba(src, 3, 2), resizeRgba(src, 13, 5)]) {
      for (let i = 0; i < out.data.length; i += 4) {
        if (out.data[i + 3]! > 0) expect(out.data[i]).toBe(0);
      }
    }
  });

  it('returns the same image when the size does not change', () => {
    const src = fill(3, 3, (x, y) => [x, y, 0, 255]);
    expect(resizeRgba(src, 3, 3)).toBe(src);
  });
});
