// The test page's script: the real pipeline and codec, bundled like ui.html bundles them, plus an independent
// decoder (<img> + 2D canvas, exact for opaque pixels) that tests use as the expected side for JPEG.
import type { Plan } from '../../../../common/geometry/plan';
import type { ErrorCode } from '../../../../common/protocol/errors';
import type { Rgba } from '../../../../ui/pixels/codec';
import { PixelError } from '../../../../ui/pixels/pixel-error';
import type { FinishInput, FinishedImage, PreparedReference } from '../../../../ui/pixels/pixel-jobs';
import { createPixelPipeline, type PipelineMode, type PixelPipeline } from '../../../../ui/pixels/pixel-pipeline';

export interface PipelineChoice {
  modes?: PipelineMode[];
  wasm?: boolean;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; code: ErrorCode | 'thrown'; message: string };

const pipelines = new Map<string, PixelPipeline>();

function pipelineFor(choice: PipelineChoice): PixelPipeline {
  const key = JSON.stringify(choice);
  let pipeline = pipelines.get(key);
  if (!pipeline) {
    pipeline = createPixelPipeline(choice);
    pipelines.set(key, pipeline);
  }
  return pipeline;
}

async function outcomeAsync<T>(run: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    if (error instanceof PixelError) return { ok: false, code: error.code, message: error.message };
    return { ok: false, code: 'thrown', message: String(error) };
  }
}

const api = {
  status: (choice: PipelineChoice) => outcomeAsync(() => pipelineFor(choice).statusAsync()),
  prepare: (source: Uint8Array, plan: Plan, choice: PipelineChoice): Promise<Outcome<PreparedReference>> =>
    outcomeAsync(() => pipelineFor(choice).prepareReferenceAsync(source, plan)),
  finish: (input: FinishInput, choice: PipelineChoice): Promise<Outcome<FinishedImage>> =>
    outcomeAsync(() => pipelineFor(choice).finishAsync(input)),
  offline: async (source: Uint8Array, plan: Plan, seed: number, choice: PipelineChoice) => {
    const progress: number[] = [];
    const outcome = await outcomeAsync(() =>
      pipelineFor(choice).runOfflineAsync(source, plan, { seed, onProgress: (f) => progress.push(f) }),
    );
    return { outcome, progress };
  },
  /** Starts a finish and aborts it at once: the caller must get 'cancelled', and the pipeline must keep working. */
  finishAborted: (input: FinishInput, choice: PipelineChoice): Promise<Outcome<FinishedImage>> => {
    const controller = new AbortController();
    const running = outcomeAsync(() => pipelineFor(choice).finishAsync(input, controller.signal));
    controller.abort();
    return running;
  },
  decodeWithImage: async (bytes: Uint8Array, mime: string): Promise<Rgba> => {
    const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mime }));
    try {
      const img = new Image();
      img.src = url;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const context = canvas.getContext('2d');
      if (!context) throw new Error('no 2d context');
      context.drawImage(img, 0, 0);
      const data = context.getImageData(0, 0, canvas.width, canvas.height);
      return { data: data.data, width: data.width, height: data.height };
    } finally {
      URL.revokeObjectURL(url);
    }
  },
};

export type PixelPageApi = typeof api;

(globalThis as unknown as { __pixelTest: PixelPageApi }).__pixelTest = api;
