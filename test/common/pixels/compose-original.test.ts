import { describe, expect, it } from 'vitest';
import { composeOriginal } from '../../../common/pixels/compose-original';
import { createRgba, type Rgba } from '../../../common/pixels/rgba';

function solid(width: number, height: number, rgba: [number, number, number, number]): Rgba {
  const img = createRgba(width, height);
  for (let i = 0; i < width * height; i++) img.data.set(rgba, i * 4);
  return img;
}

const px = (img: Rgba, x: number, y: number) =>
  Array.from(img.data.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 4));

describe('composeOriginal', () => {
  const generated = solid(40, 30, [100, 100, 100, 255]);
  const original = solid(10, 8, [160, 40, 100, 255]);

  it('pastes the original exactly at its place', () => {
    const out = composeOriginal({ generated, original, x: 12, y: 9, feather: 4 });
    for (let y = 9; y < 17; y++) for (let x = 12; x < 22; x++) expect(px(out, x, y)).toEqual([160, 40, 100, 255]);
  });

  it('shifts the generated band toward the original edge, fading out over the feather width', () => {
    const out = composeOriginal({ generated, original, x: 12, y: 9, feather: 4 });
    const reds = [11, 10, 9, 8, 7].map((x) => px(out, x, 12)[0]!);
    expect(reds[0]).toBe(160); // next to the border: the full offset
    for (let k = 1; k < reds.length; k++) expect(reds[k]!).toBeLessThan(reds[k - 1]!);
    expect(reds[4]).toBe(100); // beyond the band: untouched
  });

  it('with feather 0 leaves every generated pixel outside the original unchanged', () => {
    const out = composeOriginal({ generated, original, x: 12, y: 9, feather: 0 });
    expect(px(out, 11, 12)).toEqual([100, 100, 100, 255]);
    expect(px(out, 22, 16)).toEqual([100, 100, 100, 255]);
  });

  it('drops the part of the original that overhangs the canvas', () => {
    const out = composeOriginal({ generated, original, x: -3, y: 25, feather: 0 });
    expect(px(out, 0, 25)).toEqual([160, 40, 100, 255]);
    expect(px(out, 6, 29)).toEqual([160, 40, 100, 255]);
    expect(px(out, 7, 29)).toEqual([100, 100, 100, 255]);
  });

  it('keeps transparent original pixels transparent and does not tint the band from an invisible edge', () => {
    const clear = solid(10, 8, [255, 0, 0, 0]);
    const out = composeOriginal({ generated, original: clear, x: 12, y: 9, feather: 4 });
    expect(px(out, 15, 12)).toEqual([255, 0, 0, 0]);
    expect(px(out, 11, 12)).toEqual([100, 100, 100, 255]);
  });
});
