// Messages between the pixel pipeline (UI page) and the pixel worker. Bytes travel as Uint8Array; buffers the
// worker creates are transferred back (no copy), inputs are cloned so the caller keeps its own bytes.
import type { Plan } from '../../common/geometry/plan';
import type { Pass } from '../../common/passes/plan-passes';
import type { AppError } from '../../common/protocol/errors';
import type { Rgba } from './codec';
import type { FinishInput, FinishedImage, PreparedReference } from './pixel-jobs';

/** `sourceId` names the frame's image bytes across jobs, so the worker decodes them once (source-decode-cache.ts). */
export type PixelJob =
  | { kind: 'prepare'; source: Uint8Array; sourceId: number; plan: Plan }
  | { kind: 'finish'; input: FinishInput; sourceId: number }
  | { kind: 'offline'; source: Uint8Array; sourceId: number; plan: Plan; seed: number }
  | { kind: 'preview'; bytes: Uint8Array; maxSide: number }
  | { kind: 'pass-canvas'; source: Uint8Array; sourceId: number; plan: Plan }
  | { kind: 'encode-png'; pixels: Rgba }
  | { kind: 'compose-pass'; canvas: Rgba; result: Uint8Array; pass: Pass; feather: number };

export interface PixelJobResults {
  prepare: PreparedReference;
  finish: FinishedImage;
  /** The canvas as pixels, transferred back; finish composes it without a PNG round trip. */
  offline: Rgba;
  preview: Rgba;
  /** Multi-pass outpaints (ui/jobs/run-passes.ts): the canvas with the original on it, then after each pass. */
  'pass-canvas': Rgba;
  'encode-png': Uint8Array;
  'compose-pass': Rgba;
}

/**
 * `pngWasmGzip` is the PNG codec's wasm, gzip-compressed, copied from the page (png-wasm-bytes.ts) so the worker's
 * source need not carry its own; null starts the worker on the canvas codec. The worker inflates and compiles it
 * itself: the page's thread does no wasm work, and a CSP that refuses wasm is met inside the worker, where it was
 * met before (docs/figma-iframe.md, the `no-wasm` row).
 */
export type PixelRequest =
  | { id: number; kind: 'start'; pngWasmGzip: Uint8Array<ArrayBuffer> | null }
  | { id: number; kind: 'cancel' }
  | { id: number; kind: 'job'; job: PixelJob };

export type PixelResponse =
  | { id: number; kind: 'ready'; exact: boolean }
  | { id: number; kind: 'progress'; fraction: number }
  | { id: number; kind: 'done'; result: PixelJobResults[PixelJob['kind']] }
  | { id: number; kind: 'failed'; error: AppError };

/** Buffers inside a job result that can be transferred instead of copied. */
export function transferablesOf(result: PixelJobResults[PixelJob['kind']]): ArrayBuffer[] {
  const buffer =
    result instanceof Uint8Array ? result.buffer : 'bytes' in result ? result.bytes.buffer : result.data.buffer;
  return buffer instanceof ArrayBuffer ? [buffer] : [];
}
