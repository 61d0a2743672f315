import { describe, expect, it } from 'vitest';
import { extendCoversImage, extendedFrameSize, planExtend } from '../../../common/variants/plan-extend';
import { placementOf } from '../../../common/variants/place-image';

describe('extendedFrameSize', () => {
  it('grows only the side an aspect needs, rounding up to whole units', () => {
    // 800×600 → 16:9: width 600 × 16/9 = 1066.67 → 1067; height stays 600.
    expect(extendedFrameSize({ width: 800, height: 600 }, { kind: 'aspect', width: 16, height: 9 })).toEqual({
      width: 1067,
      height: 600,
    });
    // 800×600 → 9:16: height 800 × 16/9 = 1422.2 → 1423.
    expect(extendedFrameSize({ width: 800, height: 600 }, { kind: 'aspect', width: 9, height: 16 })).toEqual({
      width: 800,
      height: 1423,
    });
  });

  it('never shrinks the frame for an aspect it already has', () => {
    expect(extendedFrameSize({ width: 500, height: 500 }, { kind: 'aspect', width: 1, height: 1 })).toEqual({
      width: 500,
      height: 500,
    });
  });

  it('leaves a frame that already has the aspect but for rounding as it is', () => {
    // 760 × 427 → 16:9 would need 427.5 high: half a unit is rounding, not a band to generate and pay for.
    expect(extendedFrameSize({ width: 760, height: 427 }, { kind: 'aspect', width: 16, height: 9 })).toEqual({
      width: 760,
      height: 427,
    });
  });

  it('takes a custom size as given', () => {
    expect(extendedFrameSize({ width: 800, height: 600 }, { kind: 'size', width: 1200, height: 627 })).toEqual({
      width: 1200,
      height: 627,
    });
  });
});

describe('planExtend', () => {
  const imageRect = { x: 0, y: 0, width: 800, height: 600 };

  it('moves the content by the distance between the old and the dragged image position', () => {
    const plan = planExtend(imageRect, { width: 1067, height: 600 }, { x: 1, y: 0.5 });
    // Flush right: x = 1067 − 800 = 267; no vertical free space.
    expect(plan.image).toEqual({ x: 267, y: 0, width: 800, height: 600 });
    expect(plan.shift).toEqual({ x: 267, y: 0 });
  });

  it('rounds a centred position to whole units', () => {
    const plan = planExtend(imageRect, { width: 1067, height: 600 }, { x: 0.5, y: 0.5 });
    expect(plan.image.x).toBe(134); // 133.5 rounds to 134
  });

  it('clamps placements outside 0..1 so the image stays in the frame', () => {
    const plan = planExtend(imageRect, { width: 1000, height: 1000 }, { x: -3, y: 7 });
    expect(plan.image).toEqual({ x: 0, y: 400, width: 800, height: 600 });
  });

  it('reports when the new frame leaves nothing to generate', () => {
    expect(extendCoversImage(planExtend(imageRect, { width: 800, height: 600 }, { x: 0.5, y: 0.5 }))).toBe(true);
    expect(extendCoversImage(planExtend(imageRect, { width: 900, height: 600 }, { x: 0.5, y: 0.5 }))).toBe(false);
  });

  it('reads a placement back from a rectangle (round trip)', () => {
    expect(placementOf({ width: 1000, height: 600 }, { x: 50, y: 0, width: 800, height: 600 })).toEqual({
      x: 0.25,
      y: 0.5,
    });
  });
});
