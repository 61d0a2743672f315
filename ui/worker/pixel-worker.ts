// The pixel worker: decodes, crops, resizes, composes and encodes off the UI thread so the panel never freezes
// (https://developers.figma.com/docs/plugins/frozen-plugins). Bundled by scripts/build.mjs and inlined into
// ui.html gzip-compressed (ui/pixels/built-worker-source.ts); ui/pixels/pixel-pipeline.ts starts it and sends the PNG codec's wasm in the
// start message (the worker's source does not carry a copy of its own).
import { toAppError } from '../pixels/pixel-error';
import { PixelError } from '../pixels/pixel-error';
import { createBrowserCodecAsync } from '../pixels/browser-codec';
import type { ImageCodec } from '../pixels/codec';
import { offlineEngine } from '../pixels/offline-engine';
import { runPixelJobAsync } from '../pixels/run-pixel-job';
import { createSourceDecodeCache } from '../pixels/source-decode-cache';
import { transferablesOf, type PixelRequest, type PixelResponse } from '../pixels/worker-protocol';

interface WorkerScope {
  postMessage(message: PixelResponse, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<PixelRequest>) => void): void;
}

const scope = self as unknown as WorkerScope;
const cancelled = new Set<number>();
let codec: Promise<ImageCodec> | null = null;
const sourceCache = createSourceDecodeCache();

scope.addEventListener('message', (event) => {
  const request = event.data;
  if (request.kind === 'start') {
    codec ??= createBrowserCodecAsync({ pngWasmGzip: request.pngWasmGzip });
    void codec.then((c) => scope.postMessage({ id: request.id, kind: 'ready', exact: c.exact }));
    return;
  }
  if (request.kind === 'cancel') {
    cancelled.add(request.id);
    return;
  }
  void runAsync(request.id, request.job);
});

async function runAsync(id: number, job: Extract<PixelRequest, { kind: 'job' }>['job']): Promise<void> {
  try {
    // The pipeline sends jobs only after 'ready', so the codec exists; a job without one is a protocol bug.
    if (!codec) throw new Error('job before start');
    const result = await runPixelJobAsync(job, {
      codec: await codec,
      sourceCache,
      engine: offlineEngine,
      isCancelled: () => cancelled.has(id),
      onProgress: (fraction) => scope.postMessage({ id, kind: 'progress', fraction }),
      checkpointAsync: async () => {
        // Let a queued 'cancel' message in before the next heavy stage.
        await new Promise((resolve) => setTimeout(resolve, 0));
        if (cancelled.has(id)) throw new PixelError('cancelled', 'Cancelled');
      },
    });
    if (!cancelled.has(id)) scope.postMessage({ id, kind: 'done', result }, transferablesOf(result));
  } catch (error) {
    const appError = toAppError(error, {
      code: 'engine-failed',
      message: 'Image processing failed. Try again, or try a smaller frame',
    });
    if (!cancelled.has(id)) scope.postMessage({ id, kind: 'failed', error: appError });
  } finally {
    cancelled.delete(id);
  }
}
