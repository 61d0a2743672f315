// The one job engine: every frame Outpaint works on is a row of one queue, however it got there — the footer's
// Outpaint (a queue of one), the queue's "Outpaint all", variants and extend (frames by node id), and the saved
// tasks a closed panel left behind (resume). For each row: 'job/start' freezes the frame → image bytes → offline
// engine or FLUX × candidates → compose → 'job/result' → 'job/written'. ui/jobs/README.md tells the whole story and
// the rules about paid tasks, which live here once:
// - a FLUX task is submitted only once the ledger holds its "submit pending" marker (ui/jobs/submit-marker.ts);
// - an accepted task is forgotten only when written, discarded (or cancelled) by the designer, failed at FLUX, or
//   past its provider's window — never because polling was slow: such a row offers "Check again", which polls;
// - a composed result is held until the sandbox confirms the write, and a late confirmation still counts.
// FLUX tasks run under the shared task limiter (≤ 24 in flight, docs/bfl-api.md, Rate limits and concurrency),
// offline runs one at a time. Every dependency is passed in, so tests drive it with typed fakes.
import { finishResultAsync } from './finish-result';
import { fluxRequestFor } from './flux-request-for';
import { createSharedGeneration, planForCut, type SharedGeneration } from './shared-generation';
import { createSandboxRequests, type SandboxReply, type SandboxRequest } from './sandbox-requests';
import {
  MARKER_STORE_TIMEOUT_MS,
  saveSubmitMarkerAsync,
  submitClearlyRefused,
  submitMarker,
  taskRecord,
  type MarkerSlot,
} from './submit-marker';
import { PASS_TEXT, finishPlanOf, runPassRowAsync, type PassPixelsPort, type PassRowPorts } from './run-passes';
import { passPlanFor, passesForPlan } from '../../common/passes/compose-pass';
import { estimateFrameCredits } from '../../common/passes/estimate-passes';
import { jobSettingsOf, pendingJobMessage, unwrittenMembers, type SavedJob } from '../../common/batch/saved-job';
import { clockTime, splitForResume, staleJobMessage } from '../../common/batch/resume-window';
import { appError, type AppError, type ErrorCode } from '../../common/protocol/errors';
import type { ResultMeta, SandboxMessage, UiMessage } from '../../common/protocol/messages';
import type { ImageFormat, Target } from '../../common/selection/report';
import type { EngineId, Settings } from '../../common/settings';
import { createTaskLimiter, type TaskLimiter } from '../api/task-limiter';
import type { FluxRequest, GeneratedImage, ImageBytesPort, PixelPipelinePort } from './job-ports';
import { toAppError } from './to-app-error';
import type { DraftHook } from './draft-runner';
import type { AppAction } from '../state/app-action';
import type { AppState } from '../state/app-state';
import { COVERED_HINT, chosenTarget, runBlocker, runSettings } from '../state/app-selectors';
import type { JobStage, PassStep } from '../state/job-stage';
import type { BatchAction } from '../batch/batch-action';
import type { FluxApiFactory } from './flux-api';
import { batchBlocker, batchTargets } from '../batch/batch-selectors';
import { EMPTY_CANDIDATE, newRow, type BatchRow, type CandidateView, type RowStatus } from '../batch/batch-state';

export interface JobEngineDeps {
  getState(): AppState;
  dispatch(action: AppAction): void;
  post(message: UiMessage): void;
  images: ImageBytesPort;
  pipeline: PixelPipelinePort;
  createApi: FluxApiFactory;
  /** The UI's one limiter for FLUX tasks (ui/api/task-limiter.ts). */
  limiter: TaskLimiter;
  /** The offline engine is synchronous in one worker: one run at a time (ui/pixels/README.md). */
  offlineLimiter?: TaskLimiter;
  /** Milliseconds since the epoch. */
  now(): number;
  newId(): string;
  /** Seed for the offline engine's n-th candidate, so candidates differ and a run can be repeated. */
  seed(candidate: number): number;
  sleepAsync(ms: number): Promise<void>;
  makePreviewUrl(bytes: Uint8Array, format: ImageFormat): string;
  revokePreviewUrl?(url: string): void;
  /** How long to wait for the sandbox to confirm a write before offering to write again. */
  writeTimeoutMs?: number;
  /** Saved jobs younger than this are resumed (common/batch/resume-window.ts). */
  resumeWindowMs?: number;
  /** Local clock time for the stale message ("14:02"). */
  timeOf?(ms: number): string;
  /** Told when a FLUX row has its reference ready: the free offline draft starts there (ui/jobs/draft-runner.ts). */
  drafts?: DraftHook;
  /** Pixel work of multi-pass outpaints (ui/jobs/run-passes.ts); without it every FLUX run is one request. */
  passPixels?: PassPixelsPort;
}

export interface OutpaintNodesResult {
  written: number;
  /** Frames not written, each with the reason its row gave; `paidTaskKept`: a paid task waits for "Check again". */
  failed: { nodeId: string; message: string; paidTaskKept: boolean }[];
  /** Credits FLUX charged for these frames (its `cost`), summed; 0 offline. */
  charged: number;
}

export interface FrameRequest {
  nodeId: string;
  /** Shown until the sandbox freezes the frame and names it. */
  name: string;
}

export interface JobEngine {
  /**
   * The footer's Outpaint: the chosen target as a queue of one, which the footer then follows. `engine` runs this
   * one job with another engine than the saved one (the busy-border notice's "Use FLUX for this run").
   */
  outpaintChosenAsync(engine?: EngineId): Promise<void>;
  /** "Outpaint all": every selected frame that can be outpainted; the others are listed as skipped. */
  outpaintSelectionAsync(): Promise<void>;
  /**
   * Variants, extend and launches: these frames by node id, selected or not, one result each, run in parallel.
   * `oneGeneration` (a variant set with FLUX): one task paints every frame (ui/jobs/shared-generation.ts).
   */
  outpaintNodesAsync(
    frames: readonly FrameRequest[],
    onSettled?: (settled: number, total: number) => void,
    options?: { oneGeneration?: boolean },
  ): Promise<OutpaintNodesResult>;
  /** Runs a failed row again: a held result is written again, a kept paid task is polled again, else a new run. */
  retryAsync(rowId: string): Promise<void>;
  cancel(rowId: string): void;
  cancelAll(): void;
  /** Writes the chosen candidate into the frame. */
  applyAsync(rowId: string, candidate: number): Promise<void>;
  /** Writes nothing; the results stay viewable until the panel closes, and their paid tasks are forgotten. */
  discard(rowId: string): void;
  refreshCreditsAsync(): Promise<void>;
  /** Feed every sandbox message: the engine takes its answers and 'jobs/saved'. */
  handleMessage(message: SandboxMessage): void;
  /** Resolves when no row is running (tests, bench). */
  whenIdleAsync(): Promise<void>;
}

const DEFAULT_WRITE_TIMEOUT_MS = 60_000;
/**
 * How long an endpoint check that passed stands for the submits after it (check-endpoint.ts): a batch, a set and
 * the next click share one /health request instead of one each before every marker.
 */
export const ENDPOINT_CHECK_TTL_MS = 10_000;

/**
 * Failures after which FLUX has nothing more to give for an accepted task: it failed or was moderated there, is
 * gone, or its result was delivered but cannot be used. Anything else (a poll budget spent, a dropped network, a
 * 5xx, a refused key) leaves the task fetchable, so its record stays and the row offers "Check again".
 */
const FINAL_FOR_TASK: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'api-moderated',
  'api-failed',
  'api-not-found',
  'api-invalid',
  'expired',
  'decode-failed',
  'size-mismatch',
  'unsupported-format',
  'image-too-large',
  'engine-failed',
]);

