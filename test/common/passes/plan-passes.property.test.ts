import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FLUX_PASS_LIMITS,
  newPixels,
  planPasses,
  requestFits,
  type Pass,
  type PassPlan,
} from '../../../common/passes/plan-passes';
import type { Rect } from '../../../common/geometry/plan';

// Random native canvases up to Figma's 4096 px per side, the original anywhere inside, either mode.
const scenario = fc
  .record({
    width: fc.integer({ min: 64, max: 4096 }),
    height: fc.integer({ min: 64, max: 4096 }),
    fw: fc.double({ min: 0, max: 1, noNaN: true }),
    fh: fc.double({ min: 0, max: 1, noNaN: true }),
    fx: fc.double({ min: 0, max: 1, noNaN: true }),
    fy: fc.double({ min: 0, max: 1, noNaN: true }),
    fast: fc.boolean(),
  })
  .map((s) => {
    const ow = 64 + Math.floor(s.fw * (s.width - 64));
    const oh = 64 + Math.floor(s.fh * (s.height - 64));
    const original: Rect = {
      x: Math.floor(s.fx * (s.width - ow)),
      y: Math.floor(s.fy * (s.height - oh)),
      width: ow,
      height: oh,
    };
    return { canvas: { width: s.width, height: s.height }, original, fast: s.fast };
  });

/**
 * The canvas cut on every rectangle edge the plan uses: each cell is wholly inside or outside every rectangle, so
 * "known", "written" and "covered" are exact per pixel while the check stays small.
 */
function cellsOf(plan: PassPlan) {
  const rects = [plan.original, ...plan.passes.flatMap((p) => [p.region, p.reference])];
  const xs = [...new Set([0, plan.canvas.width, ...rects.flatMap((r) => [r.x, r.x + r.width])])].sort((a, b) => a - b);
  const ys = [...new Set([0, plan.canvas.height, ...rects.flatMap((r) => [r.y, r.y + r.height])])].sort(
    (a, b) => a - b,
  );
  const cells: Rect[] = [];
  for (let j = 0; j + 1 < ys.length; j++)
    for (let i = 0; i + 1 < xs.length; i++)
      cells.push({ x: xs[i]!, y: ys[j]!, width: xs[i + 1]! - xs[i]!, height: ys[j + 1]! - ys[j]! });
  return cells.filter((c) => c.width > 0 && c.height > 0);
}

const inside = (a: Rect, b: Rect): boolean =>
  a.x >= b.x && a.y >= b.y && a.x + a.width <= b.x + b.width && a.y + a.height <= b.y + b.height;
const written = (cell: Rect, pass: Pass): boolean => inside(cell, pass.region) && !inside(cell, pass.reference);

describe('planning FLUX passes past 4 MP and for extreme ratios', () => {
  it('every pass is a request the API accepts, at native density, inside the canvas', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const result = planPasses(input);
        if (!result.ok) {
          expect(result.reason).toBe('covered');
          return;
        }
        for (const pass of result.plan.passes) {
          expect(requestFits(pass.region, pass.reference, input.fast)).toBe(true);
          expect(pass.region.width * pass.region.height).toBeLessThanOrEqual(FLUX_PASS_LIMITS.maxPixels);
          expect(inside(pass.region, { x: 0, y: 0, ...input.canvas })).toBe(true);
          expect(inside(pass.reference, pass.region)).toBe(true);
          expect(
            [pass.region, pass.reference].flatMap((r) => [r.x, r.y, r.width, r.height]).every(Number.isInteger),
          ).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('each pass makes at most as much new image as the image it continues (≤ 1.0×)', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const result = planPasses(input);
        if (!result.ok) return;
        for (const pass of result.plan.passes) {
          expect(newPixels(pass)).toBeLessThanOrEqual(pass.reference.width * pass.reference.height);
        }
        expect(result.plan.maxNewPerContext).toBeLessThanOrEqual(1);
      }),
      { numRuns: 400 },
    );
  });

  it('references are only known pixels, the original is never written, and the whole canvas ends up filled', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const result = planPasses(input);
        if (!result.ok) return;
        const { plan } = result;
        for (const cell of cellsOf(plan)) {
          const isOriginal = inside(cell, plan.original);
          let known = isOriginal;
          let generated = false;
          for (const pass of plan.passes) {
            if (inside(cell, pass.reference)) expect(known).toBe(true);
            if (written(cell, pass)) {
              expect(isOriginal).toBe(false);
              // A blend rectangle covers exactly the cells the previous tiles already made and this one remakes.
              const blended = pass.blend !== null && inside(cell, pass.blend.rect);
              expect(blended).toBe(generated);
              known = true;
              generated = true;
            } else if (pass.blend) {
              expect(inside(cell, pass.blend.rect)).toBe(false);
            }
          }
          expect(known).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
