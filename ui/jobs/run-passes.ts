// A multi-pass outpaint as one row of the job engine (ui/jobs/README.md): a frame past 4 MP tiled at native
// density, or an extension larger than the image walked out in steps (common/passes/plan-passes.ts). Each pass is
// a paid task under the ledger's rules, through the engine's own submit and poll: its "submit pending" marker is
// stored before it is sent, its record kept until the frame is written. The passes share the frame's job id; a
// panel closed halfway leaves their records, and the reopened panel fetches the passes done (never paying for them
// again), rebuilds the canvas and goes on from the next. A pass FLUX has not delivered leaves the row on
// "Check again", which resumes the same way.
import type { Plan } from '../../common/geometry/plan';
import { passReference } from '../../common/passes/compose-pass';
import type { Pass, PassPlan } from '../../common/passes/plan-passes';
import type { SavedJob } from '../../common/batch/saved-job';
import { appError, type AppError } from '../../common/protocol/errors';
import type { Rgba } from '../../common/pixels/rgba';
import type { Target } from '../../common/selection/report';
import type { Settings } from '../../common/settings';
import type { FluxApi } from './flux-api';
import type { FluxRequest, GeneratedImage } from './job-ports';
import { submitClearlyRefused, type MarkerSlot } from './submit-marker';
import { toAppError } from './to-app-error';
import type { PassStep } from '../state/job-stage';

export interface ComposePassInput {
  canvas: Rgba;
  /** The pass's FLUX image file. */
  result: Uint8Array;
  pass: Pass;
  feather: number;
}

/**
 * The pixel work of a pass sequence, in the pixel worker (ui/pixels; the main thread only when no worker starts),
 * so a 16 MP canvas is never joined on the panel's thread.
 */
export interface PassPixelsPort {
  /** The written image with only the original on it (the stored image rotated, cropped, at output density). */
  startCanvasAsync(source: Uint8Array, plan: Plan, signal: AbortSignal): Promise<Rgba>;
  encodePngAsync(pixels: Rgba, signal: AbortSignal): Promise<Uint8Array>;
  /** Decodes the pass's image and joins it (common/passes/compose-pass.ts); the canvas sent is spent. */
  composePassAsync(input: ComposePassInput, signal: AbortSignal): Promise<Rgba>;
}

export const PASS_TEXT = {
  planChanged: 'The frame changed since its passes began. Run it again.',
  uncertain: (step: number, count: number) =>
    `FLUX never confirmed pass ${step} of ${count}; it may be charged. Retry continues from there.`,
} as const;

/**
 * The plan the written image is finished with: the canvas the passes filled is already the written image's size,
 * so finishing only pastes the original back exactly (ui/pixels/pixel-jobs.ts finishAsync).
 */
export function finishPlanOf(plan: Plan): Plan {
  return { ...plan, width: plan.output.width, height: plan.output.height };
}

/** The engine's own pieces a pass sequence runs on (ui/jobs/job-engine.ts), generic over its row runtime. */
export interface PassRowPorts<R extends { controller: AbortController; taskIds: Set<string> }> {
  pixels: PassPixelsPort;
  submitPaidAsync(
    rowId: string,
    runtime: R,
    slot: Omit<MarkerSlot, 'submittedAt'>,
    request: FluxRequest,
    api: FluxApi,
  ): Promise<{ task: SavedJob; release: () => void; cost: number | null }>;
  pollDownloadAsync(
    rowId: string,
    runtime: R,
    context: { task: SavedJob; api: FluxApi; single: boolean; slot?: () => void; pass?: PassStep },
  ): Promise<GeneratedImage>;
  /** Finishes the filled canvas into the written image and writes it (the engine's compose and settle). */
  finishAsync(rowId: string, runtime: R, canvas: Rgba, cost: number | null, input: PassRunInput): Promise<void>;
  /**
   * Ends the row failed: `records` (paid, still fetchable) are kept for "Check again", else forgotten.
   * `atSubmit`: the error came from sending a pass, so no record of it exists and the message already says why.
   */
  fail(rowId: string, runtime: R, error: unknown, records: SavedJob[], atSubmit: boolean): void;
}

