// User settings, kept in figma.clientStorage by the sandbox (stored locally, unencrypted:
// https://developers.figma.com/docs/plugins/api/figma-clientStorage).

export type EngineId = 'offline' | 'flux';
export type FluxMode = 'high' | 'fast';
export type OutputFormat = 'png' | 'jpeg';

export interface Settings {
  engine: EngineId;
  /** Base URL of the Outpaint proxy (or a BFL-compatible API in development). */
  endpoint: string;
  apiKey: string;
  mode: FluxMode;
  /** Experimental in the API (docs/bfl-api.md, Outpainting request); empty = unset. */
  prompt: string;
  outputFormat: OutputFormat;
  /** Seam feather in output pixels; 0 = hard edge. */
  feather: number;
  /** Tasks in flight at most; the API allows 24 per account (docs/bfl-api.md, The essentials). */
  concurrency: number;
}

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
