import { describe, expect, it } from 'vitest';
import { FORMAT_PRESETS, anchorPlacement, findPreset } from '../../../common/variants/format-presets';
import { formatProblem, planVariants } from '../../../common/variants/plan-variants';

const source = { x: 100, y: 50, width: 400, height: 300 };
const image = { width: 1000, height: 750 }; // 4:3

function preset(id: string) {
  const found = findPreset(id);
  if (!found) throw new Error(`no preset ${id}`);
  return found;
}

describe('planVariants', () => {
  it('fits a 4:3 image into a square post at full width, centred vertically', () => {
    const [post] = planVariants({ source, image, formats: [preset('instagram-post')], anchor: 'center' });
    // 1080 / 1000 = 1.08 → 1080 × 810; (1080 − 810) / 2 = 135.
    expect(post?.image).toEqual({ x: 0, y: 135, width: 1080, height: 810 });
    expect(post?.needsOutpaint).toBe(true);
  });

  it('puts the image at the bottom-right corner for that anchor, flush with both edges', () => {
    const [story] = planVariants({ source, image, formats: [preset('instagram-story')], anchor: 'bottom-right' });
    // Story 1080×1920: width-bound, 1080 × 810, bottom at 1920 − 810 = 1110.
    expect(story?.image).toEqual({ x: 0, y: 1110, width: 1080, height: 810 });
  });

  it('fits a wide format by height and anchors the image to the left', () => {
    const [thumb] = planVariants({ source, image, formats: [preset('youtube-thumbnail')], anchor: 'left' });
    // 1280×720: height-bound, 720 / 750 = 0.96 → 960 × 720 at x = 0.
    expect(thumb?.image).toEqual({ x: 0, y: 0, width: 960, height: 720 });
  });

  it('names frames after the format with its size', () => {
    const plans = planVariants({
      source,
      image,
      formats: [preset('instagram-story'), { label: 'Custom', width: 800, height: 600 }],
      anchor: 'center',
    });
    expect(plans.map((p) => p.name)).toEqual(['Instagram story 1080×1920', 'Custom 800×600']);
  });

  it('lays the frames out in a row to the right of the source, top-aligned, with the gap between', () => {
    const plans = planVariants({
      source,
      image,
      formats: [preset('instagram-post'), preset('x-post'), preset('pinterest-pin')],
      anchor: 'center',
      gap: 40,
    });
    // 100 + 400 + 40 = 540; 540 + 1080 + 40 = 1660; 1660 + 1600 + 40 = 3300.
    expect(plans.map((p) => p.frame)).toEqual([
      { x: 540, y: 50, width: 1080, height: 1080 },
      { x: 1660, y: 50, width: 1600, height: 900 },
      { x: 3300, y: 50, width: 1000, height: 1500 },
    ]);
  });

  it('marks a format with the image’s own aspect as having nothing to generate', () => {
    const [same] = planVariants({
      source,
      image,
      formats: [{ label: 'Custom', width: 800, height: 600 }],
      anchor: 'top-left',
    });
    expect(same?.image).toEqual({ x: 0, y: 0, width: 800, height: 600 });
    expect(same?.needsOutpaint).toBe(false);
  });

  it('keeps a fractional fitted side unrounded so the image is never stretched', () => {
    const [linkedin] = planVariants({
      source,
      image: { width: 1000, height: 1000 },
      formats: [preset('linkedin-post')],
      anchor: 'right',
    });
    // 1200×627, height-bound: 627 × 627 at x = 1200 − 627 = 573.
    expect(linkedin?.image).toEqual({ x: 573, y: 0, width: 627, height: 627 });
  });
});

describe('presets and anchors', () => {
  it('lists the issue’s formats at their published sizes', () => {
    const sizes = Object.fromEntries(FORMAT_PRESETS.map((p) => [p.id, `${p.width}×${p.height}`]));
    expect(sizes).toMatchObject({
      'instagram-post': '1080×1080',
      'instagram-portrait': '1080×1350',
      'instagram-story': '1080×1920',
      'linkedin-post': '1200×627',
      'x-post': '1600×900',
      'youtube-thumbnail': '1280×720',
      'pinterest-pin': '1000×1500',
    });
  });

  it('maps corners and sides to the ends of the free space', () => {
    expect(anchorPlacement('top-left')).toEqual({ x: 0, y: 0 });
    expect(anchorPlacement('bottom')).toEqual({ x: 0.5, y: 1 });
    expect(anchorPlacement('right')).toEqual({ x: 1, y: 0.5 });
  });

  it('refuses custom sizes that are empty, fractional or absurdly large with a next step', () => {
    expect(formatProblem({ label: 'Custom', width: 0, height: 100 })).toBe('Enter a width and height of at least 1');
    expect(formatProblem({ label: 'Custom', width: 100.5, height: 100 })).toBe(
      'Use whole numbers for the width and height',
    );
    expect(formatProblem({ label: 'Custom', width: 100000, height: 100 })).toBe('Keep each side at most 16384');
    expect(formatProblem({ label: 'Custom', width: 1200, height: 628 })).toBeNull();
  });
});
