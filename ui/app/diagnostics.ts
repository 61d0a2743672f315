// What support needs to know about the panel's world, collected as it runs and shown in Settings as one block a
// user can copy. Figma's iframe policy and context cannot be tested from outside (docs/figma-iframe.md); the first
// run in Figma desktop tells them here: secure context or not, where pixel work runs, which PNG codec loaded,
// which loads the Content Security Policy refused, and the last error with its code.
import type { AppError } from '../../common/protocol/errors';
import { createValueStore, type SubscribableStore } from '../state/value-store';
import type { PreviewUrlMode } from './preview-url';

export interface DiagnosticsState {
  version: string;
  secureContext: boolean;
  /** Where pixel jobs run ('data-worker', 'blob-worker', 'main-thread'), once the pipeline has started. */
  workerMode: string | null;
  /** 'wasm PNG (exact)' or 'canvas (fallback)', once the pipeline has started. */
  codecMode: string | null;
  previewUrls: PreviewUrlMode;
  /** `securitypolicyviolation` events: directive and what was blocked, each once, oldest first. */
  cspViolations: string[];
  lastError: AppError | null;
}

export interface Diagnostics extends SubscribableStore<DiagnosticsState> {
  update(patch: Partial<Pick<DiagnosticsState, 'workerMode' | 'codecMode' | 'previewUrls'>>): void;
  recordViolation(directive: string, blockedUri: string): void;
  recordError(error: AppError): void;
}

/** At most this many distinct violations are kept (a refused load can repeat on every image). */
const MAX_VIOLATIONS = 20;

export function createDiagnostics(initial: { version: string; secureContext: boolean }): Diagnostics {
  const store = createValueStore<DiagnosticsState>({
    ...initial,
    workerMode: null,
    codecMode: null,
    previewUrls: 'checking',
    cspViolations: [],
    lastError: null,
  });
  const patch = (change: Partial<DiagnosticsState>): void => store.set({ ...store.getState(), ...change });
  return {
    getState: store.getState,
    subscribe: store.subscribe,
    update: patch,
    recordViolation(directive, blockedUri) {
      const line = `${directive} refused ${describeBlocked(blockedUri)}`;
      const seen = store.getState().cspViolations;
      if (seen.includes(line) || seen.length >= MAX_VIOLATIONS) return;
      patch({ cspViolations: [...seen, line] });
    },
    recordError(error) {
      patch({ lastError: error });
    },
  };
}

/** The block Settings shows and copies: one fact a line, nothing private (no key, prompt, image or address). */
export function formatDiagnostics(state: DiagnosticsState): string {
  return [
    `Outpaint ${state.version}`,
    `Secure context: ${state.secureContext ? 'yes' : 'no'}`,
    `Pixel work: ${state.workerMode ?? 'not started yet'}`,
    `PNG codec: ${state.codecMode ?? 'not started yet'}`,
    `Preview images: ${state.previewUrls === 'checking' ? 'checking' : `${state.previewUrls}: URLs`}`,
    `CSP violations: ${state.cspViolations.length === 0 ? 'none' : state.cspViolations.join('; ')}`,
    `Last error: ${state.lastError ? `${state.lastError.code}: ${state.lastError.message}` : 'none'}`,
  ].join('\n');
}

/** A scheme or keyword as it is ('blob', 'wasm-eval', 'inline'); a URL as its origin only (no path or query). */
function describeBlocked(blockedUri: string): string {
  if (blockedUri === '') return 'an inline resource';
  try {
    const url = new URL(blockedUri);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : url.protocol.replace(/:$/, '');
  } catch {
    return blockedUri;
  }
}
