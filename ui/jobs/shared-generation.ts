// One FLUX generation shared by a set of variant frames (issue #13, point 2 ★): each frame is still a row of the
// one job engine (frozen by 'job/start', composed with the original exact, written and undone on its own), but
// instead of a task per frame, the rows wait here until every frame of the set has frozen its target; then one
// task paints the union canvas that covers every frame around the image (common/variants/plan-union-canvas.ts),
// and each row gets its own API canvas cut from it. One charge, one scene across the set.
//
// The paid-task rules (ui/jobs/README.md) hold through the engine's own steps (`SetTaskPort`: its submitPaidAsync
// and pollDownloadAsync): the marker is confirmed stored before the submit leaves, and the task's record names the
// set — every member's job id and frozen target (common/batch/saved-job.ts, `set`). The sandbox notes each member
// written and drops the record after the last, so a panel closed mid-set leaves the record, and the reopened panel
// (or "Check again") comes back here with `saved`: the union and each cut are rebuilt from the record's targets,
// the one task is polled — never submitted again — and each unwritten member writes its own cut (a frame changed
// since gets it placed beside, as any resumed result).
import type { Plan } from '../../common/geometry/plan';
import { appError, type AppError } from '../../common/protocol/errors';
import type { Target } from '../../common/selection/report';
import type { Settings } from '../../common/settings';
import { jobSettingsOf, type SavedJob } from '../../common/batch/saved-job';
import type { Rgba } from '../../common/pixels/rgba';
import { cutFromUnion } from '../../common/variants/cut-from-union';
import { imageRectFromPlan } from '../../common/variants/image-rect-from-plan';
import { planUnionCanvas, type UnionCanvasPlan } from '../../common/variants/plan-union-canvas';
import { fluxRequestFor } from './flux-request-for';
import type { FluxRequest, GeneratedImage, PixelPipelinePort } from './job-ports';
import type { MarkerSlot } from './submit-marker';

export const SHARED_TEXT = {
  tooFarApart: 'These formats cannot share one canvas. Choose “One generation per format” and run again.',
  wrongSize: 'FLUX sent an image of the wrong size for the set. Run the variants again.',
  noOthers: 'Every other format of the set stopped, so there was nothing to generate.',
  notInSet: 'This format is not part of the saved set any more. Run the variants again.',
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
  /**
   * This row's frame cut from the shared generation, at the union's density: finishing resamples it once, in the
   * pixel pipeline, to the written size (`planForCut`), never twice and never on the panel's thread.
   */
  generated: Rgba;
  /** The credits FLUX charged for the set, given to the set's first row only, so sums count it once. */
  cost: number | null;
}

/** The engine's own paid-task steps, run for the set under one runtime (ui/jobs/job-engine.ts). */
export interface SetTaskPort {
  /** Marker confirmed stored → submit → record; the task slot comes back still held, for polling. */
  submitAsync(
    slot: Omit<MarkerSlot, 'submittedAt'>,
    request: FluxRequest,
  ): Promise<{ task: SavedJob; release: () => void; cost: number | null }>;
  /** Polls the accepted task (under `slot`, or a new one) and downloads its image. */
  pollDownloadAsync(task: SavedJob, slot?: () => void): Promise<GeneratedImage>;
}

export interface SharedGenerationDeps {
  /** The rows of the set, every one of which joins or leaves. */
  rowIds: readonly string[];
  settings: Settings;
  /** The set's accepted task (a reopened panel, "Check again"): polled, never submitted again. */
  saved?: SavedJob;
  pipeline: Pick<PixelPipelinePort, 'prepareReferenceAsync'> & Required<Pick<PixelPipelinePort, 'decodeAsync'>>;
  /** The set's runtime: aborted here once every row waiting on the generation has stopped. */
  controller: AbortController;
  task: SetTaskPort;
  /** The accepted task is not delivered yet and did not fail at FLUX: its rows offer "Check again". */
  keep(task: SavedJob, rowIds: readonly string[]): void;
  /** True when the task FLUX accepted has nothing more to give (failed there, or delivered but unusable). */
  finalForTask(thrown: unknown): boolean;
  /** Gives the page a turn between two cuts, so the first formats compose (in the pixel worker) while the next are cut. */
  sleepAsync(ms: number): Promise<void>;
}

