// One FLUX generation shared by a set of variant frames (issue #13, point 2 ★): each frame is still a row of the
// one job engine (frozen by 'job/start', composed with the original exact, written and undone on its own), but
// instead of a task per frame, the rows wait here until every frame of the set has frozen its target; then one
// task paints the union canvas that covers every frame around the image (common/variants/plan-union-canvas.ts),
// and each row gets its own API canvas cut from it. One charge, one scene across the set.
//
// The paid-task rules (ui/jobs/README.md) hold: the submit waits for its "submit pending" marker, recorded under
// the set's first row and forgotten with it. The marker is not upgraded to a resumable record, because a saved
// task is resumed into ONE frame and this one belongs to several: a panel closed mid-set reports the task as
// possibly charged on the next opening (never submits it again, never writes a wrong crop).
import type { Plan } from '../../common/geometry/plan';
import { appError, type AppError } from '../../common/protocol/errors';
import type { Target } from '../../common/selection/report';
import type { Settings } from '../../common/settings';
import { jobSettingsOf, type SavedJob } from '../../common/batch/saved-job';
import { cropRgba } from '../../common/pixels/crop-rgba';
import { resizeRgba } from '../../common/pixels/resize-rgba';
import type { Rgba } from '../../common/pixels/rgba';
import { imageRectFromPlan } from '../../common/variants/image-rect-from-plan';
import { planUnionCanvas, type UnionCanvasPlan } from '../../common/variants/plan-union-canvas';
import type { TaskLimiter } from '../api/task-limiter';
import type { FluxApi } from './flux-api';
import { fluxRequestFor } from './flux-request-for';
import type { PixelPipelinePort } from './job-ports';
import { submitClearlyRefused, submitMarker } from './submit-marker';
import { toAppError } from './to-app-error';

export const SHARED_TEXT = {
  tooFarApart: 'These formats cannot share one canvas. Choose “One generation per format” and run again.',
  wrongSize: 'FLUX sent an image of the wrong size for the set. Run the variants again.',
  noOthers: 'Every other format of the set stopped, so there was nothing to generate.',
} as const;

/** Why the set's generation stopped, for every row that waited on it (to-app-error.ts reads `.error`). */
export class SharedGenerationError extends Error {
  constructor(readonly error: AppError) {
    super(error.message);
  }
}

export interface SharedMember {
  jobId: string;
  target: Target;
  /** The stored image bytes (the same image for every frame of a set). */
  source: Uint8Array;
}

export interface SharedCanvas {
  /** This row's API canvas (its plan's width × height), cut from the shared generation. */
  generated: Rgba;
  /** The credits FLUX charged for the set, given to the set's first row only, so sums count it once. */
  cost: number | null;
}

export interface SharedGenerationDeps {
  /** The rows of the set, every one of which joins or leaves. */
  rowIds: readonly string[];
  settings: Settings;
  api: FluxApi;
  pipeline: PixelPipelinePort & Required<Pick<PixelPipelinePort, 'decodeAsync'>>;
  limiter: TaskLimiter;
  now(): number;
  /** Records the marker under `rowId` (its row forgets it when it ends); rejects when it could not be recorded. */
  recordMarkerAsync(rowId: string, marker: SavedJob, signal: AbortSignal): Promise<void>;
  /** The submit failed in a way FLUX may still have charged: the marker stays in the ledger when the row ends. */
  keepMarker(rowId: string, taskId: string): void;
  /** The submit was accepted: every waiting row is now paid for. */
  onSubmitted(rowIds: readonly string[], cost: number | null): void;
  onStatus(rowIds: readonly string[], status: string, progress: number | null): void;
  /** Gives the page a turn between two cuts, so the first formats compose (in the pixel worker) while the next are cut. */
  sleepAsync(ms: number): Promise<void>;
}

export interface SharedGeneration {
  /** The row's frozen target joins the set; resolves with its canvas once the one generation is in. */
  joinAsync(rowId: string, member: SharedMember, signal: AbortSignal): Promise<SharedCanvas>;
  /** The row stopped before joining (its frame could not be frozen): the set no longer waits for it. */
  leave(rowId: string): void;
}

interface Waiting extends SharedMember {
  rowId: string;
  signal: AbortSignal;
  resolve(canvas: SharedCanvas): void;
  reject(error: unknown): void;
}

/** The union as a Plan the pixel pipeline and the FLUX request understand: the whole image on the union canvas. */
export function unionRequestPlan(base: Plan, union: UnionCanvasPlan): Plan {
  return {
    ...base,
    width: union.width,
    height: union.height,
    offsetX: union.offsetX,
    offsetY: union.offsetY,
    autoCrop: false,
    reference: union.reference,
    scale: union.scale,
    limitedBy: union.scale < 1 ? ['api-max-pixels'] : [],
    output: { width: union.width, height: union.height, offsetX: union.offsetX, offsetY: union.offsetY, scale: 1 },
    megapixels: Math.round((union.width * union.height) / 10_000) / 100,
  };
}

