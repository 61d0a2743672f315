/// <reference path="./build-globals.d.ts" />
// The UI's entry to pixel work. Jobs run in a Worker built from the inlined worker source; Figma's CSP for
// workers is not documented (docs/figma-plugin-api.md, Images: reading and creating: `blob:` is [UNK], `data:` is allowed by `default-src data:`),
// so a data: URL worker is tried first, then a blob: URL, then the main thread with a yield between stages.
import type { Plan } from '../../common/geometry/plan';
import type { ComposePassInput } from '../jobs/run-passes';
import type { AppError } from '../../common/protocol/errors';
import { createBrowserCodecAsync } from './browser-codec';
import { builtWorkerSourceAsync } from './built-worker-source';
import type { ImageCodec, Rgba } from './codec';
import { PixelError, toAppError } from './pixel-error';
import { offlineEngine } from './offline-engine';
import type { FinishInput, FinishedImage, OfflineEngine, PreparedReference } from './pixel-jobs';
import { runPixelJobAsync } from './run-pixel-job';
import { pngWasmGzip } from './png-wasm-bytes';
import { createSourceDecodeCache } from './source-decode-cache';
import type { PixelJob, PixelJobResults, PixelRequest, PixelResponse } from './worker-protocol';

export type PipelineMode = 'data-worker' | 'blob-worker' | 'main-thread';

export interface PixelPipelineOptions {
  /** Defaults to the build's, inflated from ui.html (built-worker-source.ts). */
  workerSource?: string;
  /** Modes to try, in order (default: data-worker, blob-worker, main-thread). */
  modes?: PipelineMode[];
  /** How long a worker may take to answer before the next mode is tried (default 10 s). */
  startTimeoutMs?: number;
  /** false skips the wasm PNG codec (tests of the canvas fallback). */
  wasm?: boolean;
  /** The offline engine for main-thread mode (default: common/engine's; the worker bundles its own). */
  offlineEngine?: OfflineEngine | null;
}

