// User settings, kept in figma.clientStorage by the sandbox (stored locally, unencrypted:
// https://developers.figma.com/docs/plugins/api/figma-clientStorage). Declared once as a valibot schema: the type and
// the checks of 'settings/save', 'settings/loaded' and the stored entry all come from it
// (https://valibot.dev/guides/infer-types/).
import * as v from 'valibot';
import { finite, text, whole } from './protocol/field-schemas';

/** Generous ceilings that still stop a runaway value from filling the 5 MB clientStorage budget. */
export const SETTINGS_LIMITS = {
  endpointChars: 2048,
  apiKeyChars: 512,
  promptChars: 10_000,
  maxFeather: 512,
  /** BFL allows 24 active tasks per account (docs/bfl-api.md, The essentials). */
  maxConcurrency: 24,
} as const;

export const SettingsSchema = v.object({
  engine: v.picklist(['offline', 'flux']),
  /** Base URL of the Outpaint proxy (or a BFL-compatible API in development). */
  endpoint: text(0, SETTINGS_LIMITS.endpointChars),
  apiKey: text(0, SETTINGS_LIMITS.apiKeyChars),
  mode: v.picklist(['high', 'fast']),
  /** Experimental in the API (docs/bfl-api.md, Outpainting request); empty = unset. */
  prompt: text(0, SETTINGS_LIMITS.promptChars),
  outputFormat: v.picklist(['png', 'jpeg']),
  /** Seam feather in output pixels; 0 = hard edge. */
  feather: finite(0, SETTINGS_LIMITS.maxFeather),
  /** Tasks in flight at most; the API allows 24 per account (docs/bfl-api.md, The essentials). */
  concurrency: whole(1, SETTINGS_LIMITS.maxConcurrency),
  /**
   * FLUX frames past 4 MP or with more new area than image: 'steps' (unset) runs the passes of
   * common/passes/plan-passes.ts, 'single' today's one request. The panel shows both before the click.
   */
  passes: v.optional(v.picklist(['steps', 'single'])),
});
export type Settings = v.InferOutput<typeof SettingsSchema>;

export type EngineId = Settings['engine'];
export type FluxMode = Settings['mode'];
export type OutputFormat = Settings['outputFormat'];

export const DEFAULT_ENDPOINT = 'https://outpaint-proxy.outpaint.workers.dev';

export const DEFAULT_SETTINGS: Settings = {
  engine: 'offline',
  endpoint: DEFAULT_ENDPOINT,
  apiKey: '',
  mode: 'high',
  prompt: '',
  outputFormat: 'png',
  feather: 4,
  concurrency: 4,
};
