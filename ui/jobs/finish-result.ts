// A generated canvas made into the image to write: the pipeline's finish (original pasted back exactly, at the
// plan's output size, encoded), the result's meta for the sandbox, and a preview URL for the panel. One place for the
// engine's results and the free draft's (draft-runner.ts).
import type { ResultMeta } from '../../common/protocol/messages';
import type { ImageFormat, Target } from '../../common/selection/report';
import type { Settings } from '../../common/settings';
import type { GeneratedImage, PixelPipelinePort } from './job-ports';

export interface FinishedResult {
  bytes: Uint8Array;
  meta: ResultMeta;
  width: number;
  height: number;
  url: string;
}

export async function finishResultAsync(
  deps: {
    pipeline: Pick<PixelPipelinePort, 'finishAsync'>;
    now(): number;
    makePreviewUrl(bytes: Uint8Array, format: ImageFormat): string;
  },
  input: {
    source: Uint8Array;
    generated: GeneratedImage;
    target: Target;
    settings: Pick<Settings, 'engine' | 'mode' | 'feather' | 'outputFormat'>;
    cost: number | null;
  },
  signal: AbortSignal,
): Promise<FinishedResult> {
  const { settings } = input;
  const finished = await deps.pipeline.finishAsync(
    {
      source: input.source,
      result: input.generated,
      plan: input.target.plan,
      feather: settings.feather,
      format: settings.outputFormat,
    },
    signal,
  );
  const meta: ResultMeta = {
    engine: settings.engine,
    mode: settings.engine === 'offline' ? 'offline' : settings.mode,
    createdAt: new Date(deps.now()).toISOString(),
    cost: input.cost,
    width: finished.width,
    height: finished.height,
  };
  const url = deps.makePreviewUrl(finished.bytes, settings.outputFormat === 'jpeg' ? 'jpeg' : 'png');
  return { ...finished, meta, url };
}
