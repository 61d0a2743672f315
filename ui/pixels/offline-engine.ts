// The offline engine (common/engine/outpaint-offline.ts) in the pipeline's OfflineEngine shape. It is
// synchronous, so inside the worker a 'cancel' message cannot land mid-run: the caller's promise still
// rejects at once with 'cancelled' and the late result is dropped.
import { outpaintOffline } from '../../common/engine/outpaint-offline';
import type { OfflineEngine } from './pixel-jobs';

export const offlineEngine: OfflineEngine = (input) => {
  const { onProgress } = input;
  return outpaintOffline({
    reference: input.reference,
    canvasWidth: input.canvasWidth,
    canvasHeight: input.canvasHeight,
    offsetX: input.offsetX,
    offsetY: input.offsetY,
    seed: input.seed,
    ...(onProgress ? { onProgress: (progress: { fraction: number }) => onProgress(progress.fraction) } : {}),
    ...(input.shouldCancel ? { shouldCancel: input.shouldCancel } : {}),
  });
};