/** One row's API canvas from the union's pixels: its frame's rectangle, resized to the row's plan canvas. */
export function canvasFromUnion(
  union: Rgba,
  rect: { x: number; y: number; width: number; height: number },
  plan: Plan,
): Rgba {
  const x0 = Math.min(union.width - 1, Math.max(0, Math.round(rect.x)));
  const y0 = Math.min(union.height - 1, Math.max(0, Math.round(rect.y)));
  const x1 = Math.min(union.width, Math.max(x0 + 1, Math.round(rect.x + rect.width)));
  const y1 = Math.min(union.height, Math.max(y0 + 1, Math.round(rect.y + rect.height)));
  return resizeRgba(cropRgba(union, { x: x0, y: y0, width: x1 - x0, height: y1 - y0 }), plan.width, plan.height);
}

export function createSharedGeneration(deps: SharedGenerationDeps): SharedGeneration {
  const joined: Waiting[] = [];
  const left = new Set<string>();
  let started = false;

  const maybeStart = (): void => {
    if (started || joined.length + left.size < deps.rowIds.length) return;
    started = true;
    void runAsync([...joined]);
  };

  const runAsync = async (members: Waiting[]): Promise<void> => {
    const first = members[0];
    if (!first) return;
    // The generation stops only when every row waiting for it has stopped.
    const controller = new AbortController();
    const stopped = new Set<string>();
    for (const m of members) {
      const onAbort = () => {
        stopped.add(m.rowId);
        m.reject(m.signal.reason);
        if (stopped.size === members.length) controller.abort();
      };
      if (m.signal.aborted) onAbort();
      else m.signal.addEventListener('abort', onAbort, { once: true });
    }
    const { signal } = controller;
    const live = () => members.filter((m) => !stopped.has(m.rowId));
    try {
      const turns = first.target.plan.quarterTurns;
      const turned =
        turns % 2 === 1
          ? { width: first.target.image.height, height: first.target.image.width }
          : { width: first.target.image.width, height: first.target.image.height };
      const union = planUnionCanvas(
        turned,
        members.map((m) => ({ frame: m.target.frame, image: imageRectFromPlan(m.target.plan, m.target.image) })),
        // As sharp as the sharpest format's own canvas (variant frames rise to 1 px per unit, plan-canvas.ts).
        Math.max(...members.map((m) => m.target.plan.scale)),
      );
      if (union === null) throw new SharedGenerationError(appError('limits', SHARED_TEXT.tooFarApart));
      const plan = unionRequestPlan(first.target.plan, union);
      const reference = await deps.pipeline.prepareReferenceAsync(first.source, plan, signal);
      const release = await deps.limiter.acquireAsync(signal);
      let sampleUrl: string;
      let cost: number | null;
      try {
        const marker = submitMarker({
          jobId: first.jobId,
          candidate: 0,
          candidates: 1,
          target: first.target,
          settings: jobSettingsOf(deps.settings),
          submittedAt: deps.now(),
        });
        await deps.recordMarkerAsync(first.rowId, marker, signal);
        let submitted;
        try {
          submitted = await deps.api.submitAsync(fluxRequestFor(reference.bytes, plan, deps.settings), signal);
        } catch (thrown) {
          if (!signal.aborted && !submitClearlyRefused(toAppError(thrown, 'submit').code))
            deps.keepMarker(first.rowId, marker.taskId);
          throw thrown;
        }
        cost = submitted.cost;
        deps.onSubmitted(
          live().map((m) => m.rowId),
          cost,
        );
        ({ sampleUrl } = await deps.api.pollAsync(submitted.pollingUrl, signal, (status, progress) =>
          deps.onStatus(
            live().map((m) => m.rowId),
            status,
            progress,
          ),
        ));
      } finally {
        release();
      }
      const pixels = await deps.pipeline.decodeAsync(await deps.api.downloadAsync(sampleUrl, signal), signal);
      if (pixels.width !== union.width || pixels.height !== union.height)
        throw new SharedGenerationError(appError('size-mismatch', SHARED_TEXT.wrongSize));
      for (const [i, m] of members.entries()) {
        const crop = union.crops[i];
        if (!crop || stopped.has(m.rowId)) continue;
        m.resolve({ generated: canvasFromUnion(pixels, crop.rect, m.target.plan), cost: m === first ? cost : null });
        await deps.sleepAsync(0);
      }
    } catch (error) {
      for (const m of live()) m.reject(error);
    }
  };

  return {
    joinAsync(rowId, member, signal) {
      return new Promise<SharedCanvas>((resolve, reject) => {
        joined.push({ ...member, rowId, signal, resolve, reject });
        maybeStart();
      });
    },
    leave(rowId) {
      if (joined.some((m) => m.rowId === rowId)) return;
      left.add(rowId);
      maybeStart();
    },
  };
}
