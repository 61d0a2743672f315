// Adapts the pixel pipeline (ui/pixels/pixel-pipeline.ts) to the runner's PixelPipelinePort.
// Until the pipeline lands, every call fails with a clear message instead of a crash.
import { appError } from '../../common/protocol/errors';
import type { PixelPipelinePort } from '../job/job-ports';

const NOT_READY = appError('engine-failed', 'The image pipeline is not part of this build yet. Update the plugin.');

export function createPipelinePort(): PixelPipelinePort {
  const fail = () => Promise.reject(Object.assign(new Error(NOT_READY.message), { appError: NOT_READY }));
  return { prepareReferenceAsync: fail, runOfflineAsync: fail, finishAsync: fail };
}
