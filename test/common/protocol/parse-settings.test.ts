import { describe, expect, it } from 'vitest';
import { readStoredSettings } from '../../../common/protocol/parse-settings';
import { DEFAULT_SETTINGS } from '../../../common/settings';
import { sampleSettings } from '../../fakes/sample-messages';

describe('readStoredSettings', () => {
  it('returns the defaults when nothing was stored yet', () => {
    expect(readStoredSettings(undefined)).toEqual(DEFAULT_SETTINGS);
  });

  it('keeps every valid stored field', () => {
    const stored = sampleSettings({ engine: 'flux', mode: 'fast', concurrency: 8, prompt: 'sky' });
    expect(readStoredSettings(stored)).toEqual(stored);
  });

  it('keeps the API key when an older version stored an invalid field next to it', () => {
    const settings = readStoredSettings({ apiKey: 'bfl-old', engine: 'dalle', concurrency: '3' });
    expect(settings.apiKey).toBe('bfl-old');
    expect(settings.engine).toBe(DEFAULT_SETTINGS.engine);
    expect(settings.concurrency).toBe(DEFAULT_SETTINGS.concurrency);
  });
});
