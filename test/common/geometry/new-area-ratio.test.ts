import { describe, expect, it } from 'vitest';
import { newAreaRatio } from '../../../common/geometry/new-area-ratio';

describe('newAreaRatio — how much FLUX must invent, relative to the image kept', () => {
  it('is 1 when a square post becomes a 2:1 banner (the new half equals the image)', () => {
    expect(
      newAreaRatio({ width: 2000, height: 1000, offsetX: 500, offsetY: 0, reference: { width: 1000, height: 1000 } }),
    ).toBe(1);
  });

  it('is about 0.78 when a square becomes a 9:16 story', () => {
    const ratio = newAreaRatio({
      width: 1080,
      height: 1920,
      offsetX: 0,
      offsetY: 420,
      reference: { width: 1080, height: 1080 },
    });
    expect(ratio).toBeCloseTo(840 / 1080, 10);
  });

  it('counts only the part of an overhanging reference (auto_crop) that stays on the canvas', () => {
    // 1000×1000 reference, 200 px off the left of a 1000×1000 canvas: 800×1000 kept, 200×1000 new.
    expect(
      newAreaRatio({ width: 1000, height: 1000, offsetX: -200, offsetY: 0, reference: { width: 1000, height: 1000 } }),
    ).toBe(0.25);
  });

  it('is 0 when the image already fills the canvas', () => {
    expect(
      newAreaRatio({ width: 640, height: 480, offsetX: 0, offsetY: 0, reference: { width: 640, height: 480 } }),
    ).toBe(0);
  });
});