export interface OfflineRunOptions {
  seed: number;
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

export interface PixelPipeline {
  /** Where jobs run and whether PNG is exact (false only on the canvas fallback). Starts the pipeline. */
  statusAsync(): Promise<{ mode: PipelineMode; exact: boolean }>;
  /** The reference to send: the source bytes untouched when nothing changes, else a lossless PNG. */
  prepareReferenceAsync(source: Uint8Array, plan: Plan, signal?: AbortSignal): Promise<PreparedReference>;
  /** The offline engine's canvas (plan.width × plan.height) as pixels, for finishAsync to compose as they are. */
  runOfflineAsync(source: Uint8Array, plan: Plan, options: OfflineRunOptions): Promise<Rgba>;
  /** The image to write back: original exact on top of the generated area, at output density. */
  finishAsync(input: FinishInput, signal?: AbortSignal): Promise<FinishedImage>;
  /** Multi-pass outpaints (ui/jobs/run-passes.ts): the written image with only the original on it. */
  startCanvasAsync(source: Uint8Array, plan: Plan, signal?: AbortSignal): Promise<Rgba>;
  /** A lossless PNG of these pixels (a pass's reference). */
  encodePngAsync(pixels: Rgba, signal?: AbortSignal): Promise<Uint8Array>;
  /** One pass's FLUX image decoded and joined to the canvas; the canvas comes back (the one sent is spent). */
  composePassAsync(input: ComposePassInput, signal?: AbortSignal): Promise<Rgba>;
  /** Decoded pixels no larger than maxSide, for a preview. */
  decodePreviewAsync(bytes: Uint8Array, maxSide: number, signal?: AbortSignal): Promise<Rgba>;
  dispose(): void;
}

type AnyResult = PixelJobResults[PixelJob['kind']];

interface Runner {
  mode: PipelineMode;
  exact: boolean;
  run(job: PixelJob, onProgress: (fraction: number) => void, signal: AbortSignal | undefined): Promise<AnyResult>;
  dispose(): void;
}

const FALLBACK_ERROR: AppError = {
  code: 'engine-failed',
  message: 'Image processing failed. Try again, or try a smaller frame',
};

export function createPixelPipeline(options: PixelPipelineOptions = {}): PixelPipeline {
  let runner: Promise<Runner> | null = null;
  const started = (): Promise<Runner> => (runner ??= startRunnerAsync(options));
  // The runners pass one image's bytes (the same Uint8Array, from the image cache) to every stage of a job.
  const sourceIds = new WeakMap<Uint8Array, number>();
  let nextSourceId = 1;
  const sourceIdOf = (bytes: Uint8Array): number => {
    let id = sourceIds.get(bytes);
    if (id === undefined) sourceIds.set(bytes, (id = nextSourceId++));
    return id;
  };

  const runAsync = async <K extends PixelJob['kind']>(
    job: Extract<PixelJob, { kind: K }>,
    signal?: AbortSignal,
    onProgress: (fraction: number) => void = () => {},
  ): Promise<PixelJobResults[K]> => {
    throwIfAborted(signal);
    const r = await started();
    throwIfAborted(signal);
    return (await r.run(job, onProgress, signal)) as PixelJobResults[K];
  };

  return {
    async statusAsync() {
      const r = await started();
      return { mode: r.mode, exact: r.exact };
    },
    prepareReferenceAsync: (source, plan, signal) =>
      runAsync<'prepare'>({ kind: 'prepare', source, sourceId: sourceIdOf(source), plan }, signal),
    runOfflineAsync: (source, plan, { seed, onProgress, signal }) =>
      runAsync<'offline'>({ kind: 'offline', source, sourceId: sourceIdOf(source), plan, seed }, signal, onProgress),
    finishAsync: (input, signal) =>
      runAsync<'finish'>({ kind: 'finish', input, sourceId: sourceIdOf(input.source) }, signal),
    decodePreviewAsync: (bytes, maxSide, signal) => runAsync<'preview'>({ kind: 'preview', bytes, maxSide }, signal),
    startCanvasAsync: (source, plan, signal) =>
      runAsync<'pass-canvas'>({ kind: 'pass-canvas', source, sourceId: sourceIdOf(source), plan }, signal),
    encodePngAsync: (pixels, signal) => runAsync<'encode-png'>({ kind: 'encode-png', pixels }, signal),
    composePassAsync: (input, signal) => runAsync<'compose-pass'>({ kind: 'compose-pass', ...input }, signal),
    dispose() {
      void runner?.then((r) => r.dispose());
      runner = null;
    },
  };
}

async function startRunnerAsync(options: PixelPipelineOptions): Promise<Runner> {
  const modes = options.modes ?? ['data-worker', 'blob-worker', 'main-thread'];
  for (const mode of modes) {
    if (mode === 'main-thread') return startMainThreadAsync(options);
    // A realm that cannot inflate it (no DecompressionStream) runs on the main thread.
    const source = options.workerSource ?? (await builtWorkerSourceAsync().catch(() => null));
    if (source === null) continue;
    const runner = await startWorkerAsync(mode, source, options).catch(() => null);
    if (runner) return runner;
  }
  throw new PixelError('engine-failed', 'Image processing could not start here. Reopen the plugin');
}

function workerUrl(mode: 'data-worker' | 'blob-worker', source: string): string {
  if (mode === 'blob-worker') return URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  return `data:text/javascript;charset=utf-8,${encodeURIComponent(source)}`;
}

function startWorkerAsync(
  mode: 'data-worker' | 'blob-worker',
  source: string,
  options: PixelPipelineOptions,
): Promise<Runner> {
  return new Promise<Runner>((resolve, reject) => {
    const url = workerUrl(mode, source);
    let worker: Worker;
    try {
      worker = new Worker(url);
    } catch (error) {
      reject(error);
      return;
    } finally {
      if (mode === 'blob-worker') setTimeout(() => URL.revokeObjectURL(url), 0);
    }
    const pending = new Map<
      number,
      { resolve(r: AnyResult): void; reject(e: PixelError): void; onProgress(f: number): void }
    >();
    let nextId = 1;
    let dead = false;
    const fail = (error: unknown) => {
      clearTimeout(timer);
      worker.terminate();
      reject(error);
    };
    const timer = setTimeout(() => fail(new Error('worker start timed out')), options.startTimeoutMs ?? 10_000);
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      // Before 'ready' a load error means this mode is blocked; after it, fail what is in flight.
      dead = true;
      fail(new Error(event.message));
      for (const job of pending.values()) job.reject(new PixelError(FALLBACK_ERROR.code, FALLBACK_ERROR.message));
      pending.clear();
    });
    worker.addEventListener('message', (event: MessageEvent<PixelResponse>) => {
      const message = event.data;
      if (message.kind === 'ready') {
        clearTimeout(timer);
        resolve({
          mode,
          exact: message.exact,
          run(job, onProgress, signal) {
            const id = nextId++;
            return new Promise<AnyResult>((resolveJob, rejectJob) => {
              if (dead) {
                rejectJob(new PixelError(FALLBACK_ERROR.code, FALLBACK_ERROR.message));
                return;
              }
              const onAbort = () => {
                pending.delete(id);
                worker.postMessage({ id, kind: 'cancel' } satisfies PixelRequest);
                rejectJob(cancelledError());
              };
              signal?.addEventListener('abort', onAbort, { once: true });
              const settle = () => signal?.removeEventListener('abort', onAbort);
              pending.set(id, {
                resolve: (r) => (settle(), resolveJob(r)),
                reject: (e) => (settle(), rejectJob(e)),
                onProgress,
              });
              worker.postMessage({ id, kind: 'job', job } satisfies PixelRequest);
            });
          },
          dispose() {
            worker.terminate();
            for (const job of pending.values()) job.reject(cancelledError());
            pending.clear();
          },
        });
        return;
      }
      const job = pending.get(message.id);
      if (!job) return;
      if (message.kind === 'progress') job.onProgress(message.fraction);
      else {
        pending.delete(message.id);
        if (message.kind === 'done') job.resolve(message.result);
        else job.reject(new PixelError(message.error.code, message.error.message));
      }
    });
    // The wasm is copied, not transferred: the page keeps it for the main-thread fallback and later pipelines.
    worker.postMessage({ id: 0, kind: 'start', pngWasmGzip: pngWasmOf(options) } satisfies PixelRequest);
  });
}

async function startMainThreadAsync(options: PixelPipelineOptions): Promise<Runner> {
  const codec: ImageCodec = await createBrowserCodecAsync({ pngWasmGzip: pngWasmOf(options) });
  const sourceCache = createSourceDecodeCache();
  const yieldAsync = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
  return {
    mode: 'main-thread',
    exact: codec.exact,
    async run(job, onProgress, signal) {
      try {
        return await runPixelJobAsync(job, {
          codec,
          sourceCache,
          engine: options.offlineEngine === undefined ? offlineEngine : options.offlineEngine,
          isCancelled: () => signal?.aborted === true,
          onProgress,
          checkpointAsync: async () => {
            // No worker: give the panel a frame between heavy stages (frozen-plugins guidance).
            await yieldAsync();
            throwIfAborted(signal);
          },
        });
      } catch (error) {
        const appError = toAppError(error, FALLBACK_ERROR);
        throw new PixelError(appError.code, appError.message);
      }
    },
    dispose() {},
  };
}

function pngWasmOf(options: PixelPipelineOptions): Uint8Array<ArrayBuffer> | null {
  return options.wasm === false ? null : pngWasmGzip;
}

function cancelledError(): PixelError {
  return new PixelError('cancelled', 'Cancelled');
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelledError();
}