export interface SharedGeneration {
  /** The row's frozen target joins the set; resolves with its canvas once the one generation is in. */
  joinAsync(rowId: string, member: SharedMember, signal: AbortSignal): Promise<SharedCanvas>;
  /** The row stopped before joining (its frame could not be frozen): the set no longer waits for it. */
  leave(rowId: string): void;
  /** The rows still waiting on the generation: they show its sending, queue and progress. */
  liveRowIds(): readonly string[];
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

/**
 * The plan a row's cut is finished with: its own, its canvas the cut's size. Finishing resamples the generated
 * canvas to the plan's output (ui/pixels/pixel-jobs.ts), so the cut goes from the union's density to the written
 * size in one step, in the pixel worker.
 */
export function planForCut(plan: Plan, cut: Rgba): Plan {
  return { ...plan, width: cut.width, height: cut.height };
}

/** The union canvas and where each member's frame sits on it, from the members' frozen targets (in the set's order). */
function unionFor(members: readonly { target: Target }[]): UnionCanvasPlan | null {
  const first = members[0];
  if (!first) return null;
  const turns = first.target.plan.quarterTurns;
  const turned =
    turns % 2 === 1
      ? { width: first.target.image.height, height: first.target.image.width }
      : { width: first.target.image.width, height: first.target.image.height };
  return planUnionCanvas(
    turned,
    members.map((m) => ({ frame: m.target.frame, image: imageRectFromPlan(m.target.plan, m.target.image) })),
    // As sharp as the sharpest format's own canvas (variant frames rise to 1 px per unit, plan-canvas.ts).
    Math.max(...members.map((m) => m.target.plan.scale)),
  );
}

export function createSharedGeneration(deps: SharedGenerationDeps): SharedGeneration {
  const joined: Waiting[] = [];
  const left = new Set<string>();
  const stopped = new Set<string>();
  let started = false;
  let members: Waiting[] = [];

  const maybeStart = (): void => {
    if (started || joined.length + left.size < deps.rowIds.length) return;
    started = true;
    members = [...joined];
    void runAsync();
  };

  const live = (): Waiting[] => members.filter((m) => !stopped.has(m.rowId));

  /** The set's accepted task: the saved one, or a new one through the engine's submit (never both). */
  const acceptedAsync = async (
    union: UnionCanvasPlan,
    order: readonly { jobId: string; target: Target }[],
    source: Uint8Array,
  ): Promise<{ task: SavedJob; slot?: () => void; cost: number | null }> => {
    if (deps.saved) return { task: deps.saved, cost: deps.saved.cost };
    const first = order[0]!;
    const plan = unionRequestPlan(first.target.plan, union);
    const reference = await deps.pipeline.prepareReferenceAsync(source, plan, deps.controller.signal);
    const { task, release, cost } = await deps.task.submitAsync(
      {
        jobId: first.jobId,
        candidate: 0,
        candidates: 1,
        target: first.target,
        settings: jobSettingsOf(deps.settings),
        set: { members: order.map((m) => ({ jobId: m.jobId, target: m.target })) },
      },
      fluxRequestFor(reference.bytes, plan, deps.settings),
    );
    return { task, slot: release, cost };
  };

  const runAsync = async (): Promise<void> => {
    const firstJoined = members[0];
    if (!firstJoined) return;
    // The generation stops only when every row waiting for it has stopped.
    for (const m of members) {
      const onAbort = () => {
        stopped.add(m.rowId);
        m.reject(m.signal.reason);
        if (stopped.size === members.length) deps.controller.abort();
      };
      if (m.signal.aborted) onAbort();
      else m.signal.addEventListener('abort', onAbort, { once: true });
    }
    let task: SavedJob | null = null;
    try {
      // A saved set keeps its members' order and targets (its written members too: the union is all of theirs).
      const order = deps.saved?.set?.members ?? members.map((m) => ({ jobId: m.jobId, target: m.target }));
      const union = unionFor(order);
      if (union === null) throw new SharedGenerationError(appError('limits', SHARED_TEXT.tooFarApart));
      const accepted = await acceptedAsync(union, order, firstJoined.source);
      task = accepted.task;
      const image = await deps.task.pollDownloadAsync(accepted.task, accepted.slot);
      const pixels =
        image instanceof Uint8Array ? await deps.pipeline.decodeAsync(image, deps.controller.signal) : image;
      if (pixels.width !== union.width || pixels.height !== union.height)
        throw new SharedGenerationError(appError('size-mismatch', SHARED_TEXT.wrongSize));
      // The charge is given to one row only (the first still waiting), so the set's sum counts it once.
      let cost = accepted.cost;
      for (const m of members) {
        if (stopped.has(m.rowId)) continue;
        const crop = union.crops[order.findIndex((o) => o.jobId === m.jobId)];
        if (!crop) {
          m.reject(new SharedGenerationError(appError('node-changed', SHARED_TEXT.notInSet)));
          continue;
        }
        m.resolve({ generated: cutFromUnion(pixels, crop.rect), cost });
        cost = null;
        await deps.sleepAsync(0);
      }
    } catch (error) {
      const rows = live();
      if (task && rows.length > 0 && !deps.controller.signal.aborted && !deps.finalForTask(error))
        deps.keep(
          task,
          rows.map((m) => m.rowId),
        );
      for (const m of rows) m.reject(error);
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
    liveRowIds: () => live().map((m) => m.rowId),
  };
}
