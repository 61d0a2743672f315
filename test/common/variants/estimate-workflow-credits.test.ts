import { describe, expect, it } from 'vitest';
import {
  canvasAtImageDensity,
  extendEstimate,
  variantSetEstimate,
} from '../../../common/variants/estimate-workflow-credits';

describe('what Variants and Extend cost before the click', () => {
  it('sizes the API canvas at the image’s own density, capped at 4 MP', () => {
    // A 451 px image shown 1080 units wide in a 1080 × 1920 story: 451 × 802 px.
    expect(canvasAtImageDensity({ width: 1080, height: 1920 }, 1080, 451)).toEqual({ width: 451, height: 802 });
    const big = canvasAtImageDensity({ width: 1080, height: 1920 }, 1080, 4000);
    expect(big.width * big.height).toBeLessThanOrEqual(4_194_304);
  });

  it('prices each format at its platform size, the set in total, and one task for the set', () => {
    const estimate = variantSetEstimate(
      { width: 451, height: 300 },
      [
        { label: 'Instagram post', width: 1080, height: 1080 },
        { label: 'Same shape', width: 451, height: 300 },
        { label: 'Instagram story', width: 1080, height: 1920 },
      ],
      'center',
      'high',
    );
    // Variant frames are written at 1 px per unit: the post is a 1080 × 1080 canvas (1.1 MP), the story 1080 × 1920
    // (2 MP); each two started megapixels. One task for the set: their union is the story's canvas.
    expect(estimate).toEqual({ perFormat: [20, null, 20], total: 40, union: 20 });
  });

  it('charges a large image’s story as the 4 MP canvas it will be, in fast mode at half', () => {
    const story = [{ label: 'Instagram story', width: 1080, height: 1920 }];
    expect(variantSetEstimate({ width: 4000, height: 3000 }, story, 'center', 'high').total).toBe(40);
    expect(variantSetEstimate({ width: 4000, height: 3000 }, story, 'center', 'fast').total).toBe(20);
  });

  it('prices an extended frame at the image’s density', () => {
    // 800 px across 800 units: the 1067 × 600 frame is a 0.64 MP canvas, one started megapixel.
    expect(
      extendEstimate(
        { x: 0, y: 0, width: 800, height: 600 },
        { width: 1067, height: 600 },
        { width: 800, height: 600 },
        'high',
      ),
    ).toBe(10);
  });
});
