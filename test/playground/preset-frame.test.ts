import { describe, expect, it } from 'vitest';
import { presetFrame, type PresetId } from '../../playground/preset-frame';

const PRESETS: PresetId[] = ['wider', 'story', 'square', 'banner'];
const IMAGES = [
  { what: 'landscape', width: 640, height: 427 },
  { what: 'portrait', width: 517, height: 606 },
  { what: 'square', width: 512, height: 512 },
  { what: 'very wide', width: 1600, height: 300 },
];

describe('playground presets: the image fits inside the new frame, so there is always something to outpaint', () => {
  for (const image of IMAGES) {
    for (const preset of PRESETS) {
      it(`${preset} on a ${image.what} ${image.width}×${image.height} image holds the image whole`, () => {
        const frame = presetFrame(preset, image.width, image.height);
        expect(frame.width).toBeGreaterThanOrEqual(image.width);
        expect(frame.height).toBeGreaterThanOrEqual(image.height);
      });
    }
  }

  it('Story 9:16 on a landscape image is a tall frame as wide as the image', () => {
    expect(presetFrame('story', 640, 427)).toEqual({ width: 640, height: 1138 });
  });

  it('each shaped preset has its shape, within a pixel of rounding', () => {
    for (const image of IMAGES) {
      const story = presetFrame('story', image.width, image.height);
      const banner = presetFrame('banner', image.width, image.height);
      const square = presetFrame('square', image.width, image.height);
      expect(Math.abs(story.width * 16 - story.height * 9)).toBeLessThanOrEqual(16);
      expect(Math.abs(banner.width - banner.height * 3)).toBeLessThanOrEqual(3);
      expect(square.width).toBe(square.height);
    }
  });
});
