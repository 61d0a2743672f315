import { describe, expect, it } from 'vitest';
import { cropRgba } from '../../../common/pixels/crop-rgba';
import { createRgba, type Rgba } from '../../../common/pixels/rgba';

/** Each pixel's red = x, green = y, so any misplaced copy is visible. */
function coordinates(width: number, height: number): Rgba {
  const img = createRgba(width, height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) img.data.set([x, y, 7, 255], (y * width + x) * 4);
  return img;
}

describe('cropRgba', () => {
  it('copies exactly the requested rectangle', () => {
    const out = cropRgba(coordinates(10, 8), { x: 3, y: 2, width: 4, height: 5 });
    expect([out.width, out.height]).toEqual([4, 5]);
    expect(Array.from(out.data.subarray(0, 4))).toEqual([3, 2, 7, 255]);
    const last = (5 * 4 - 1) * 4;
    expect(Array.from(out.data.subarray(last, last + 4))).toEqual([6, 6, 7, 255]);
  });

  it('refuses a rectangle that reaches outside the image', () => {
    expect(() => cropRgba(coordinates(10, 8), { x: 8, y: 0, width: 4, height: 2 })).toThrow(/outside the 10×8 image/);
  });
});
