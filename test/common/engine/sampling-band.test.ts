import { describe, expect, it } from 'vitest';
import { bandMask, downsampleMask, samplingBand, type BandSettings } from '../../../common/engine/sampling-band';

/** A canvas with a known w×h rectangle at (x, y). */
function rectangle(width: number, height: number, x: number, y: number, w: number, h: number): Uint8Array {
  const known = new Uint8Array(width * height);
  for (let yy = y; yy < y + h; yy++) for (let xx = x; xx < x + w; xx++) known[yy * width + xx] = 1;
  return known;
}

const SETTINGS: BandSettings = { perExtension: 0.5, maxShareOfReference: 0.25, minWidth: 4 };

describe('bandMask', () => {
  it('marks exactly the known pixels within the width of an unknown pixel (chessboard distance)', () => {
    // Known: columns 0..19 of a 30-wide canvas; extended on the right only.
    const known = rectangle(30, 10, 0, 0, 20, 10);
    const mask = bandMask(known, 30, 10, 3);
    for (let y = 0; y < 10; y++) {
      for (let x = 0; x < 30; x++) expect(mask[y * 30 + x]).toBe(x >= 17 && x < 20 ? 1 : 0);
    }
  });
});

describe('samplingBand', () => {
  it('widens with the extension, up to a share of the reference', () => {
    const thin = samplingBand(rectangle(120, 100, 0, 0, 100, 100), 120, 100, SETTINGS);
    const deep = samplingBand(rectangle(140, 100, 0, 0, 100, 100), 140, 100, SETTINGS);
    const deeper = samplingBand(rectangle(300, 100, 0, 0, 100, 100), 300, 100, SETTINGS);
    expect(thin.width).toBe(10); // half of the 20-px extension
    expect(deep.width).toBe(20); // half of 40
    expect(deeper.width).toBe(25); // capped at a quarter of the 100-px reference
  });

  it('keeps at least the minimum width for a thin extension', () => {
    expect(samplingBand(rectangle(102, 100, 0, 0, 100, 100), 102, 100, SETTINGS).width).toBe(4);
  });

  it('follows only the edges being extended: a reference touching the canvas edge has no band there', () => {
    // Extended on the right only: the band is the reference's right strip, never its left edge.
    const { mask, width } = samplingBand(rectangle(140, 60, 0, 0, 100, 60), 140, 60, SETTINGS);
    expect(width).toBe(15);
    for (let y = 0; y < 60; y++) {
      for (let x = 0; x < 140; x++) expect(mask[y * 140 + x]).toBe(x >= 85 && x < 100 ? 1 : 0);
    }
  });
});

describe('downsampleMask', () => {
  it('keeps a coarse pixel only when all four fine pixels under it are set', () => {
    // 4×2 fine: the left 2×2 block full, the right block missing one pixel.
    const fine = Uint8Array.from([1, 1, 1, 1, 1, 1, 1, 0]);
    expect(Array.from(downsampleMask(fine, 4, 2))).toEqual([1, 0]);
  });

  it('treats the odd last row and column as their own neighbours', () => {
    const fine = Uint8Array.from([1, 1, 1, 1, 1, 1, 1, 1, 0]);
    expect(Array.from(downsampleMask(fine, 3, 3))).toEqual([1, 1, 1, 0]);
  });
});
