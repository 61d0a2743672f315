// Settings travel both ways (settings/save, settings/loaded) and come back from clientStorage,
// where an older plugin version may have left other shapes: one reader for all three.
import { DEFAULT_SETTINGS, type Settings } from '../settings';
import { isRecord, readNumber, readOneOf, readRecord, readString, type Fields } from './parse-fields';

/** Generous ceilings that still stop a runaway value from filling the 5 MB clientStorage budget. */
export const SETTINGS_LIMITS = {
  endpointChars: 2048,
  apiKeyChars: 512,
  promptChars: 10_000,
  maxFeather: 512,
  /** BFL allows 24 active tasks per account (docs/bfl-api.md, The essentials). */
  maxConcurrency: 24,
} as const;

export function readSettings(value: unknown, field: string): Settings {
  const fields: Fields = readRecord(value, field);
  return {
    engine: readOneOf(fields, 'engine', ['offline', 'flux']),
    endpoint: readString(fields, 'endpoint', 0, SETTINGS_LIMITS.endpointChars),
    apiKey: readString(fields, 'apiKey', 0, SETTINGS_LIMITS.apiKeyChars),
    mode: readOneOf(fields, 'mode', ['high', 'fast']),
    prompt: readString(fields, 'prompt', 0, SETTINGS_LIMITS.promptChars),
    outputFormat: readOneOf(fields, 'outputFormat', ['png', 'jpeg']),
    feather: readNumber(fields, 'feather', 0, SETTINGS_LIMITS.maxFeather),
    concurrency: readNumber(fields, 'concurrency', 1, SETTINGS_LIMITS.maxConcurrency, { integer: true }),
  };
}

/**
 * Settings read back from storage: every valid field is kept, every missing or invalid one falls
 * back to its default, so an old or damaged entry never locks the designer out of the plugin.
 */
export function readStoredSettings(value: unknown): Settings {
  const stored: Fields = isRecord(value) ? value : {};
  const merged: Fields = { ...DEFAULT_SETTINGS };
  for (const key of Object.keys(DEFAULT_SETTINGS)) {
    const candidate: Fields = { ...DEFAULT_SETTINGS, [key]: stored[key] };
    try {
      readSettings(candidate, 'stored');
      merged[key] = stored[key];
    } catch {
      // keep the default for this field
    }
  }
  return readSettings(merged, 'stored');
}
