import { describe, expect, it } from 'vitest';
import { composePass, passReference, startCanvas } from '../../../common/passes/compose-pass';
import { FLUX_PASS_LIMITS, planPasses, type Pass } from '../../../common/passes/plan-passes';
import { createRgba, type Rgba } from '../../../common/pixels/rgba';

// Small limits, so a small canvas needs tiles and steps as a 16 MP one would.
const SMALL = { ...FLUX_PASS_LIMITS, maxPixels: 40_000, maxSide: 1024 };

function noise(width: number, height: number, seed: number): Rgba {
  const img = createRgba(width, height);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < img.data.length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    img.data[i] = (i & 3) === 3 ? 255 : s & 255;
  }
  return img;
}

/** What FLUX answers: its own pixels everywhere, a near copy of the reference where it was placed. */
function fakeFlux(reference: Rgba, pass: Pass, seed: number): Rgba {
  const out = noise(pass.region.width, pass.region.height, seed);
  for (let y = 0; y < reference.height; y++)
    for (let x = 0; x < reference.width; x++) {
      const s = (y * reference.width + x) * 4;
      const d = ((y + pass.reference.y - pass.region.y) * pass.region.width + x + pass.reference.x - pass.region.x) * 4;
      // The model's copy of the reference drifts a little in tone (docs/designer-expectations.md #3).
      for (let c = 0; c < 3; c++) out.data[d + c] = reference.data[s + c]! + 3;
      out.data[d + 3] = reference.data[s + 3]!;
    }
  return out;
}

function runAll(canvasSize: { width: number; height: number }, at: { x: number; y: number }, original: Rgba) {
  const result = planPasses({
    canvas: canvasSize,
    original: { ...at, width: original.width, height: original.height },
    fast: false,
    limits: SMALL,
  });
  if (!result.ok) throw new Error(result.reason);
  const output = { width: canvasSize.width, height: canvasSize.height, offsetX: at.x, offsetY: at.y, scale: 1 };
  const canvas = startCanvas(original, { output });
  result.plan.passes.forEach((pass, i) => {
    composePass(canvas, fakeFlux(passReference(canvas, pass), pass, i + 7), pass, 4);
  });
  return { canvas, passes: result.plan.passes };
}

describe('joining passes into the written image', () => {
  it('keeps every original pixel exact and fills every other pixel, through tiles and steps', () => {
    const original = noise(120, 90, 99);
    const { canvas, passes } = runAll({ width: 600, height: 300 }, { x: 200, y: 110 }, original);
    expect(passes.length).toBeGreaterThan(4);
    expect(passes.some((p) => p.blend !== null)).toBe(true);
    for (let y = 0; y < canvas.height; y++)
      for (let x = 0; x < canvas.width; x++) {
        const d = (y * canvas.width + x) * 4;
        const inside = x >= 200 && x < 320 && y >= 110 && y < 200;
        if (inside) {
          const s = ((y - 110) * 120 + (x - 200)) * 4;
          expect([...canvas.data.subarray(d, d + 4)]).toEqual([...original.data.subarray(s, s + 4)]);
        } else {
          expect(canvas.data[d + 3]).toBe(255);
        }
      }
  });

  it('an overlap of two tiles shows both: the earlier tile at its side, the later one at the other', () => {
    const original = noise(120, 90, 5);
    const { passes } = runAll({ width: 600, height: 300 }, { x: 200, y: 110 }, original);
    const index = passes.findIndex((p) => p.blend !== null);
    const pass = passes[index]!;
    const rect = pass.blend!.rect;
    // Replay up to the tile before, then join the blended tile with a flat image to see the weights.
    const output = { width: 600, height: 300, offsetX: 200, offsetY: 110, scale: 1 };
    const canvas = startCanvas(original, { output });
    passes.slice(0, index).forEach((p, i) => composePass(canvas, fakeFlux(passReference(canvas, p), p, i + 7), p, 0));
    const before = new Uint8ClampedArray(canvas.data);
    const flat = fakeFlux(passReference(canvas, pass), pass, 1);
    composePass(canvas, flat, pass, 0);
    const along = pass.blend!.from === 'top' || pass.blend!.from === 'bottom' ? 'y' : 'x';
    const at = (u: number) => {
      const x = along === 'x' ? rect.x + u : rect.x + Math.floor(rect.width / 2);
      const y = along === 'y' ? rect.y + u : rect.y + Math.floor(rect.height / 2);
      const d = (y * 600 + x) * 4;
      const s = ((y - pass.region.y) * pass.region.width + (x - pass.region.x)) * 4;
      return { now: canvas.data[d]!, old: before[d]!, fresh: flat.data[s]! };
    };
    const length = along === 'x' ? rect.width : rect.height;
    const first = at(0);
    const last = at(length - 1);
    // Weight (u + ½) / length: almost all old at the first row, almost all new at the last.
    expect(Math.abs(first.now - first.old)).toBeLessThanOrEqual(
      Math.ceil(Math.abs(first.fresh - first.old) / length) + 1,
    );
    expect(Math.abs(last.now - last.fresh)).toBeLessThanOrEqual(
      Math.ceil(Math.abs(last.fresh - last.old) / length) + 1,
    );
  });

  it('refuses a pass image of the wrong size rather than joining it askew', () => {
    const canvas = createRgba(200, 100);
    const pass: Pass = {
      region: { x: 0, y: 0, width: 200, height: 100 },
      reference: { x: 50, y: 0, width: 100, height: 100 },
      side: null,
      blend: null,
    };
    expect(() => composePass(canvas, createRgba(100, 50), pass, 0)).toThrow(RangeError);
  });
});
