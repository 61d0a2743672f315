import { describe, expect, it } from 'vitest';
import { distanceToKnown } from '../../../common/engine/distance-to-known';
import { continueEdges } from '../../../common/engine/edge-continuation';
import type { EngineLevel } from '../../../common/engine/engine-level';
import { smoothFarFill } from '../../../common/engine/smooth-far-fill';

/** A 64×16 level: the left 16 columns known (grey 100), the rest generated noise between 0 and 250. */
function level(): EngineLevel {
  const width = 64;
  const height = 16;
  const rgb = new Float32Array(width * height * 3);
  const known = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const v = x < 16 ? 100 : ((x * 7 + y * 13) % 2) * 250;
      rgb.set([v, v, v], i * 3);
      known[i] = x < 16 ? 1 : 0;
    }
  }
  return { width, height, rgb, known };
}

function column(l: EngineLevel, x: number): number[] {
  return Array.from({ length: l.height }, (_, y) => l.rgb[(y * l.width + x) * 3]!);
}

function spread(values: number[]): number {
  return Math.max(...values) - Math.min(...values);
}

describe('smoothFarFill', () => {
  it('keeps known pixels and the pixels near them, and softens the fill more the farther it lies', () => {
    const l = level();
    const before = Float32Array.from(l.rgb);
    const toKnown = distanceToKnown(l.known, l.width, l.height);
    smoothFarFill(l, toKnown, { radius: 4, start: 4, ramp: 20, maxBlend: 0.8 });
    for (let x = 0; x < 20; x++) expect(column(l, x)).toEqual(Array.from(column({ ...l, rgb: before }, x)));
    const near = spread(column(l, 26));
    const far = spread(column(l, 60));
    expect(spread(column({ ...l, rgb: before }, 60))).toBe(250);
    expect(far).toBeLessThan(near);
    expect(far).toBeLessThan(250 * 0.3);
  });

  it('leaves a side with factor 0 as it was', () => {
    const l = level();
    const before = Float32Array.from(l.rgb);
    const toKnown = distanceToKnown(l.known, l.width, l.height);
    smoothFarFill(l, toKnown, {
      radius: 4,
      start: 0,
      ramp: 8,
      maxBlend: 1,
      sides: { rect: { x0: 0, y0: 0, x1: 16, y1: 16 }, factor: { left: 1, right: 0, top: 1, bottom: 1 } },
    });
    expect(Array.from(l.rgb)).toEqual(Array.from(before));
  });
  it('far out, fades a copied shape wider than the kept radius but keeps the fine grain on it', () => {
    // 128×32: the left 16 columns known (grey 100); the fill a 1-px checker (±40) with a copied
    // 16×16 bright square (+80) far out, as a cloned eye or rim would be.
    const width = 128;
    const height = 32;
    const make = (): EngineLevel => {
      const rgb = new Float32Array(width * height * 3);
      const known = new Uint8Array(width * height);
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const i = y * width + x;
          const square = x >= 88 && x < 104 && y >= 8 && y < 24 ? 80 : 0;
          const v = x < 16 ? 100 : 100 + ((x + y) % 2 === 0 ? 40 : -40) + square;
          rgb.set([v, v, v], i * 3);
          known[i] = x < 16 ? 1 : 0;
        }
      }
      return { width, height, rgb, known };
    };
    const at = (l: EngineLevel, x: number, y: number) => l.rgb[(y * width + x) * 3]!;
    // Checker amplitude: half the step between neighbours, averaged over the square's middle.
    const grain = (l: EngineLevel) => {
      let sum = 0;
      for (let x = 92; x < 100; x++) sum += Math.abs(at(l, x + 1, 16) - at(l, x, 16)) / 2;
      return sum / 8;
    };
    // The square's lift over the fill around it (pairs of pixels cancel the checker).
    const lift = (l: EngineLevel) => (at(l, 96, 16) + at(l, 97, 16)) / 2 - (at(l, 60, 16) + at(l, 61, 16)) / 2;
    const original = make();
    const kept = make();
    const toKnown = distanceToKnown(kept.known, width, height);
    smoothFarFill(kept, toKnown, { radius: 12, start: 0, ramp: 16, maxBlend: 1, keepRadius: 1 });
    const all = make();
    smoothFarFill(all, toKnown, { radius: 12, start: 0, ramp: 16, maxBlend: 1 });
    expect(lift(original)).toBe(80);
    expect(lift(kept)).toBeLessThan(80 * 0.6);
    expect(grain(kept)).toBeGreaterThan(grain(original) * 0.7);
    // Without a kept radius the grain goes with the shape.
    expect(grain(all)).toBeLessThan(grain(original) * 0.1);
    for (let x = 0; x < 16; x++) expect(at(kept, x, 5)).toBe(100);
  });
});

describe('continueEdges', () => {
  it('moves the first generated pixels toward the reference edge, fading with depth, and leaves the rest', () => {
    const l = level();
    const before = Float32Array.from(l.rgb);
    const toKnown = distanceToKnown(l.known, l.width, l.height);
    continueEdges(l, toKnown, { depth: 3, strength: 0.5 });
    const step = (rgb: Float32Array) =>
      column({ ...l, rgb }, 16).reduce((sum, v, y) => sum + Math.abs(v - column({ ...l, rgb }, 15)[y]!), 0);
    expect(step(l.rgb)).toBeLessThan(step(before) * 0.6);
    expect(column(l, 15)).toEqual(column({ ...l, rgb: before }, 15));
    expect(column(l, 19)).toEqual(column({ ...l, rgb: before }, 19));
  });
});
