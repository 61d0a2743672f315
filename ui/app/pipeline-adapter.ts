// The pixel pipeline (ui/pixels/pixel-pipeline.ts) already has the runner's PixelPipelinePort shape;
// this keeps that promise checked by the compiler in one place.
import type { PixelPipelinePort } from '../jobs/job-ports';
import { createPixelPipeline, type PixelPipeline } from '../pixels/pixel-pipeline';

/** Larger than any image Figma holds (4096 px a side) or FLUX returns (4 MP): a whole decode, never scaled. */
const WHOLE = 1 << 16;

export function createPipelinePort(pipeline: PixelPipeline = createPixelPipeline()): PixelPipelinePort {
  return {
    prepareReferenceAsync: (source, plan, signal) => pipeline.prepareReferenceAsync(source, plan, signal),
    runOfflineAsync: (source, plan, options) => pipeline.runOfflineAsync(source, plan, options),
    finishAsync: (input, signal) => pipeline.finishAsync(input, signal),
    decodeAsync: (bytes, signal) => pipeline.decodePreviewAsync(bytes, WHOLE, signal),
  };
}
