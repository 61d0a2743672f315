// Quick actions (Figma's ⌘/ menu) can run Outpaint with parameters instead of opening Settings: the engine mode and,
// optionally, a format preset (https://developers.figma.com/docs/plugins/plugin-parameters). Suggestions and the
// reading of the chosen values are pure so both can be tested without Figma.
import { FORMAT_PRESETS, findPreset } from './format-presets';

export type QuickMode = 'high' | 'fast' | 'offline';

export interface QuickSuggestion {
  name: string;
  data: string;
}

export const MODE_SUGGESTIONS: readonly QuickSuggestion[] = [
  { name: 'Offline engine (no key, no network)', data: 'offline' },
  { name: 'FLUX high quality', data: 'high' },
  { name: 'FLUX fast', data: 'fast' },
];

/** What a launch asks the UI to do, after the sandbox has opened it. */
export interface LaunchRequest {
  source: 'quick-action' | 'relaunch';
  /** null: use the saved settings. */
  mode: QuickMode | null;
  /** A FORMAT_PRESETS id: make that variant and outpaint it; null: outpaint the selection as it is. */
  formatId: string | null;
}

/** Suggestions for one parameter key, filtered by what the designer typed (case-insensitive, any word). */
export function suggestionsFor(key: string, query: string): QuickSuggestion[] {
  const all = key === 'mode' ? MODE_SUGGESTIONS : key === 'format' ? FORMAT_PRESETS.map((p) => ({ name: `${p.label} ${p.width}×${p.height}`, data: p.id })) : [];
  const words = query.toLowerCase().split(/\s+/).filter((word) => word !== '');
  return all.filter((s) => words.every((word) => s.name.toLowerCase().includes(word) || s.data.includes(word)));
}

/** Reads figma.on('run') parameters; unknown values fall back to "use the saved settings" rather than failing. */
export function readLaunchParameters(parameters: unknown): Pick<LaunchRequest, 'mode' | 'formatId'> {
  const fields = typeof parameters === 'object' && parameters !== null ? (parameters as Record<string, unknown>) : {};
  const mode = fields['mode'];
  const format = fields['format'];
  return {
    mode: mode === 'high' || mode === 'fast' || mode === 'offline' ? mode : null,
    formatId: typeof format === 'string' && findPreset(format) !== null ? format : null,
  };
}
