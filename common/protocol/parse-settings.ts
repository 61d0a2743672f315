// Settings come back from clientStorage, where an older plugin version may have left other shapes. The messages that
// carry settings are checked with SettingsSchema itself (common/protocol/messages.ts).
import * as v from 'valibot';
import { DEFAULT_SETTINGS, SettingsSchema, type Settings } from '../settings';

/**
 * Settings read back from storage: every valid field is kept, every missing or invalid one falls
 * back to its default, so an old or damaged entry never locks the designer out of the plugin.
 */
export function readStoredSettings(value: unknown): Settings {
  const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const [key, schema] of Object.entries(SettingsSchema.entries)) {
    const stored = storedField(value, key);
    if (v.is(schema, stored)) merged[key] = stored;
  }
  return v.parse(SettingsSchema, merged);
}

function storedField(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? Reflect.get(value, key) : undefined;
}
