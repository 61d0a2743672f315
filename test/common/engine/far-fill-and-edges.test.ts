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