export interface PassRunInput {
  jobId: string;
  target: Target;
  source: Uint8Array;
  settings: Omit<Settings, 'apiKey'>;
  api: FluxApi;
  passes: PassPlan;
  /** Records of passes already paid for (a resumed or re-checked sequence), by pass index. */
  done: readonly SavedJob[];
  /** A pass whose submit FLUX never confirmed: stop before sending it, so it is not paid twice unasked. */
  stopBeforeSubmit: boolean;
}

/** Runs a frame's passes in order, each reference cut from the canvas the passes before it filled. */
export async function runPassRowAsync<R extends { controller: AbortController; taskIds: Set<string> }>(
  ports: PassRowPorts<R>,
  rowId: string,
  runtime: R,
  input: PassRunInput,
): Promise<void> {
  const { signal } = runtime.controller;
  const { passes } = input.passes;
  const count = passes.length;
  /** The pass being sent, while its submit is in flight. */
  let sending: number | null = null;
  const records: SavedJob[] = [...input.done].sort((a, b) => (a.pass?.index ?? 0) - (b.pass?.index ?? 0));
  for (const record of records) runtime.taskIds.add(record.taskId);
  try {
    if (records.some((r) => r.pass?.count !== count))
      throw new PassStopped(appError('node-changed', PASS_TEXT.planChanged));
    let canvas = await ports.pixels.startCanvasAsync(input.source, input.target.plan, signal);
    let cost: number | null = 0;
    for (let index = 0; index < count; index++) {
      const pass = passes[index]!;
      const step: PassStep = { index, count };
      let task = records.find((r) => r.pass?.index === index);
      let slot: (() => void) | undefined;
      if (!task) {
        if (input.stopBeforeSubmit)
          throw new PassStopped(appError('submit-uncertain', PASS_TEXT.uncertain(index + 1, count)));
        const reference = await ports.pixels.encodePngAsync(passReference(canvas, pass), signal);
        const prompt = input.settings.prompt.trim();
        const request: FluxRequest = {
          inputImage: reference,
          width: pass.region.width,
          height: pass.region.height,
          offsetX: pass.reference.x - pass.region.x,
          offsetY: pass.reference.y - pass.region.y,
          autoCrop: false,
          mode: input.settings.mode,
          ...(prompt === '' ? {} : { prompt }),
          outputFormat: 'png',
        };
        sending = index;
        const submitted = await ports.submitPaidAsync(
          rowId,
          runtime,
          {
            jobId: input.jobId,
            candidate: 0,
            candidates: 1,
            target: input.target,
            settings: input.settings,
            pass: step,
          },
          request,
          input.api,
        );
        sending = null;
        task = submitted.task;
        slot = submitted.release;
        records.push(task);
      }
      cost = cost === null || task.cost === null ? null : cost + task.cost;
      const generated = await ports.pollDownloadAsync(rowId, runtime, {
        task,
        api: input.api,
        single: false,
        ...(slot ? { slot } : {}),
        pass: step,
      });
      const result = generated instanceof Uint8Array ? generated : await ports.pixels.encodePngAsync(generated, signal);
      canvas = await ports.pixels.composePassAsync({ canvas, result, pass, feather: input.settings.feather }, signal);
    }
    await ports.finishAsync(rowId, runtime, canvas, cost, input);
  } catch (thrown) {
    if (thrown instanceof PassStopped) {
      ports.fail(rowId, runtime, thrown.error, records, thrown.error.code === 'submit-uncertain');
      return;
    }
    if (sending !== null && !signal.aborted) {
      const code = toAppError(thrown, 'submit').code;
      // A pass FLUX may have accepted is not sent again unasked: the row says so, and Retry continues from it.
      const error = submitClearlyRefused(code)
        ? toAppError(thrown, PASS_TEXT.uncertain(sending + 1, count))
        : appError('submit-uncertain', PASS_TEXT.uncertain(sending + 1, count));
      ports.fail(rowId, runtime, error, records, true);
      return;
    }
    ports.fail(rowId, runtime, thrown, records, false);
  }
}

/** A sequence stopped for a reason of its own, with the message the row shows. */
export class PassStopped extends Error {
  constructor(readonly error: AppError) {
    super(error.message);
  }
}