export const ENGINE_TEXT = {
  checkAgain: 'FLUX has not delivered this paid result yet. Check again — it is not charged twice.',
  checkAgainNetwork: 'The connection dropped while FLUX worked. Check again — it is not charged twice.',
  checkAgainKey: 'The key was refused while fetching. Fix it in Settings, then Check again (already paid).',
  writeUnconfirmed: 'Figma did not confirm the write. Write it again — it is not charged twice.',
  outOfOrder: 'Figma answered out of order. Try again.',
  coveredRow: 'The image already fills this frame — make it bigger or set the fill to Fit',
  noResult: 'No result came back. Retry this frame.',
  failedGeneric: 'The image could not be made. Retry this frame, or switch engines in Settings.',
  keyForResume: 'Add your API key in Settings, or switch to Offline',
  didNotStart: 'Outpaint could not start on this frame. Select it and press Outpaint.',
} as const;

function checkAgainError(error: AppError): AppError {
  if (error.code === 'api-key') return appError('api-key', ENGINE_TEXT.checkAgainKey);
  if (error.code === 'network') return appError('network', ENGINE_TEXT.checkAgainNetwork);
  return appError(error.code === 'api-timeout' ? 'api-timeout' : error.code, ENGINE_TEXT.checkAgain);
}

function cancelledError(submitted: boolean): AppError {
  return appError(
    'cancelled',
    submitted ? 'Cancelled. FLUX may still charge for the task it had started.' : 'Cancelled. Nothing was changed.',
  );
}

/** What a row shows of its frame and engine, the same for a new run, a resumed job and a reported marker. */
function targetRowFields(
  target: Target,
  settings: Pick<Settings, 'engine' | 'mode'>,
): Pick<BatchRow, 'nodeId' | 'nodeName' | 'frame' | 'plan' | 'imageHash' | 'image' | 'engine' | 'mode'> {
  return {
    nodeId: target.nodeId,
    nodeName: target.nodeName,
    frame: target.frame,
    plan: target.plan,
    imageHash: target.image.hash,
    image: { width: target.image.width, height: target.image.height },
    engine: settings.engine,
    mode: settings.mode,
  };
}

class RowStopped extends Error {
  constructor(readonly error: AppError) {
    super(error.message);
  }
}

interface Held {
  bytes: Uint8Array;
  meta: ResultMeta;
}

interface RowRuntime {
  controller: AbortController;
  /** Composed results by candidate index. */
  held: Map<number, Held>;
  /** Ledger ids (markers and tasks) this row may forget when it ends. */
  taskIds: Set<string>;
  /** Accepted tasks by candidate: their records, in case the row must be checked again later. */
  accepted: Map<number, SavedJob>;
  /** Candidates whose accepted task failed for good (nothing more to fetch). */
  finished: Set<number>;
  /** A variant set's runtime (its one task) shows its sending, queue and progress on every row still waiting. */
  reportTo?: () => readonly string[];
}

/** A variant set's accepted task kept for "Check again": one entry shared by every row waiting on it. */
interface KeptSet {
  task: SavedJob;
  rows: { rowId: string; jobId: string }[];
}

