import { describe, expect, it } from 'vitest';
import { countValidSources, findPatchSets, fullyKnownWindows } from '../../../common/engine/patch-sets';
import { SeededRandom } from '../../../common/engine/seeded-random';

/** Mostly-known mask with scattered holes and one unknown block, so windows of every kind occur. */
function holeyMask(width: number, height: number, seed: number): Uint8Array {
  const random = new SeededRandom(seed);
  const known = new Uint8Array(width * height);
  for (let i = 0; i < known.length; i++) known[i] = random.nextInt(40) === 0 ? 0 : 1;
  for (let y = 5; y < 12; y++) for (let x = 20; x < 31; x++) known[y * width + x] = 0;
  return known;
}

/** Straight from the definition: every pixel of the (2r+1)² window is on the canvas and known. */
function windowAllKnown(known: Uint8Array, width: number, height: number, r: number, x: number, y: number): boolean {
  for (let dy = -r; dy <= r; dy++) {
    for (let dx = -r; dx <= r; dx++) {
      const xx = x + dx;
      const yy = y + dy;
      if (xx < 0 || yy < 0 || xx >= width || yy >= height || known[yy * width + xx] !== 1) return false;
    }
  }
  return true;
}

describe('fullyKnownWindows', () => {
  it.each([1, 2, 3, 4])('marks exactly the centres whose whole window is known (r = %i)', (r) => {
    const width = 47;
    const height = 33;
    const known = holeyMask(width, height, 5 + r);
    const valid = fullyKnownWindows(known, width, height, r);
    let mismatches = 0;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const expected = windowAllKnown(known, width, height, r, x, y) ? 1 : 0;
        if (valid[y * width + x] !== expected) mismatches++;
      }
    }
    expect(mismatches).toBe(0);
  });

  it('finds no valid centre when the canvas is narrower than a patch', () => {
    const known = new Uint8Array(4 * 20).fill(1);
    expect(fullyKnownWindows(known, 4, 20, 2).every((v) => v === 0)).toBe(true);
    expect(countValidSources(known, 4, 20, 2)).toBe(0);
  });
});

describe('findPatchSets', () => {
  it('splits every patch centre on the canvas into sources and targets, in scan order', () => {
    const width = 40;
    const height = 30;
    const r = 2;
    const known = holeyMask(width, height, 9);
    const { sources, targets, validSource } = findPatchSets(known, known, width, height, r);
    expect(sources.length + targets.length).toBe((width - 2 * r) * (height - 2 * r));
    expect(sources.length).toBe(countValidSources(known, width, height, r));
    for (const s of sources)
      expect(windowAllKnown(known, width, height, r, s % width, Math.floor(s / width))).toBe(true);
    for (const t of targets) expect(validSource[t]).toBe(0);
    for (let k = 1; k < targets.length; k++) expect(targets[k]!).toBeGreaterThan(targets[k - 1]!);
  });

  it('takes sources only from the band and targets from every window with an unknown pixel', () => {
    const width = 40;
    const height = 30;
    const r = 2;
    const known = holeyMask(width, height, 11);
    // The band: the known pixels in the left half only.
    const band = known.map((k, i) => (k === 1 && i % width < 20 ? 1 : 0));
    const { sources, targets } = findPatchSets(known, band, width, height, r);
    expect(sources.length).toBe(countValidSources(band, width, height, r));
    for (const s of sources)
      expect(windowAllKnown(band, width, height, r, s % width, Math.floor(s / width))).toBe(true);
    // Targets do not depend on the band: a known window outside it is neither source nor target.
    expect(Array.from(targets)).toEqual(Array.from(findPatchSets(known, known, width, height, r).targets));
    for (const t of targets)
      expect(windowAllKnown(known, width, height, r, t % width, Math.floor(t / width))).toBe(false);
  });
});
