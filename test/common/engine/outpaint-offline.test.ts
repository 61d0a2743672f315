import { describe, expect, it } from 'vitest';
import {
  outpaintOffline,
  type OfflineOutpaintInput,
  type OfflineOutpaintProgress,
} from '../../../common/engine/outpaint-offline';
import { changedReferencePixels, pixelAt, solidImage, stripedNoiseImage } from './engine-fixtures';

function run(overrides: Partial<OfflineOutpaintInput> & Pick<OfflineOutpaintInput, 'reference'>) {
  return outpaintOffline({ canvasWidth: 64, canvasHeight: 64, offsetX: 16, offsetY: 16, seed: 7, ...overrides });
}

function allOpaque(data: Uint8ClampedArray): boolean {
  for (let i = 3; i < data.length; i += 4) if (data[i] !== 255) return false;
  return true;
}

describe('outpaintOffline', () => {
  const reference = stripedNoiseImage(32, 32);

  it('gives the same pixels for the same seed, and different ones for another seed', () => {
    const a = run({ reference });
    const b = run({ reference });
    const c = run({ reference, seed: 8 });
    expect(Buffer.from(a.data).equals(Buffer.from(b.data))).toBe(true);
    expect(Buffer.from(a.data).equals(Buffer.from(c.data))).toBe(false);
  });

  it('returns a canvas-sized, fully opaque image with the reference pixels byte-exact', () => {
    const out = run({ reference, canvasWidth: 80, canvasHeight: 56, offsetX: 30, offsetY: 10 });
    expect([out.width, out.height, out.data.length]).toEqual([80, 56, 80 * 56 * 4]);
    expect(changedReferencePixels(out, reference, 30, 10)).toBe(0);
    expect(allOpaque(out.data)).toBe(true);
  });

  it('treats fully transparent reference pixels as unknown, fills them opaque and keeps partial alpha exact', () => {
    const withHole = stripedNoiseImage(32, 32);
    for (let y = 10; y < 14; y++) for (let x = 10; x < 14; x++) withHole.data[(y * 32 + x) * 4 + 3] = 0;
    withHole.data[(0 * 32 + 0) * 4 + 3] = 128;
    const out = run({ reference: withHole });
    expect(pixelAt(out, 16 + 11, 16 + 11)[3]).toBe(255);
    expect(pixelAt(out, 16, 16)).toEqual(Array.from(withHole.data.subarray(0, 4)));
    // Generated from the texture around it, not left as the transparent pixel's hidden colour.
    const hidden = Array.from(withHole.data.subarray((11 * 32 + 11) * 4, (11 * 32 + 11) * 4 + 3));
    expect(pixelAt(out, 27, 27).slice(0, 3)).not.toEqual(hidden);
  });

  it('continues a flat colour as the same flat colour', () => {
    const out = run({ reference: solidImage(20, 20, [10, 200, 30, 255]) });
    for (const [x, y] of [
      [0, 0],
      [63, 0],
      [0, 63],
      [63, 63],
      [40, 5],
    ] as const) {
      expect(pixelAt(out, x, y)).toEqual([10, 200, 30, 255]);
    }
  });

  it('stops with a CancelledError when asked between passes', () => {
    let polls = 0;
    const attempt = () => run({ reference, shouldCancel: () => ++polls > 3 });
    expect(attempt).toThrowError(expect.objectContaining({ name: 'CancelledError' }));
    expect(polls).toBe(4);
  });

  it('reports progress for every pyramid level, rising to 1', () => {
    const seen: OfflineOutpaintProgress[] = [];
    run({ reference, canvasWidth: 160, canvasHeight: 120, offsetX: 60, offsetY: 40, onProgress: (p) => seen.push(p) });
    const levels = seen[0]!.levels;
    expect(levels).toBeGreaterThan(1);
    expect(new Set(seen.map((p) => p.level))).toEqual(new Set(Array.from({ length: levels }, (_, i) => i + 1)));
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.fraction).toBeGreaterThanOrEqual(seen[i - 1]!.fraction);
    expect(seen[seen.length - 1]!.fraction).toBe(1);
  });

  it.each([
    ['one edge (left)', 0, 16],
    ['two edges (top-left corner)', 0, 0],
    ['two edges (bottom-right corner)', 32, 32],
  ])('extends a reference touching %s', (_label, x, y) => {
    const out = run({ reference, offsetX: x, offsetY: y });
    expect(changedReferencePixels(out, reference, x, y)).toBe(0);
    expect(allOpaque(out.data)).toBe(true);
  });

  it('crops a reference placed partly off the canvas (negative offsets) and keeps the visible part exact', () => {
    const out = run({ reference, offsetX: -10, offsetY: -20 });
    expect(changedReferencePixels(out, reference, -10, -20)).toBe(0);
    expect(allOpaque(out.data)).toBe(true);
  });

  it('extends a tiny 4×4 reference over a 64×64 canvas', () => {
    const tiny = stripedNoiseImage(4, 4);
    const out = run({ reference: tiny, offsetX: 30, offsetY: 30 });
    expect(changedReferencePixels(out, tiny, 30, 30)).toBe(0);
    expect(allOpaque(out.data)).toBe(true);
  });

  it.each([
    ['a 1×1 reference on a 3×3 canvas', 1, 1, 3, 3, 1, 1],
    ['a wide strip (400×6)', 40, 6, 400, 6, 180, 0],
    ['a tall strip (5×300)', 5, 30, 5, 300, 0, 135],
    ['a single row (200×1)', 20, 1, 200, 1, 90, 0],
  ])('handles %s', (_label, rw, rh, cw, ch, x, y) => {
    const ref = stripedNoiseImage(rw, rh);
    const out = outpaintOffline({ reference: ref, canvasWidth: cw, canvasHeight: ch, offsetX: x, offsetY: y, seed: 1 });
    expect([out.width, out.height]).toEqual([cw, ch]);
    expect(changedReferencePixels(out, ref, x, y)).toBe(0);
    expect(allOpaque(out.data)).toBe(true);
  });

  it('returns the reference untouched when it already fills the canvas', () => {
    const out = run({ reference, canvasWidth: 32, canvasHeight: 32, offsetX: 0, offsetY: 0 });
    expect(Buffer.from(out.data).equals(Buffer.from(reference.data))).toBe(true);
  });

  it.each([
    ['a reference outside the canvas', { offsetX: 64 }, /outside the frame/],
    ['a zero-sized canvas', { canvasWidth: 0 }, /whole pixels above zero/],
    ['fractional offsets', { offsetX: 1.5 }, /whole pixels/],
    [
      'pixel data of the wrong length',
      { reference: { data: new Uint8Array(10), width: 32, height: 32 } },
      /does not match/,
    ],
    ['a fully transparent reference', { reference: solidImage(8, 8, [255, 0, 0, 0]) }, /no visible pixels/],
  ] as const)('refuses %s with a message that names the next step', (_label, overrides, message) => {
    let thrown: unknown;
    try {
      run({ reference, ...overrides });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Error);
    const text = (thrown as Error).message;
    expect(text).toMatch(message);
    expect(text.length).toBeLessThanOrEqual(100);
  });
});