export function createJobEngine(deps: JobEngineDeps): JobEngine {
  const offlineLimiter = deps.offlineLimiter ?? createTaskLimiter(1);
  const writeTimeoutMs = deps.writeTimeoutMs ?? DEFAULT_WRITE_TIMEOUT_MS;
  const runtimes = new Map<string, RowRuntime>();
  /** Paid tasks a row keeps in the ledger until they are fetched: waiting for a key, or for "Check again". */
  const kept = new Map<string, SavedJob[]>();
  /** A variant set's one task kept for "Check again", under each of its rows: any of them polls it for all. */
  const keptSets = new Map<string, KeptSet>();
  const running = new Set<Promise<void>>();
  /** The endpoint check per endpoint: in flight, or passed within ENDPOINT_CHECK_TTL_MS. */
  const endpointChecks = new Map<string, { at: number; passed: Promise<void> }>();

  const batch = (action: BatchAction): void => deps.dispatch({ type: 'batch', action });
  const patch = (rowId: string, p: Partial<Omit<BatchRow, 'rowId'>>): void =>
    batch({ type: 'row/patched', rowId, patch: p });
  const patchCandidate = (rowId: string, index: number, p: Partial<CandidateView>): void =>
    batch({ type: 'candidate/patched', rowId, index, patch: p });
  const rowOf = (rowId: string): BatchRow | undefined => deps.getState().batch.rows.find((r) => r.rowId === rowId);
  const rowOfJob = (jobId: string): BatchRow | undefined => deps.getState().batch.rows.find((r) => r.jobId === jobId);

  const track = (work: Promise<void>): Promise<void> => {
    running.add(work);
    void work.finally(() => running.delete(work));
    return work;
  };

  const requests = createSandboxRequests({
    post: deps.post,
    sleepAsync: deps.sleepAsync,
    onLate: (message) => onLateAnswer(message),
  });

  const forget = (runtime: RowRuntime, except: ReadonlySet<string> = new Set()): void => {
    const ids = [...runtime.taskIds].filter((id) => !except.has(id));
    for (const id of ids) runtime.taskIds.delete(id);
    if (ids.length > 0) deps.post({ type: 'job/forget', taskIds: ids });
  };

  const newRuntime = (rowId: string): RowRuntime => {
    const old = runtimes.get(rowId);
    if (old && deps.revokePreviewUrl) {
      for (const c of rowOf(rowId)?.candidates ?? []) if (c.url) deps.revokePreviewUrl(c.url);
    }
    const runtime: RowRuntime = {
      controller: new AbortController(),
      held: new Map(),
      taskIds: new Set(),
      accepted: new Map(),
      finished: new Set(),
    };
    runtimes.set(rowId, runtime);
    return runtime;
  };

  const stage = (rowId: string, signal: AbortSignal, status: RowStatus, next: JobStage): void => {
    if (!signal.aborted) patch(rowId, { status, stage: next });
  };

  /** The rows a runtime's paid task reports to: its own row, or every row a set's task is still painting. */
  const rowsOf = (rowId: string, runtime: RowRuntime): readonly string[] => runtime.reportTo?.() ?? [rowId];

  /**
   * Resolves once the endpoint answered like an API (check-endpoint.ts). One check per endpoint serves every submit
   * while it runs and for a short while after it passed; it is started as a FLUX run starts, so it runs beside the
   * frame's freeze and reference instead of before each marker. A failed check is not remembered.
   */
  const endpointReadyAsync = (endpoint: string, signal?: AbortSignal): Promise<void> => {
    const key = endpoint.trim();
    let entry = endpointChecks.get(key);
    if (!entry || deps.now() - entry.at > ENDPOINT_CHECK_TTL_MS) {
      // Its own signal: one row's cancel must not fail the check the others wait on (it has its own timeout).
      // The check sends no key (check-endpoint.ts); the client is made as every other, with today's key.
      const passed = deps
        .createApi({ endpoint, apiKey: deps.getState().settings.apiKey })
        .checkEndpointAsync(new AbortController().signal);
      const made = { at: deps.now(), passed };
      entry = made;
      endpointChecks.set(key, made);
      passed.catch(() => {
        if (endpointChecks.get(key) === made) endpointChecks.delete(key);
      });
    }
    if (!signal) return entry.passed;
    return Promise.race([
      entry.passed,
      new Promise<never>((_, reject) => {
        if (signal.aborted) reject(signal.reason);
        else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      }),
    ]);
  };

  /** Starts the endpoint check early for a FLUX run; its outcome is read at the submit. */
  const warmEndpoint = (settings: Pick<Settings, 'engine' | 'endpoint'>): void => {
    if (settings.engine === 'flux') endpointReadyAsync(settings.endpoint).catch(() => undefined);
  };

  // ----- one frame -----

  /** Asks the sandbox for the frozen target: 'job/start' for a new job, 'job/resume' for a saved one. */
  const freezeAsync = async (
    message: Extract<SandboxRequest, { type: 'job/start' | 'job/resume' }>,
    signal: AbortSignal,
  ): Promise<Target> => {
    const started = await requests.requestAsync(message, { signal });
    if (started.kind === 'failed') throw new RowStopped(started.error);
    if (started.kind !== 'started') throw new RowStopped(appError('bad-message', ENGINE_TEXT.outOfOrder));
    if (started.target.status === 'covered') throw new RowStopped(appError('covered', COVERED_HINT));
    return started.target;
  };

  const composeAsync = async (
    rowId: string,
    index: number,
    runtime: RowRuntime,
    input: {
      source: Uint8Array;
      generated: GeneratedImage;
      target: Target;
      settings: Omit<Settings, 'apiKey'>;
      cost: number | null;
    },
  ): Promise<void> => {
    const { signal } = runtime.controller;
    stage(rowId, signal, 'composing', { kind: 'composing' });
    const finished = await finishResultAsync(deps, input, signal);
    if (signal.aborted) throw new RowStopped(appError('cancelled', 'Cancelled.'));
    runtime.held.set(index, { bytes: finished.bytes, meta: finished.meta });
    const { url } = finished;
    patchCandidate(rowId, index, {
      status: 'ready',
      url,
      width: finished.width,
      height: finished.height,
      cost: input.cost,
    });
  };

  /** Polls an accepted task under a task slot and downloads its image. */
  const pollDownloadAsync = async (
    rowId: string,
    runtime: RowRuntime,
    context: {
      task: SavedJob;
      api: ReturnType<FluxApiFactory>;
      single: boolean;
      slot?: () => void;
      pass?: PassStep;
    },
  ): Promise<GeneratedImage> => {
    const { signal } = runtime.controller;
    const pass = context.pass ? { pass: context.pass } : {};
    // The slot is held while the task is active at BFL: until polling sees it finish (docs/bfl-api.md, Rate limits
    // and concurrency). A fresh submit hands over the slot it took, so the count never dips in between.
    const release = context.slot ?? (await deps.limiter.acquireAsync(signal));
    let sampleUrl: string;
    try {
      ({ sampleUrl } = await context.api.pollAsync(
        context.task.pollingUrl,
        signal,
        (status, progress) => {
          if (signal.aborted) return;
          for (const id of rowsOf(rowId, runtime))
            patch(id, {
              status: 'generating',
              stage: { kind: 'generating', status, progress, ...pass },
              ...(context.single ? { progress } : {}),
            });
        },
        // A slot handed over by the submit: the task was accepted just now, when its record was stamped.
        context.slot !== undefined ? { acceptedAt: context.task.submittedAt } : {},
      ));
    } finally {
      release();
    }
    for (const id of rowsOf(rowId, runtime)) stage(id, signal, 'downloading', { kind: 'downloading', ...pass });
    return context.api.downloadAsync(sampleUrl, signal);
  };

  /** Polls an accepted task, downloads and composes it; a task FLUX is done with is marked finished. */
  const fetchTaskAsync = async (
    rowId: string,
    index: number,
    runtime: RowRuntime,
    context: {
      task: SavedJob;
      api: ReturnType<FluxApiFactory>;
      target: Target;
      source: Uint8Array;
      settings: Omit<Settings, 'apiKey'>;
      single: boolean;
      slot?: () => void;
    },
  ): Promise<void> => {
    const { signal } = runtime.controller;
    try {
      const generated = await pollDownloadAsync(rowId, runtime, context);
      await composeAsync(rowId, index, runtime, {
        source: context.source,
        generated,
        target: context.target,
        settings: context.settings,
        cost: context.task.cost,
      });
    } catch (thrown) {
      if (!signal.aborted && FINAL_FOR_TASK.has(errorOf(thrown, signal, true).code)) runtime.finished.add(index);
      throw thrown;
    }
  };

  /**
   * Marker → submit → record for one paid task, under a task slot that is handed back still held (polling keeps
   * it). The marker is confirmed stored before anything is sent; a submit that failed ambiguously keeps it.
   */
  const submitPaidAsync = async (
    rowId: string,
    runtime: RowRuntime,
    slotFields: Omit<MarkerSlot, 'submittedAt'>,
    request: FluxRequest,
    api: ReturnType<FluxApiFactory>,
  ): Promise<{ task: SavedJob; release: () => void; cost: number | null }> => {
    const { signal } = runtime.controller;
    const pass = slotFields.pass ? { pass: { index: slotFields.pass.index, count: slotFields.pass.count } } : {};
    // The slot covers the submit too, so no more than the limit are ever sent at once.
    const release = await deps.limiter.acquireAsync(signal);
    let handedOver = false;
    try {
      // An address that is not there fails here, before the marker: nothing sent, nothing to report as paid.
      await endpointReadyAsync(slotFields.settings.endpoint, signal);
      const slot: MarkerSlot = { ...slotFields, submittedAt: deps.now() };
      const marker = submitMarker(slot);
      // Forgotten with the row's tasks when it fails or is cancelled while the panel is open (the row says so).
      runtime.taskIds.add(marker.taskId);
      await saveSubmitMarkerAsync({ requests }, marker, signal);
      for (const id of rowsOf(rowId, runtime)) stage(id, signal, 'generating', { kind: 'sending', ...pass });
      let submitted;
      try {
        submitted = await api.submitAsync(request, signal);
      } catch (thrown) {
        // A submit that failed ambiguously keeps its marker, so the next opening reports it.
        if (!signal.aborted && !submitClearlyRefused(toAppError(thrown, 'submit').code)) {
          runtime.taskIds.delete(marker.taskId);
          // The endpoint may have gone since it was checked: the next submit checks it again.
          endpointChecks.delete(slotFields.settings.endpoint.trim());
        }
        throw thrown;
      }
      const task = taskRecord(slot, submitted, deps.now());
      runtime.taskIds.add(task.taskId);
      const rows = rowsOf(rowId, runtime);
      for (const id of rows) patch(id, { submitted: true });
      await recordAcceptedTaskAsync(task, signal);
      // Only now may the footer say the plugin can be closed (ui/components/job-footer.tsx runningNote).
      for (const id of rows) patch(id, { stage: { kind: 'submitted', cost: submitted.cost, ...pass } });
      handedOver = true;
      return { task, release, cost: submitted.cost };
    } finally {
      if (!handedOver) release();
    }
  };

  /**
   * Replaces the task's marker with its record and waits until the sandbox says clientStorage holds it (or refused
   * it, or the wait timed out), so the row shows "Generating" — and that the plugin may be closed — only once a
   * reopened panel can fetch the result. A refused or unconfirmed record does not stop the open panel: it still
   * polls, downloads and writes this paid result (a closed one would then report the task, ui/jobs/README.md).
   * A cancel during this short wait ends the wait; the poll that follows sees it, as for any accepted task.
   */
  const recordAcceptedTaskAsync = async (task: SavedJob, signal: AbortSignal): Promise<void> => {
    await requests.saveAsync(task, { signal, timeoutMs: MARKER_STORE_TIMEOUT_MS }).catch(() => undefined);
  };

  /** Marker → submit → record → poll → download → compose, for one FLUX candidate. */
  const runFluxCandidateAsync = async (
    rowId: string,
    index: number,
    candidates: number,
    runtime: RowRuntime,
    context: { jobId: string; target: Target; source: Uint8Array; reference: Uint8Array; settings: Settings },
  ): Promise<void> => {
    const { signal } = runtime.controller;
    const { target, settings } = context;
    const api = deps.createApi({ endpoint: settings.endpoint, apiKey: settings.apiKey });
    stage(rowId, signal, 'queued', { kind: 'sending' });
    const { task, release, cost } = await submitPaidAsync(
      rowId,
      runtime,
      { jobId: context.jobId, candidate: index, candidates, target, settings: jobSettingsOf(settings) },
      fluxRequestFor(context.reference, target.plan, settings),
      api,
    );
    runtime.accepted.set(index, task);
    patchCandidate(rowId, index, { cost });
    await fetchTaskAsync(rowId, index, runtime, {
      task,
      api,
      target,
      source: context.source,
      settings,
      single: candidates === 1,
      slot: release,
    });
  };

  const runOfflineCandidateAsync = async (
    rowId: string,
    index: number,
    runtime: RowRuntime,
    context: { target: Target; source: Uint8Array; settings: Settings },
  ): Promise<void> => {
    const { signal } = runtime.controller;
    stage(rowId, signal, 'queued', { kind: 'preparing' });
    const generated = await offlineLimiter.runAsync(async () => {
      patch(rowId, {
        status: 'generating',
        progress: 0,
        stage: { kind: 'generating', status: 'offline', progress: 0 },
      });
      return deps.pipeline.runOfflineAsync(context.source, context.target.plan, {
        seed: deps.seed(index),
        signal,
        onProgress: (fraction) => {
          if (!signal.aborted)
            patch(rowId, { progress: fraction, stage: { kind: 'generating', status: 'offline', progress: fraction } });
        },
      });
    }, signal);
    await composeAsync(rowId, index, runtime, {
      source: context.source,
      generated,
      target: context.target,
      settings: context.settings,
      cost: null,
    });
  };

  const errorOf = (thrown: unknown, signal: AbortSignal, submitted: boolean): AppError => {
    if (signal.aborted) return cancelledError(submitted);
    if (thrown instanceof RowStopped) return thrown.error;
    return toAppError(thrown, ENGINE_TEXT.failedGeneric);
  };

  /** After every candidate settled: write the only result, offer several for comparison, keep paid tasks to check again, or fail. */
  const settleRowAsync = async (
    rowId: string,
    runtime: RowRuntime,
    outcomes: PromiseSettledResult<void>[],
    asked: number,
  ): Promise<void> => {
    const { signal } = runtime.controller;
    const row = rowOf(rowId);
    if (!row) return;
    const errors = outcomes.flatMap((o) => (o.status === 'rejected' ? [errorOf(o.reason, signal, row.submitted)] : []));
    outcomes.forEach((o, index) => {
      if (o.status === 'rejected')
        patchCandidate(rowId, index, { status: 'failed', error: errorOf(o.reason, signal, row.submitted) });
    });
    if (signal.aborted) {
      // The designer stopped it: a paid task they cancelled is theirs to drop.
      forget(runtime);
      patch(rowId, {
        status: 'cancelled',
        stage: null,
        error: cancelledError(row.submitted),
        progress: null,
        cancelling: false,
      });
      return;
    }
    if (runtime.held.size === 0) {
      const stillFetchable = [...runtime.accepted.entries()]
        .filter(([index]) => !runtime.finished.has(index))
        .map(([, task]) => task);
      const first = errors[0] ?? appError('engine-failed', ENGINE_TEXT.noResult);
      if (stillFetchable.length > 0) {
        // Accepted and not failed at FLUX: the task stays in the ledger and "Check again" polls it (never resubmits).
        forget(runtime, new Set(stillFetchable.map((task) => task.taskId)));
        kept.set(rowId, stillFetchable);
        patch(rowId, {
          status: 'failed',
          stage: null,
          error: checkAgainError(first),
          progress: null,
          awaitingCheck: true,
        });
        return;
      }
      forget(runtime);
      patch(rowId, { status: 'failed', stage: null, error: first, progress: null });
      return;
    }
    if (asked === 1) {
      const [index] = [...runtime.held.keys()];
      if (index !== undefined) await writeAsync(rowId, index);
      return;
    }
    patch(rowId, { status: 'choosing', stage: null, progress: null, error: errors[0] ?? null });
  };

  /** A saved task's row starts over as "resuming": its tasks are paid, nothing new is submitted. */
  const markResuming = (rowId: string, jobId: string): void =>
    patch(rowId, {
      jobId,
      status: 'starting',
      stage: { kind: 'starting' },
      error: null,
      awaitingCheck: false,
      submitted: true,
      cancelling: false,
    });

  // ----- multi-pass outpaints (ui/jobs/run-passes.ts) -----

  /** Pass sequences whose next submit FLUX never confirmed (a closed panel's marker): not sent again unasked. */
  const uncertainPassJobs = new Set<string>();

  const passPorts: PassRowPorts<RowRuntime> | null = deps.passPixels
    ? {
        pixels: deps.passPixels,
        submitPaidAsync,
        pollDownloadAsync,
        async finishAsync(rowId, runtime, canvas, cost, input) {
          await composeAsync(rowId, 0, runtime, {
            source: input.source,
            generated: canvas,
            target: { ...input.target, plan: finishPlanOf(input.target.plan) },
            settings: input.settings,
            cost,
          });
          await settleRowAsync(rowId, runtime, [{ status: 'fulfilled', value: undefined }], 1);
        },
        fail(rowId, runtime, thrown, records, atSubmit) {
          const { signal } = runtime.controller;
          const error = errorOf(thrown, signal, records.length > 0);
          const final =
            FINAL_FOR_TASK.has(error.code) || error.code === 'node-deleted' || error.code === 'node-changed';
          if (!signal.aborted && !final && records.length > 0) {
            // Paid passes stay in the ledger; Retry ("Check again") fetches them and goes on from the next.
            forget(runtime, new Set(records.map((r) => r.taskId)));
            kept.set(rowId, records);
            patch(rowId, {
              status: 'failed',
              stage: null,
              error: atSubmit ? error : checkAgainError(error),
              progress: null,
              cancelling: false,
              awaitingCheck: true,
            });
            return;
          }
          forget(runtime);
          patch(rowId, {
            status: signal.aborted ? 'cancelled' : 'failed',
            stage: null,
            error,
            progress: null,
            cancelling: false,
          });
        },
      }
    : null;

  /** A pass sequence's records (a closed panel's, or kept for "Check again"): fetch those done, go on from the next. */
  const resumePassesAsync = async (ports: PassRowPorts<RowRuntime>, rowId: string, group: SavedJob[]) => {
    const first = group[0]!;
    const runtime = newRuntime(rowId);
    const { signal } = runtime.controller;
    for (const job of group) runtime.taskIds.add(job.taskId);
    markResuming(rowId, first.jobId);
    try {
      const target = await freezeAsync({ type: 'job/resume', id: first.jobId }, signal);
      patch(rowId, { status: 'preparing', stage: { kind: 'preparing' } });
      const planned = passesForPlan(target.plan, first.settings.mode);
      if (!planned.ok) throw new RowStopped(appError('node-changed', PASS_TEXT.planChanged));
      const source = await deps.images.getBytesAsync(target.image.hash, signal);
      await runPassRowAsync(ports, rowId, runtime, {
        jobId: first.jobId,
        target,
        source,
        settings: first.settings,
        api: deps.createApi({ endpoint: first.settings.endpoint, apiKey: deps.getState().settings.apiKey }),
        passes: planned.plan,
        done: group,
        stopBeforeSubmit: uncertainPassJobs.delete(first.jobId),
      });
    } catch (thrown) {
      ports.fail(rowId, runtime, thrown, group, false);
    }
  };

  const runRowAsync = async (
    rowId: string,
    nodeId: string,
    settings: Settings,
    candidates: number,
    set?: SharedGeneration,
    /** A saved set member's job id (a reopened panel, "Check again"): its target comes back, frozen then. */
    resumeJobId?: string,
  ): Promise<void> => {
    const runtime = newRuntime(rowId);
    const { signal } = runtime.controller;
    const jobId = resumeJobId ?? deps.newId();
    kept.delete(rowId);
    keptSets.delete(rowId);
    if (resumeJobId === undefined) warmEndpoint(settings);
    if (resumeJobId !== undefined) markResuming(rowId, jobId);
    else
      patch(rowId, {
        jobId,
        status: 'starting',
        stage: { kind: 'starting' },
        progress: null,
        error: null,
        outcome: null,
        applied: null,
        submitted: false,
        cancelling: false,
        awaitingCheck: false,
        candidates: Array.from({ length: candidates }, () => EMPTY_CANDIDATE),
      });
    try {
      const target = await freezeAsync(
        resumeJobId !== undefined ? { type: 'job/resume', id: jobId } : { type: 'job/start', id: jobId, nodeId },
        signal,
      );
      const estimate = settings.engine === 'flux' ? estimateFrameCredits(target.plan, settings, candidates) : null;
      patch(rowId, {
        ...targetRowFields(target, settings),
        status: 'preparing',
        stage: { kind: 'preparing' },
        ...(resumeJobId === undefined ? { estimate } : {}),
      });
      const source = await deps.images.getBytesAsync(target.image.hash, signal);
      let outcomes: PromiseSettledResult<void>[];
      if (settings.engine === 'offline') {
        outcomes = await Promise.allSettled(
          Array.from({ length: candidates }, (_, i) =>
            runOfflineCandidateAsync(rowId, i, runtime, { target, source, settings }),
          ),
        );
      } else if (set) {
        const shared = await set.joinAsync(rowId, { jobId, target, source }, signal);
        outcomes = await Promise.allSettled([
          composeAsync(rowId, 0, runtime, {
            source,
            generated: shared.generated,
            target: { ...target, plan: planForCut(target.plan, shared.generated) },
            settings,
            cost: shared.cost,
          }),
        ]);
      } else {
        const passes = passPorts && candidates === 1 ? passPlanFor(target.plan, settings) : null;
        const startDraft = (): void =>
          deps.drafts?.fluxRowStarted({
            rowId,
            target,
            source,
            settings,
            candidates,
            signal,
            offlineLimiter,
            requestAsync: requests.requestAsync,
          });
        if (passPorts && passes) {
          // Passes take longest of all: the free draft shows the whole frame while they run.
          startDraft();
          await runPassRowAsync(passPorts, rowId, runtime, {
            jobId,
            target,
            source,
            settings: jobSettingsOf(settings),
            api: deps.createApi({ endpoint: settings.endpoint, apiKey: settings.apiKey }),
            passes,
            done: [],
            stopBeforeSubmit: false,
          });
          return;
        }
        // Decoded in full before anything is paid (ui/pixels/pixel-jobs.ts): a damaged file is refused here.
        const reference = await deps.pipeline.prepareReferenceAsync(source, target.plan, signal);
        // After the reference, so the draft never delays what is sent to FLUX.
        startDraft();
        outcomes = await Promise.allSettled(
          Array.from({ length: candidates }, (_, i) =>
            runFluxCandidateAsync(rowId, i, candidates, runtime, {
              jobId,
              target,
              source,
              reference: reference.bytes,
              settings,
            }),
          ),
        );
      }
      await settleRowAsync(rowId, runtime, outcomes, candidates);
    } catch (thrown) {
      set?.leave(rowId);
      forget(runtime);
      const submitted = rowOf(rowId)?.submitted ?? false;
      const error = errorOf(thrown, signal, submitted);
      // The set's one task is paid and still fetchable: this row, like every other of the set, offers "Check again".
      const waits = !signal.aborted && keptSets.has(rowId);
      patch(rowId, {
        status: signal.aborted ? 'cancelled' : 'failed',
        stage: null,
        error: waits ? checkAgainError(error) : error,
        progress: null,
        cancelling: false,
        ...(waits ? { awaitingCheck: true } : {}),
      });
    }
  };

  /** Saved tasks of one frame job (a closed panel's, or kept for "Check again"): already paid, so poll, download and write. */
  const resumeRowAsync = async (rowId: string, group: SavedJob[]): Promise<void> => {
    const first = group[0];
    if (!first) return;
    if (first.pass && passPorts) return resumePassesAsync(passPorts, rowId, group);
    const runtime = newRuntime(rowId);
    for (const job of group) {
      runtime.taskIds.add(job.taskId);
      runtime.accepted.set(job.candidate, job);
    }
    const { signal } = runtime.controller;
    const candidates = Math.max(first.candidates, group.length);
    markResuming(rowId, first.jobId);
    try {
      const target = await freezeAsync({ type: 'job/resume', id: first.jobId }, signal);
      patch(rowId, { status: 'preparing', stage: { kind: 'preparing' } });
      const source = await deps.images.getBytesAsync(target.image.hash, signal);
      const api = deps.createApi({ endpoint: first.settings.endpoint, apiKey: deps.getState().settings.apiKey });
      const outcomes = await Promise.allSettled(
        group.map((task) =>
          fetchTaskAsync(rowId, task.candidate, runtime, {
            task,
            api,
            target,
            source,
            settings: first.settings,
            single: group.length === 1,
          }),
        ),
      );
      // Indexed by candidate, so a frame's candidates keep their places.
      const byCandidate: PromiseSettledResult<void>[] = Array.from({ length: candidates }, () => ({
        status: 'fulfilled',
        value: undefined,
      }));
      group.forEach((task, i) => {
        const outcome = outcomes[i];
        if (outcome) byCandidate[task.candidate] = outcome;
      });
      await settleRowAsync(rowId, runtime, byCandidate, candidates);
    } catch (thrown) {
      const error = errorOf(thrown, signal, true);
      if (
        signal.aborted ||
        FINAL_FOR_TASK.has(error.code) ||
        error.code === 'node-deleted' ||
        error.code === 'node-changed'
      ) {
        forget(runtime);
        patch(rowId, {
          status: signal.aborted ? 'cancelled' : 'failed',
          stage: null,
          error,
          progress: null,
          cancelling: false,
        });
        return;
      }
      kept.set(rowId, group);
      patch(rowId, {
        status: 'failed',
        stage: null,
        error: checkAgainError(error),
        progress: null,
        awaitingCheck: true,
      });
    }
  };

  const writeAsync = async (rowId: string, index: number): Promise<void> => {
    const row = rowOf(rowId);
    const runtime = runtimes.get(rowId);
    const held = runtime?.held.get(index);
    if (!row || !runtime || !held || row.jobId === null) return;
    patch(rowId, { status: 'writing', stage: { kind: 'writing' }, error: null });
    const answer = await requests.requestAsync(
      { type: 'job/result', id: row.jobId, bytes: held.bytes, meta: held.meta, candidate: index },
      { timeoutMs: writeTimeoutMs },
    );
    onWriteAnswer(rowId, index, answer);
  };

  const onWriteAnswer = (rowId: string, asked: number, answer: SandboxReply): void => {
    const runtime = runtimes.get(rowId);
    if (answer.kind === 'written') {
      if (runtime) forget(runtime);
      kept.delete(rowId);
      // The frame holds what the sandbox says it wrote: the first result it got, whichever the panel asked last.
      patch(rowId, {
        status: 'done',
        stage: null,
        outcome: answer.outcome,
        applied: answer.candidate ?? asked,
        error: null,
        awaitingCheck: false,
      });
    } else if (answer.kind === 'failed') {
      // The results stay held: writing again sends the same bytes under the same job id, so nothing is paid twice.
      patch(rowId, { status: 'failed', stage: null, error: answer.error });
    } else if (answer.kind === 'timed-out') {
      patch(rowId, { status: 'failed', stage: null, error: appError('write-failed', ENGINE_TEXT.writeUnconfirmed) });
    }
  };

  /** An answer that came after its request gave up: a write Figma did make still ends the row as written. */
  function onLateAnswer(message: SandboxMessage): void {
    if (message.type !== 'job/written') return;
    const row = rowOfJob(message.id);
    if (!row || row.status === 'done') return;
    onWriteAnswer(row.rowId, row.applied ?? 0, {
      kind: 'written',
      outcome: message.outcome,
      candidate: message.candidate ?? null,
    });
  }

  const noKeyError = (count: number): AppError =>
    appError(
      'api-key',
      `Add your API key in Settings, then Check again to fetch ${count === 1 ? 'this paid result' : `these ${count} paid results`}`,
    );

  /**
   * "Submit pending" markers (ui/jobs/submit-marker.ts): the panel closed before the submit answered, so the task
   * id, if any, is gone. One failed row per frame job tells the designer; nothing is submitted or polled, and
   * Retry is an explicit new run. The markers are forgotten once reported.
   */
  const pendingRows = (markers: readonly SavedJob[]): BatchRow[] => {
    const byJob = new Map<string, SavedJob[]>();
    for (const marker of markers) byJob.set(marker.jobId, [...(byJob.get(marker.jobId) ?? []), marker]);
    const rows: BatchRow[] = [];
    for (const group of byJob.values()) {
      const first = group[0];
      if (!first) continue;
      deps.post({ type: 'job/forget', taskIds: group.map((job) => job.taskId) });
      // A variant set's marker tells every format of the set (one task would have painted them all).
      const targets = first.set ? first.set.members.map((member) => member.target) : [first.target];
      for (const target of targets)
        rows.push(
          newRow(deps.newId(), {
            ...targetRowFields(target, first.settings),
            status: 'failed',
            error: appError('submit-uncertain', pendingJobMessage(target.nodeName)),
            resumed: true,
          }),
        );
    }
    return rows;
  };

  const onSavedJobs = (message: Extract<SandboxMessage, { type: 'jobs/saved' }>): void => {
    batch({ type: 'elsewhere/set', files: message.elsewhere });
    const known = new Set(deps.getState().batch.rows.map((r) => r.jobId));
    const fresh = message.jobs.filter((job) => !known.has(job.jobId));
    if (fresh.length === 0) return;
    const recorded = new Set(fresh.filter((job) => job.pending !== true && job.pass).map((job) => job.jobId));
    // A pass sequence's marker beside its records: the sequence resumes and stops before that pass (not paid twice
    // unasked); its row says so, so the marker needs no row of its own.
    const passMarkers = fresh.filter((job) => job.pending === true && recorded.has(job.jobId));
    for (const marker of passMarkers) uncertainPassJobs.add(marker.jobId);
    if (passMarkers.length > 0) deps.post({ type: 'job/forget', taskIds: passMarkers.map((job) => job.taskId) });
    const markers = fresh.filter((job) => job.pending === true && !recorded.has(job.jobId));
    const { resumable, stale } = splitForResume(
      fresh.filter((job) => job.pending !== true),
      deps.now(),
      deps.resumeWindowMs,
    );
    const timeOf = deps.timeOf ?? clockTime;
    const rows: BatchRow[] = [];
    const starts: Array<[string, SavedJob[]]> = [];
    const setStarts: KeptSet[] = [];
    const hasKey = deps.getState().settings.apiKey.trim() !== '';
    for (const group of [...resumable, ...stale]) {
      const first = group[0];
      if (!first) continue;
      const isStale = stale.includes(group);
      if (first.set) {
        const entry = savedSetRows(first, isStale, hasKey, rows);
        if (entry && !isStale && hasKey) setStarts.push(entry);
        continue;
      }
      const rowId = deps.newId();
      const waitsForKey = !isStale && !hasKey;
      rows.push(
        newRow(rowId, {
          jobId: first.jobId,
          ...targetRowFields(first.target, first.settings),
          status: isStale ? 'stale' : waitsForKey ? 'failed' : 'starting',
          candidates: Array.from({ length: first.pass ? 1 : Math.max(first.candidates, group.length) }, (_, i) => ({
            ...EMPTY_CANDIDATE,
            cost: group.find((job) => job.candidate === i)?.cost ?? null,
          })),
          error: isStale
            ? appError('expired', staleJobMessage(first, timeOf))
            : waitsForKey
              ? noKeyError(group.length)
              : null,
          resumed: true,
          submitted: true,
          awaitingCheck: waitsForKey,
        }),
      );
      // Stale jobs are reported once and dropped: their results can no longer be fetched (docs/bfl-api.md, Delivery URLs).
      if (isStale) deps.post({ type: 'job/forget', taskIds: group.map((job) => job.taskId) });
      else if (waitsForKey) kept.set(rowId, group);
      else starts.push([rowId, group]);
    }
    rows.push(...pendingRows(markers));
    batch({ type: 'rows/added', rows });
    for (const [rowId, group] of starts) void track(resumeRowAsync(rowId, group));
    for (const entry of setStarts) void track(resumeSetAsync(entry.task, entry.rows));
  };

  /**
   * A saved variant set's task (common/batch/saved-job.ts, `set`): one row per member not written yet, pushed onto
   * `rows`. Stale: reported and forgotten. No key: kept for "Check again". Else the entry to resume.
   */
  const savedSetRows = (task: SavedJob, isStale: boolean, hasKey: boolean, rows: BatchRow[]): KeptSet | null => {
    const members = unwrittenMembers(task);
    if (isStale || members.length === 0) deps.post({ type: 'job/forget', taskIds: [task.taskId] });
    if (members.length === 0) return null;
    const waitsForKey = !isStale && !hasKey;
    const entry: KeptSet = { task, rows: [] };
    members.forEach((member, i) => {
      const rowId = deps.newId();
      entry.rows.push({ rowId, jobId: member.jobId });
      if (waitsForKey) keptSets.set(rowId, entry);
      rows.push(
        newRow(rowId, {
          jobId: member.jobId,
          ...targetRowFields(member.target, task.settings),
          status: isStale ? 'stale' : waitsForKey ? 'failed' : 'starting',
          // The set's one charge, on one row, so the set's sum counts it once.
          candidates: [{ ...EMPTY_CANDIDATE, cost: i === 0 ? task.cost : null }],
          error: isStale
            ? appError('expired', staleJobMessage({ ...task, target: member.target }, deps.timeOf ?? clockTime))
            : waitsForKey
              ? noKeyError(1)
              : null,
          resumed: true,
          submitted: true,
          awaitingCheck: waitsForKey,
        }),
      );
    });
    return entry;
  };

  /** Notes on each row the set it is painted with (BatchRow.setRowIds). */
  const markSet = (rowIds: readonly string[]): void => {
    for (const rowId of rowIds) patch(rowId, { setRowIds: rowIds });
  };

  /**
   * The rows Retry on `row` runs again as one set: its set's rows that ended failed, stale or cancelled with nothing
   * kept (no task to check again, no result in hand), `row` first; empty when `row` is not in a set.
   */
  const failedSetRows = (row: BatchRow): string[] => {
    const retryable = (id: string): boolean => {
      const other = rowOf(id);
      if (!other || !(other.status === 'failed' || other.status === 'stale' || other.status === 'cancelled'))
        return false;
      if (kept.has(id) || keptSets.has(id) || (runtimes.get(id)?.held.size ?? 0) > 0) return false;
      // A format the designer cancelled stays cancelled unless it is the one they retry.
      return id === row.rowId || other.status !== 'cancelled';
    };
    const ids = row.setRowIds ?? [];
    return ids.includes(row.rowId) ? [row.rowId, ...ids.filter((id) => id !== row.rowId && retryable(id))] : [];
  };

  const startRow = (rowId: string, nodeId: string, settings: Settings, candidates: number): Promise<void> =>
    track(runRowAsync(rowId, nodeId, settings, candidates));

  /**
   * The set's rows share one FLUX task under one runtime of its own: the engine's submitPaidAsync and
   * pollDownloadAsync run it, reporting to every row still waiting. `saved`: the set's accepted task, polled only.
   */
  const sharedGenerationFor = (
    rowIds: readonly string[],
    settings: Settings,
    saved?: SavedJob,
  ): { set: SharedGeneration; runtime: RowRuntime } | undefined => {
    const decodeAsync = deps.pipeline.decodeAsync?.bind(deps.pipeline);
    if (settings.engine !== 'flux' || rowIds.length < 2 || !decodeAsync) return undefined;
    const runtime: RowRuntime = {
      controller: new AbortController(),
      held: new Map(),
      taskIds: new Set(saved ? [saved.taskId] : []),
      accepted: new Map(),
      finished: new Set(),
    };
    const api = deps.createApi({ endpoint: settings.endpoint, apiKey: settings.apiKey });
    const first = rowIds[0] ?? '';
    const set = createSharedGeneration({
      rowIds,
      settings,
      ...(saved ? { saved } : {}),
      pipeline: { prepareReferenceAsync: deps.pipeline.prepareReferenceAsync.bind(deps.pipeline), decodeAsync },
      controller: runtime.controller,
      task: {
        submitAsync: (slot, request) => submitPaidAsync(first, runtime, slot, request, api),
        pollDownloadAsync: (task, slot) =>
          pollDownloadAsync(first, runtime, { task, api, single: true, ...(slot ? { slot } : {}) }),
      },
      keep(task, ids) {
        const entry: KeptSet = {
          task,
          rows: ids.map((rowId) => ({ rowId, jobId: rowOf(rowId)?.jobId ?? '' })),
        };
        for (const rowId of ids) keptSets.set(rowId, entry);
      },
      finalForTask: (thrown) => FINAL_FOR_TASK.has(errorOf(thrown, runtime.controller.signal, true).code),
      sleepAsync: deps.sleepAsync,
    });
    runtime.reportTo = () => set.liveRowIds();
    return { set, runtime };
  };

  /**
   * Runs a set's rows (new, or resumed by job id) around its one task. When every row has settled, the task's
   * ledger entries go unless the task waits for "Check again" or a row still holds a result Figma did not take
   * (the sandbox itself drops the record once every member is written, plugin/job-store.ts).
   */
  const runSetAsync = async (
    rows: readonly { rowId: string; nodeId: string; jobId?: string }[],
    settings: Settings,
    shared: { set: SharedGeneration; runtime: RowRuntime },
    onSettled?: () => void,
  ): Promise<void> => {
    await Promise.all(
      rows.map((row) =>
        track(runRowAsync(row.rowId, row.nodeId, settings, 1, shared.set, row.jobId)).then(() => onSettled?.()),
      ),
    );
    const waiting = rows.some(({ rowId }) => {
      const row = rowOf(rowId);
      return keptSets.has(rowId) || (row?.status === 'failed' && (runtimes.get(rowId)?.held.size ?? 0) > 0);
    });
    if (!waiting) forget(shared.runtime);
  };

  /** A set's kept task ("Check again", or a key added): polled again for its rows if its window allows. */
  const fetchKeptSetAsync = async (entry: KeptSet): Promise<void> => {
    const state = deps.getState();
    const rows = entry.rows.filter(({ rowId }) => keptSets.get(rowId) === entry);
    if (state.settings.apiKey.trim() === '') {
      for (const { rowId } of rows) patch(rowId, { error: noKeyError(1) });
      return;
    }
    for (const { rowId } of rows) keptSets.delete(rowId);
    if (splitForResume([entry.task], deps.now(), deps.resumeWindowMs).stale.length > 0) {
      deps.post({ type: 'job/forget', taskIds: [entry.task.taskId] });
      for (const { rowId } of rows)
        patch(rowId, {
          status: 'stale',
          awaitingCheck: false,
          error: appError(
            'expired',
            staleJobMessage(
              { submittedAt: entry.task.submittedAt, target: { nodeName: rowOf(rowId)?.nodeName ?? '' } },
              deps.timeOf ?? clockTime,
            ),
          ),
        });
      return;
    }
    await resumeSetAsync(entry.task, rows);
  };

  /** A saved set's task: each unwritten member's row resumes under its job id around the one task, polled only. */
  const resumeSetAsync = async (task: SavedJob, rows: readonly { rowId: string; jobId: string }[]): Promise<void> => {
    const settings: Settings = { ...deps.getState().settings, ...task.settings, passes: 'single' };
    const withNodes = rows.map((row) => ({ ...row, nodeId: rowOf(row.rowId)?.nodeId ?? '' }));
    const shared = sharedGenerationFor(
      withNodes.map((row) => row.rowId),
      settings,
      task,
    );
    if (shared) return runSetAsync(withNodes, settings, shared);
  };

  /** A kept group (no key yet, or "Check again"): fetched again if its window allows, never submitted again. */
  const fetchKeptAsync = async (rowId: string, group: SavedJob[], row: BatchRow): Promise<void> => {
    if (deps.getState().settings.apiKey.trim() === '') {
      patch(rowId, { error: noKeyError(group.length) });
      return;
    }
    kept.delete(rowId);
    if (splitForResume(group, deps.now(), deps.resumeWindowMs).stale.length > 0) {
      deps.post({ type: 'job/forget', taskIds: group.map((job) => job.taskId) });
      const oldest = Math.min(...group.map((job) => job.submittedAt));
      patch(rowId, {
        status: 'stale',
        awaitingCheck: false,
        error: appError(
          'expired',
          staleJobMessage({ submittedAt: oldest, target: { nodeName: row.nodeName } }, deps.timeOf ?? clockTime),
        ),
      });
      return;
    }
    return track(resumeRowAsync(rowId, group));
  };

  const newRowsFor = (targets: readonly Target[], settings: Settings, candidates: number): BatchRow[] =>
    targets.map((target) =>
      newRow(deps.newId(), {
        ...targetRowFields(target, settings),
        estimate: settings.engine === 'flux' ? estimateFrameCredits(target.plan, settings, candidates) : null,
      }),
    );

  return {
    async outpaintChosenAsync(engine) {
      const saved = deps.getState();
      const state = engine === undefined ? saved : { ...saved, settings: { ...saved.settings, engine } };
      const target = chosenTarget(state);
      if (runBlocker(state) !== null || target === null) return;
      const settings = runSettings(state);
      deps.limiter.setMax(settings.concurrency);
      const [row] = newRowsFor([target], settings, 1);
      if (!row) return;
      batch({ type: 'rows/added', rows: [row], open: false });
      batch({ type: 'focus/set', rowId: row.rowId });
      await startRow(row.rowId, target.nodeId, settings, 1);
    },
    async outpaintSelectionAsync() {
      const state = deps.getState();
      if (batchBlocker(state) !== null) return;
      const settings = runSettings(state);
      deps.limiter.setMax(settings.concurrency);
      const candidates = state.batch.candidatesPerFrame;
      const rows = newRowsFor(batchTargets(state), settings, candidates);
      const refusals = state.selection?.refusals ?? [];
      const covered = (state.selection?.targets ?? []).filter((t) => t.status === 'covered');
      const skipped = [
        ...refusals.map((r) => ({ nodeId: r.nodeId, nodeName: r.nodeName, error: r.error })),
        ...covered.map((t) => ({
          nodeId: t.nodeId,
          nodeName: t.nodeName,
          error: appError('covered', ENGINE_TEXT.coveredRow),
        })),
      ].map((s) =>
        newRow(deps.newId(), {
          nodeId: s.nodeId,
          nodeName: s.nodeName,
          engine: settings.engine,
          mode: settings.mode,
          status: 'skipped',
          error: s.error,
        }),
      );
      batch({ type: 'rows/added', rows: [...rows, ...skipped] });
      await Promise.all(rows.map((row) => startRow(row.rowId, row.nodeId, settings, candidates)));
    },
    async outpaintNodesAsync(frames, onSettled, options) {
      // One request per frame: the Variants and Extend views do not show passes and their cost before the click
      // (ui/components/pass-choice.tsx does, for the selection), so they do not run them.
      const settings: Settings = { ...deps.getState().settings, passes: 'single' };
      deps.limiter.setMax(settings.concurrency);
      const rows = frames.map((frame) =>
        newRow(deps.newId(), {
          nodeId: frame.nodeId,
          nodeName: frame.name,
          engine: settings.engine,
          mode: settings.mode,
        }),
      );
      batch({ type: 'rows/added', rows, open: false });
      // One frame (extend, a launch) shows in the footer as the single Outpaint does.
      const only = rows.length === 1 ? rows[0] : undefined;
      if (only) batch({ type: 'focus/set', rowId: only.rowId });
      const shared = options?.oneGeneration
        ? sharedGenerationFor(
            rows.map((row) => row.rowId),
            settings,
          )
        : undefined;
      if (shared) markSet(rows.map((row) => row.rowId));
      let settled = 0;
      const onRowSettled = (): void => {
        settled += 1;
        onSettled?.(settled, rows.length);
      };
      if (shared)
        await track(
          runSetAsync(
            rows.map(({ rowId, nodeId }) => ({ rowId, nodeId })),
            settings,
            shared,
            onRowSettled,
          ),
        );
      else await Promise.all(rows.map((row) => startRow(row.rowId, row.nodeId, settings, 1).then(onRowSettled)));
      const result: OutpaintNodesResult = { written: 0, failed: [], charged: 0 };
      for (const { rowId, nodeId } of rows) {
        const row = rowOf(rowId);
        for (const candidate of row?.candidates ?? []) result.charged += candidate.cost ?? 0;
        if (row?.status === 'done') result.written += 1;
        else
          result.failed.push({
            nodeId,
            message: row?.error?.message ?? ENGINE_TEXT.didNotStart,
            paidTaskKept: row?.awaitingCheck ?? false,
          });
      }
      return result;
    },
    async retryAsync(rowId) {
      const state = deps.getState();
      const row = rowOf(rowId);
      if (!row || !(row.status === 'failed' || row.status === 'cancelled' || row.status === 'stale')) return;
      const group = kept.get(rowId);
      if (group) return fetchKeptAsync(rowId, group, row);
      // A set's one task: "Check again" on any of its rows polls it for every row waiting on it.
      const keptSet = keptSets.get(rowId);
      if (keptSet) return track(fetchKeptSetAsync(keptSet));
      // A failed write with results in hand is retried as a write: the task is paid for.
      const runtime = runtimes.get(rowId);
      if (row.status === 'failed' && runtime && runtime.held.size > 0) {
        const index = row.applied ?? [...runtime.held.keys()][0];
        if (index !== undefined && row.candidates.length === 1) return track(writeAsync(rowId, index));
        patch(rowId, { status: 'choosing', error: null });
        return;
      }
      if (state.settings.engine === 'flux' && state.settings.apiKey.trim() === '') {
        patch(rowId, { error: appError('api-key', ENGINE_TEXT.keyForResume) });
        return;
      }
      deps.limiter.setMax(state.settings.concurrency);
      // A set that failed before FLUX kept a task: its failed formats run again as one set, so the retry costs one
      // task and paints one scene, as the first run meant to (a format retried alone would differ from the rest).
      const setRetry = failedSetRows(row);
      if (setRetry.length >= 2) {
        const settings: Settings = { ...state.settings, passes: 'single' };
        const shared = sharedGenerationFor(setRetry, settings);
        if (shared) {
          markSet(setRetry);
          const rows = setRetry.map((id) => ({ rowId: id, nodeId: rowOf(id)?.nodeId ?? '' }));
          for (const { rowId: id } of rows) patch(id, { resumed: false, engine: settings.engine, mode: settings.mode });
          return track(runSetAsync(rows, settings, shared));
        }
      }
      patch(rowId, { resumed: false, engine: state.settings.engine, mode: state.settings.mode });
      await startRow(
        rowId,
        row.nodeId,
        state.settings,
        Math.max(1, row.candidates.length || state.batch.candidatesPerFrame),
      );
    },
    cancel(rowId) {
      const runtime = runtimes.get(rowId);
      const row = rowOf(rowId);
      // Once a result is composed it is written, not cancelled: the credits are spent.
      if (
        !runtime ||
        !row ||
        row.status === 'writing' ||
        row.status === 'choosing' ||
        runtime.controller.signal.aborted
      )
        return;
      if (runtime.held.size > 0 && row.candidates.length === 1) return;
      patch(rowId, { cancelling: true });
      runtime.controller.abort();
    },
    cancelAll() {
      for (const row of deps.getState().batch.rows) {
        if (row.status !== 'choosing') runtimes.get(row.rowId)?.controller.abort();
      }
    },
    async applyAsync(rowId, candidate) {
      const row = rowOf(rowId);
      if (!row || !(row.status === 'choosing' || row.status === 'discarded' || row.status === 'failed')) return;
      batch({ type: 'compare/closed' });
      patch(rowId, { applied: candidate });
      await track(writeAsync(rowId, candidate));
    },
    discard(rowId) {
      const row = rowOf(rowId);
      const runtime = runtimes.get(rowId);
      if (!row || row.status !== 'choosing') return;
      if (runtime) forget(runtime);
      batch({ type: 'compare/closed' });
      patch(rowId, { status: 'discarded' });
    },
    async refreshCreditsAsync() {
      const settings = deps.getState().settings;
      if (settings.apiKey.trim() === '') {
        batch({
          type: 'credits/changed',
          credits: { status: 'failed', error: appError('api-key', 'Add your API key to see the balance') },
        });
        return;
      }
      batch({ type: 'credits/changed', credits: { status: 'loading' } });
      try {
        const credits = await deps
          .createApi({ endpoint: settings.endpoint, apiKey: settings.apiKey })
          .creditsAsync(new AbortController().signal);
        batch({ type: 'credits/changed', credits: { status: 'known', credits } });
      } catch (thrown) {
        batch({
          type: 'credits/changed',
          credits: {
            status: 'failed',
            error: toAppError(thrown, 'The balance could not be read. Check the endpoint.'),
          },
        });
      }
    },
    handleMessage(message) {
      if (requests.deliverMessage(message)) return;
      if (message.type === 'jobs/saved') onSavedJobs(message);
    },
    async whenIdleAsync() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}
