import { describe, expect, it } from 'vitest';
import { API_MAX_PIXELS } from '../../../common/geometry/plan-canvas';
import { createRgba, type Rgba } from '../../../common/pixels/rgba';
import { cutFromUnion } from '../../../common/variants/cut-from-union';
import { planUnionCanvas, unionFormatsOf } from '../../../common/variants/plan-union-canvas';
import { planVariants, type VariantFormat } from '../../../common/variants/plan-variants';

const POST: VariantFormat = { label: 'Instagram post', width: 1080, height: 1080 };
const STORY: VariantFormat = { label: 'Instagram story', width: 1080, height: 1920 };
const X_POST: VariantFormat = { label: 'X post', width: 1600, height: 900 };

function setOf(image: { width: number; height: number }, formats: VariantFormat[]) {
  const plans = planVariants({ source: { x: 0, y: 0, ...image }, image, formats, anchor: 'center' });
  return { plans, union: planUnionCanvas(image, unionFormatsOf(plans)) };
}

/** Every pixel different and known: value = f(x, y, channel). */
function patterned(width: number, height: number, seed: number): Rgba {
  const img = createRgba(width, height);
  for (let i = 0; i < img.data.length; i += 4) {
    const p = i / 4;
    img.data[i] = (p * 7 + seed) & 255;
    img.data[i + 1] = (p * 13 + seed * 3) & 255;
    img.data[i + 2] = ((p >> 8) * 5 + seed) & 255;
    img.data[i + 3] = 255;
  }
  return img;
}

function pixel(img: Rgba, x: number, y: number): number[] {
  const i = (y * img.width + x) * 4;
  return Array.from(img.data.subarray(i, i + 4));
}

describe('one canvas for a set of variants', () => {
  it('covers the post, story and X post frames around a 600 × 400 image at its own density', () => {
    const { union } = setOf({ width: 600, height: 400 }, [POST, STORY, X_POST]);
    // In image pixels: the post is 600 × 600 (100 above), the story 600 × 1066⅔ (333⅓ above), the X post
    // 711⅑ × 400 (55⅔ left): the union is 711⅑ × 1066⅔.
    expect(union).toMatchObject({ width: 712, height: 1067, offsetX: 56, offsetY: 333, scale: 1 });
    expect(union?.reference).toEqual({ width: 600, height: 400 });
    expect(union?.crops.map((c) => c.output)).toEqual([
      { width: 600, height: 600, offsetX: 0, offsetY: 100, scale: 1 },
      { width: 600, height: 1067, offsetX: 0, offsetY: 333, scale: 1 },
      { width: 711, height: 400, offsetX: 56, offsetY: 0, scale: 1 },
    ]);
  });

  it('scales the shared canvas to the API’s 4 MP, never past it, for a large image', () => {
    const { union } = setOf({ width: 3000, height: 2000 }, [STORY, { label: 'Banner', width: 1500, height: 500 }]);
    expect(union).not.toBeNull();
    expect((union?.width ?? 0) * (union?.height ?? 0)).toBeLessThanOrEqual(API_MAX_PIXELS);
    expect(union?.scale).toBeLessThan(1);
  });

  it('leaves out formats the image already fills', () => {
    const { plans } = setOf({ width: 600, height: 400 }, [{ label: 'Same', width: 300, height: 200 }, POST]);
    expect(unionFormatsOf(plans)).toHaveLength(1);
  });

  // The original pasted back exactly in every format is finishing's work, as for any result: asserted end to end
  // in test/ui/jobs/variant-set-one-generation.test.ts.
  it('cuts every format from the one generated canvas: its frame’s rectangle of the same scene', () => {
    const image = { width: 600, height: 400 };
    const { union } = setOf(image, [POST, STORY, X_POST]);
    if (!union) throw new Error('no union');
    const generated = patterned(union.width, union.height, 1);
    for (const crop of union.crops) {
      const cut = cutFromUnion(generated, crop.rect);
      // At the union's own density the cut is the format's written size, to the rounding of its edges.
      expect(Math.abs(cut.width - crop.output.width)).toBeLessThanOrEqual(1);
      expect(Math.abs(cut.height - crop.output.height)).toBeLessThanOrEqual(1);
      const x0 = Math.round(crop.rect.x);
      const y0 = Math.round(crop.rect.y);
      expect(pixel(cut, 0, 0)).toEqual(pixel(generated, x0, y0));
      expect(pixel(cut, cut.width - 1, cut.height - 1)).toEqual(
        pixel(generated, x0 + cut.width - 1, y0 + cut.height - 1),
      );
    }
  });

  it('cuts inside the shared canvas when it had to be scaled down, each format still written at its own size', () => {
    const image = { width: 1200, height: 800 };
    const { union } = setOf(image, [STORY, { label: 'Banner', width: 1500, height: 500 }]);
    if (!union) throw new Error('no union');
    expect(union.scale).toBeLessThan(1);
    const generated = patterned(union.width, union.height, 5);
    for (const crop of union.crops) {
      const cut = cutFromUnion(generated, crop.rect);
      expect(crop.output.scale).toBe(1);
      expect(Math.round(crop.rect.x) + cut.width).toBeLessThanOrEqual(union.width);
      expect(Math.round(crop.rect.y) + cut.height).toBeLessThanOrEqual(union.height);
      // Resampled once, in finishing, to the format's aspect.
      expect(cut.width / cut.height).toBeCloseTo(crop.output.width / crop.output.height, 1);
    }
  });
});
