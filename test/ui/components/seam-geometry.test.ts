import { describe, expect, it } from 'vitest';
import { seamView } from '../../../ui/components/seam-geometry';
import { makePlan } from '../support/ui-fixtures';

describe('where the original meets the generated pixels', () => {
  it('puts the kept area where the plan placed the image, in result pixels', () => {
    // 451 × 300 image at x 134 on a 720 × 300 canvas, written at 1440 × 600.
    const view = seamView(makePlan(), { width: 1440, height: 600 });
    expect(view?.kept).toEqual({ x: 268, y: 0, width: 902, height: 600 });
  });

  it('centres the zoom on the seam beside the widest generated band', () => {
    // Bands: 134 px left, 135 px right: the right edge wins, halfway down.
    expect(seamView(makePlan(), { width: 720, height: 300 })?.focus).toEqual({ x: 585, y: 150 });
    const tall = makePlan({
      width: 300,
      height: 900,
      offsetX: 0,
      offsetY: 100,
      reference: { width: 300, height: 200 },
    });
    expect(seamView(tall, { width: 300, height: 900 })?.focus).toEqual({ x: 150, y: 300 });
  });

  it('keeps only the part of an overhanging image that is on the canvas', () => {
    const overhang = makePlan({
      width: 400,
      height: 300,
      offsetX: -50,
      offsetY: 0,
      reference: { width: 300, height: 300 },
    });
    expect(seamView(overhang, { width: 400, height: 300 })).toEqual({
      kept: { x: 0, y: 0, width: 250, height: 300 },
      focus: { x: 250, y: 150 },
    });
  });

  it('has nothing to show for an empty result', () => {
    expect(seamView(makePlan(), { width: 0, height: 0 })).toBeNull();
  });
});
