// Quick actions (Figma's ⌘/ menu) can run Outpaint with parameters instead of opening Settings: the engine mode and,
// optionally, a format preset (https://developers.figma.com/docs/plugins/plugin-parameters). Suggestions and the
// reading of the chosen values are pure so both can be tested without Figma.
import * as v from 'valibot';
import { text } from '../protocol/field-schemas';
import { FORMAT_PRESETS, findPreset } from './format-presets';
import { MAX_LABEL_CHARS } from './plan-variants';

export const QuickModeSchema = v.picklist(['high', 'fast', 'offline']);
export type QuickMode = v.InferOutput<typeof QuickModeSchema>;

export interface QuickSuggestion {
  name: string;
  data: string;
}

export const MODE_SUGGESTIONS: readonly QuickSuggestion[] = [
  { name: 'Offline engine (no key, no network)', data: 'offline' },
  { name: 'FLUX high quality', data: 'high' },
  { name: 'FLUX fast', data: 'fast' },
];

/** What a launch asks the UI to do, after the sandbox has opened it ('launch/request'). */
export const LaunchRequestSchema = v.object({
  source: v.picklist(['quick-action', 'relaunch']),
  /** null: use the saved settings. */
  mode: v.nullable(QuickModeSchema),
  /** A FORMAT_PRESETS id: make that variant and outpaint it; null: outpaint the selection as it is. */
  formatId: v.nullable(text(1, MAX_LABEL_CHARS)),
});
export type LaunchRequest = v.InferOutput<typeof LaunchRequestSchema>;

/** Suggestions for one parameter key, filtered by what the designer typed (case-insensitive, any word). */
export function suggestionsFor(key: string, query: string): QuickSuggestion[] {
  const all =
    key === 'mode'
      ? MODE_SUGGESTIONS
      : key === 'format'
        ? FORMAT_PRESETS.map((p) => ({ name: `${p.label} ${p.width}×${p.height}`, data: p.id }))
        : [];
  const words = query
    .toLowerCase()
    .split(/\s+/)
    .filter((word) => word !== '');
  return all.filter((s) => words.every((word) => s.name.toLowerCase().includes(word) || s.data.includes(word)));
}

/** Reads figma.on('run') parameters; unknown values fall back to "use the saved settings" rather than failing. */
export function readLaunchParameters(parameters: unknown): Pick<LaunchRequest, 'mode' | 'formatId'> {
  const fields = typeof parameters === 'object' && parameters !== null ? (parameters as Record<string, unknown>) : {};
  const mode = fields['mode'];
  const format = fields['format'];
  return {
    mode: v.is(QuickModeSchema, mode) ? mode : null,
    formatId: typeof format === 'string' && findPreset(format) !== null ? format : null,
  };
}
