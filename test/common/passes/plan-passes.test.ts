import { describe, expect, it } from 'vitest';
import { planPasses } from '../../../common/passes/plan-passes';

describe('passes a designer would expect', () => {
  it('a frame within 4 MP and at most 1× new area stays one pass, as today', () => {
    const result = planPasses({
      canvas: { width: 1600, height: 900 },
      original: { x: 400, y: 0, width: 800, height: 900 },
      fast: false,
    });
    expect(result.ok && result.plan.passes).toEqual([
      {
        region: { x: 0, y: 0, width: 1600, height: 900 },
        reference: { x: 400, y: 0, width: 800, height: 900 },
        side: null,
        blend: null,
      },
    ]);
  });

  it('a square photo to a 4:1 banner walks out in steps, each no larger than what it continues', () => {
    const result = planPasses({
      canvas: { width: 4000, height: 1000 },
      original: { x: 1500, y: 0, width: 1000, height: 1000 },
      fast: false,
    });
    if (!result.ok) throw new Error(result.reason);
    expect(result.plan.passes.map((p) => p.side)).toEqual(['left', 'right', 'left']);
    expect(result.plan.maxNewPerContext).toBeLessThanOrEqual(1);
    // The second step continues the first step's pixels, not only the original.
    expect(result.plan.passes[1]!.reference).toEqual({ x: 1000, y: 0, width: 1500, height: 1000 });
  });

  it('a 16 MP frame is tiled at full density, neighbouring tiles overlapping for a cross-fade', () => {
    const result = planPasses({
      canvas: { width: 4096, height: 4096 },
      original: { x: 1024, y: 1024, width: 2048, height: 2048 },
      fast: true,
    });
    if (!result.ok) throw new Error(result.reason);
    expect(result.plan.passes.length).toBe(10);
    const blended = result.plan.passes.filter((p) => p.blend !== null);
    expect(blended.length).toBe(6);
    for (const pass of blended)
      expect(Math.min(pass.blend!.rect.width, pass.blend!.rect.height)).toBeGreaterThanOrEqual(63);
  });

  it('an image that already fills its frame needs no pass', () => {
    const result = planPasses({
      canvas: { width: 500, height: 500 },
      original: { x: 0, y: 0, width: 500, height: 500 },
      fast: false,
    });
    expect(result).toEqual({ ok: false, reason: 'covered' });
  });
});
