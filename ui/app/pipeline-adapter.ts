// The pixel pipeline (ui/pixels/pixel-pipeline.ts) already has the runner's PixelPipelinePort shape;
// this keeps that promise checked by the compiler in one place.
import type { PixelPipelinePort } from '../jobs/job-ports';
import { createPixelPipeline, type PixelPipeline } from '../pixels/pixel-pipeline';

export function createPipelinePort(pipeline: PixelPipeline = createPixelPipeline()): PixelPipelinePort {
  return pipeline;
}
