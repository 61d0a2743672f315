import { describe, expect, it } from 'vitest';
import { readLaunchParameters, suggestionsFor } from '../../../common/variants/quick-parameters';

describe('quick action parameters', () => {
  it('suggests every mode for an empty query and filters by any typed word', () => {
    expect(suggestionsFor('mode', '').map((s) => s.data)).toEqual(['offline', 'high', 'fast']);
    expect(suggestionsFor('mode', 'fast').map((s) => s.data)).toEqual(['fast']);
  });

  it('suggests format presets by platform name, with the preset id as data', () => {
    expect(suggestionsFor('format', 'insta story')).toEqual([
      { name: 'Instagram story 1080×1920', data: 'instagram-story' },
    ]);
  });

  it('falls back to the saved settings for unknown or missing values', () => {
    expect(readLaunchParameters({ mode: 'turbo', format: 'tiktok' })).toEqual({ mode: null, formatId: null });
    expect(readLaunchParameters(undefined)).toEqual({ mode: null, formatId: null });
    expect(readLaunchParameters({ mode: 'offline', format: 'x-post' })).toEqual({
      mode: 'offline',
      formatId: 'x-post',
    });
  });
});
