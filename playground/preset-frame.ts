// The playground's frame presets, as a designer means them: a frame of the preset's shape that the image, kept at
// its native size, fits inside. Story 9:16 on a landscape image makes a tall frame as wide as the image, never a
// narrower one that crops it (a cropped image has nothing to outpaint). Pure, so a Node test checks every preset.

export type PresetId = 'wider' | 'story' | 'square' | 'banner';

/** Width over height of each preset's frame; `wider` keeps the image's height and adds half its width. */
const RATIOS: Record<Exclude<PresetId, 'wider'>, number> = { story: 9 / 16, square: 1, banner: 3 };

export function isPresetId(value: string): value is PresetId {
  return value === 'wider' || value in RATIOS;
}

/** The smallest frame of the preset's shape that holds a `width`×`height` image whole. */
export function presetFrame(preset: PresetId, width: number, height: number): { width: number; height: number } {
  if (preset === 'wider') return { width: Math.round(width * 1.5), height };
  const ratio = RATIOS[preset];
  return width / height >= ratio
    ? { width, height: Math.max(height, Math.round(width / ratio)) }
    : { width: Math.max(width, Math.round(height * ratio)), height };
}
