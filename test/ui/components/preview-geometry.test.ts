import { describe, expect, it } from 'vitest';
import { passPlanFor } from '../../../common/passes/compose-pass';
import { passStrips, previewGeometry } from '../../../ui/components/preview-geometry';
import { makeBannerPlan, makePlan } from '../support/ui-fixtures';

/** Applies an SVG transform made of translate(...) and rotate(90k) to a point. */
function apply(transform: string, x: number, y: number): [number, number] {
  const ops = [...transform.matchAll(/(translate|rotate)\(([^)]*)\)/g)].map(
    (m) => [m[1], m[2]?.split(/[ ,]+/).map(Number) ?? []] as const,
  );
  let p: [number, number] = [x, y];
  for (const [op, args] of ops.reverse()) {
    if (op === 'rotate') {
      const a = ((args[0] ?? 0) * Math.PI) / 180;
      p = [Math.round(p[0] * Math.cos(a) - p[1] * Math.sin(a)), Math.round(p[0] * Math.sin(a) + p[1] * Math.cos(a))];
    } else {
      p = [p[0] + (args[0] ?? 0), p[1] + (args[1] ?? 0)];
    }
  }
  return p;
}

describe('preview geometry', () => {
  it('frames the canvas with a margin when the reference is inside it', () => {
    const g = previewGeometry(makePlan({ width: 1000, height: 500, offsetX: 100, offsetY: 50 }), {
      width: 451,
      height: 300,
    });
    expect(g.overhangs).toBe(false);
    expect(g.viewBox.x).toBeLessThan(0);
    expect(g.viewBox.x + g.viewBox.width).toBeGreaterThan(1000);
    expect(g.reference).toEqual({ x: 100, y: 50, width: 451, height: 300 });
  });

  it('widens the view to show a reference that overhangs the canvas (auto_crop)', () => {
    const g = previewGeometry(makePlan({ width: 500, height: 400, offsetX: -60, offsetY: 200, autoCrop: true }), {
      width: 451,
      height: 300,
    });
    expect(g.overhangs).toBe(true);
    expect(g.viewBox.x).toBeLessThan(-60);
    expect(g.viewBox.y + g.viewBox.height).toBeGreaterThan(500);
  });

  it.each([0, 1, 2, 3] as const)(
    'turns the stored image %i quarter turn(s) clockwise onto the rotated size',
    (turns) => {
      const stored = { width: 40, height: 10 };
      const g = previewGeometry(makePlan({ quarterTurns: turns }), stored);
      const corners = [
        [0, 0],
        [40, 0],
        [40, 10],
        [0, 10],
      ].map(([x, y]) => apply(g.rotation, x ?? 0, y ?? 0));
      const xs = corners.map((c) => c[0]);
      const ys = corners.map((c) => c[1]);
      expect([Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)]).toEqual([
        0,
        0,
        g.rotatedSize.width,
        g.rotatedSize.height,
      ]);
      expect(g.rotatedSize).toEqual(turns % 2 === 1 ? { width: 10, height: 40 } : stored);
      // Clockwise: the stored top-left corner goes to the top-right after one turn.
      if (turns === 1) expect(corners[0]).toEqual([10, 0]);
      if (turns === 3) expect(corners[0]).toEqual([0, 40]);
    },
  );
});

describe('the passes drawn on the preview', () => {
  it('outlines each pass’s new strip, and together they cover the new area exactly once', () => {
    const plan = makeBannerPlan();
    const passes = passPlanFor(plan, { mode: 'high' });
    if (!passes) throw new Error('expected passes');
    const strips = passStrips(plan, passes);
    expect(strips).toHaveLength(passes.passes.length);
    const covered = new Uint8Array(4000);
    for (const s of strips) {
      expect(s.y).toBe(0);
      expect(s.height).toBe(1000);
      for (let x = s.x; x < s.x + s.width; x++) covered[x]! += 1;
    }
    const image = (x: number) => x >= 1500 && x < 2500;
    expect([...covered].every((n, x) => n === (image(x) ? 0 : 1))).toBe(true);
  });

  it('scales the strips to the preview’s canvas when the request is made smaller than the written image', () => {
    const plan = makePlan({
      width: 2000,
      height: 500,
      output: { width: 4000, height: 1000, offsetX: 1500, offsetY: 0, scale: 1 },
      crop: { x: 0, y: 0, width: 1000, height: 1000 },
    });
    const passes = passPlanFor({ ...plan, width: 4000, height: 1000 }, { mode: 'high' });
    if (!passes) throw new Error('expected passes');
    for (const s of passStrips(plan, passes)) {
      expect(s.height).toBe(500);
      expect(s.x + s.width).toBeLessThanOrEqual(2000);
    }
  });
});
