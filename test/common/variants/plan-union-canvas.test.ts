import { describe, expect, it } from 'vitest';
import { API_MAX_PIXELS } from '../../../common/geometry/plan-canvas';
import { createRgba, type Rgba } from '../../../common/pixels/rgba';
import { composeFormatFromUnion } from '../../../common/variants/compose-format-from-union';
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

/** How many of the original's rows differ from the written image's at `at` (the original lies wholly inside). */
function originalMismatches(written: Rgba, original: Rgba, at: { x: number; y: number }): number {
  let bad = 0;
  const rowBytes = original.width * 4;
  for (let y = 0; y < original.height; y++) {
    const from = ((at.y + y) * written.width + at.x) * 4;
    const a = written.data.subarray(from, from + rowBytes);
    const b = original.data.subarray(y * rowBytes, (y + 1) * rowBytes);
    if (a.length !== b.length || a.some((value, i) => value !== b[i])) bad += 1;
  }
  return bad;
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

  it('cuts every format from the one generated canvas with the original pixel-exact in each', () => {
    const image = { width: 600, height: 400 };
    const { union } = setOf(image, [POST, STORY, X_POST]);
    if (!union) throw new Error('no union');
    const generated = patterned(union.width, union.height, 1);
    const original = patterned(image.width, image.height, 99);
    for (const crop of union.crops) {
      const written = composeFormatFromUnion({ union: generated, crop, original, feather: 0 });
      expect([written.width, written.height]).toEqual([crop.output.width, crop.output.height]);
      expect(originalMismatches(written, original, { x: crop.output.offsetX, y: crop.output.offsetY })).toBe(0);
      // Outside the original, the pixels are the shared canvas's own: the same scene in every format.
      const x0 = Math.round(crop.rect.x);
      const y0 = Math.round(crop.rect.y);
      expect(pixel(written, 0, 0)).toEqual(pixel(generated, x0, y0));
    }
  });

  it('keeps the original exact when the shared canvas had to be scaled down', () => {
    const image = { width: 1200, height: 800 };
    const { union } = setOf(image, [STORY, { label: 'Banner', width: 1500, height: 500 }]);
    if (!union) throw new Error('no union');
    expect(union.scale).toBeLessThan(1);
    const generated = patterned(union.width, union.height, 5);
    const original = patterned(image.width, image.height, 42);
    for (const crop of union.crops) {
      const written = composeFormatFromUnion({ union: generated, crop, original, feather: 0 });
      expect(crop.output.scale).toBe(1);
      expect(originalMismatches(written, original, { x: crop.output.offsetX, y: crop.output.offsetY })).toBe(0);
    }
  });
});
