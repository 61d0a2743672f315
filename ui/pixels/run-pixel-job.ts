// Runs one PixelJob against a codec: the same code in the worker and in the main-thread fallback.
import { resizeRgba } from '../../common/pixels/resize-rgba';
import type { Rgba } from './codec';
import type { ImageCodec } from './codec';
import { PixelError } from './pixel-error';
import { withSourceCache, type SourceDecodeCache } from './source-decode-cache';
import {
  composePassJobAsync,
  finishAsync,
  prepareReferenceAsync,
  startPassCanvasAsync,
  runOfflineAsync,
  type JobContext,
  type OfflineEngine,
} from './pixel-jobs';
import type { PixelJob, PixelJobResults } from './worker-protocol';

export interface JobRuntime extends JobContext {
  codec: ImageCodec;
  /** One per worker (or main-thread runner): the last decoded source, shared by a job's stages. */
  sourceCache: SourceDecodeCache;
  /** null until the offline engine is available in this build. */
  engine: OfflineEngine | null;
  isCancelled(): boolean;
  onProgress(fraction: number): void;
}

export async function runPixelJobAsync(job: PixelJob, rt: JobRuntime): Promise<PixelJobResults[PixelJob['kind']]> {
  switch (job.kind) {
    case 'prepare':
      return prepareReferenceAsync(
        withSourceCache(rt.codec, rt.sourceCache, job.source, job.sourceId),
        job.source,
        job.plan,
        rt,
      );
    case 'finish':
      return finishAsync(withSourceCache(rt.codec, rt.sourceCache, job.input.source, job.sourceId), job.input, rt);
    case 'offline':
      if (!rt.engine)
        throw new PixelError('engine-failed', 'The offline engine is not in this build. Use FLUX instead');
      return runOfflineAsync(
        withSourceCache(rt.codec, rt.sourceCache, job.source, job.sourceId),
        rt.engine,
        job.source,
        job.plan,
        {
          seed: job.seed,
          onProgress: (fraction) => rt.onProgress(fraction),
          shouldCancel: () => rt.isCancelled(),
        },
        rt,
      );
    case 'preview':
      return previewAsync(rt.codec, job.bytes, job.maxSide);
    case 'pass-canvas':
      return startPassCanvasAsync(
        withSourceCache(rt.codec, rt.sourceCache, job.source, job.sourceId),
        job.source,
        job.plan,
        rt,
      );
    case 'encode-png':
      return rt.codec.encodePngAsync(job.pixels);
    case 'compose-pass':
      return composePassJobAsync(rt.codec, job, rt);
  }
}

/** Decoded pixels no larger than `maxSide` on either side, for the panel's preview. */
async function previewAsync(codec: ImageCodec, bytes: Uint8Array, maxSide: number): Promise<Rgba> {
  const img = await codec.decodeAsync(bytes);
  const factor = Math.min(1, maxSide / Math.max(img.width, img.height));
  if (factor === 1) return img;
  return resizeRgba(img, Math.max(1, Math.round(img.width * factor)), Math.max(1, Math.round(img.height * factor)));
}
