// Runs the queue: every selected frame as its own job ('job/start' → bytes → engine × candidates → compose),
// FLUX tasks under the shared task limiter (≤ 24 in flight, docs/bfl-api.md, Rate limits and concurrency), offline runs one at a time, each
// submitted task saved in clientStorage through the sandbox, and jobs a closed panel left behind resumed.
// Every dependency is passed in, so tests drive it against the fake BFL server and a scripted sandbox.
import { fluxRequestFor } from '../job/flux-request-for';
import { createSandboxReplies } from '../job/sandbox-replies';
import { saveSubmitMarkerAsync, submitClearlyRefused, submitMarker, taskRecord } from '../job/submit-marker';
import { jobSettingsOf, pendingJobMessage, type SavedJob } from '../../common/batch/saved-job';
import { clockTime, splitForResume, staleJobMessage } from '../../common/batch/resume-window';
import { estimateCredits } from '../../common/batch/estimate-credits';
import { appError, type AppError } from '../../common/protocol/errors';
import type { ResultMeta, SandboxMessage, UiMessage } from '../../common/protocol/messages';
import type { ImageFormat, Target } from '../../common/selection/report';
import type { Settings } from '../../common/settings';
import { createTaskLimiter, type TaskLimiter } from '../api/task-limiter';
import type { ImageBytesPort, PixelPipelinePort } from '../job/job-ports';
import { toAppError } from '../job/to-app-error';
import type { AppAction } from '../state/app-action';
import type { AppState } from '../state/app-state';
import type { BatchAction } from './batch-action';
import type { ApiTarget, BatchApiFactory } from './batch-api';
import { batchBlocker, batchTargets } from './batch-selectors';
import type { BatchRow, CandidateView, RowStatus } from './batch-state';

export interface BatchRunnerDeps {
  getState(): AppState;
  dispatch(action: AppAction): void;
  post(message: UiMessage): void;
  images: ImageBytesPort;
  pipeline: PixelPipelinePort;
  createApi: BatchApiFactory;
  /** The UI's one limiter for FLUX tasks, shared with the single-frame runner (ui/api/task-limiter.ts). */
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
  /** How long to wait for the sandbox to confirm a write. */
  writeTimeoutMs?: number;
  /** Saved jobs younger than this are resumed (common/batch/resume-window.ts). */
  resumeWindowMs?: number;
  /** Local clock time for the stale message ("14:02"). */
  timeOf?(ms: number): string;
}

export interface BatchRunner {
  /** Queues every selected frame that can be outpainted, lists the others as skipped, and runs. */
  startAsync(): Promise<void>;
  retryAsync(rowId: string): Promise<void>;
  cancel(rowId: string): void;
  cancelAll(): void;
  /** Writes the chosen candidate into the frame. */
  applyAsync(rowId: string, candidate: number): Promise<void>;
  /** Writes nothing; the results stay viewable until the panel closes. */
  discard(rowId: string): void;
  refreshCreditsAsync(): Promise<void>;
  /** Feed every sandbox message: the runner takes its own job replies and 'jobs/saved'. */
  handleMessage(message: SandboxMessage): void;
  /** Resolves when no row is running (tests, bench). */
  whenIdleAsync(): Promise<void>;
}

const DEFAULT_WRITE_TIMEOUT_MS = 60_000;


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
  /** Saved task ids, so they are forgotten when the row ends. */
  taskIds: Set<string>;
}

const EMPTY_CANDIDATE: CandidateView = { status: 'pending', cost: null, url: null, width: 0, height: 0, error: null };

export function createBatchRunner(deps: BatchRunnerDeps): BatchRunner {
  const offlineLimiter = deps.offlineLimiter ?? createTaskLimiter(1);
  const runtimes = new Map<string, RowRuntime>();
  /** Saved groups waiting for a key before they can be fetched (a paid result is never dropped for that). */
  const parked = new Map<string, SavedJob[]>();
  const running = new Set<Promise<void>>();

  const batch = (action: BatchAction): void => deps.dispatch({ type: 'batch', action });
  const patch = (rowId: string, p: Partial<Omit<BatchRow, 'rowId'>>): void => batch({ type: 'row/patched', rowId, patch: p });
  const patchCandidate = (rowId: string, index: number, p: Partial<CandidateView>): void =>
    batch({ type: 'candidate/patched', rowId, index, patch: p });
  const rowOf = (rowId: string): BatchRow | undefined => deps.getState().batch.rows.find((r) => r.rowId === rowId);

  const track = (work: Promise<void>): Promise<void> => {
    running.add(work);
    void work.finally(() => running.delete(work));
    return work;
  };

  const replies = createSandboxReplies({
    sleepAsync: deps.sleepAsync,
    stopped: (error) => new RowStopped(error),
    timeoutMessage: 'Figma did not confirm the write. Apply again.',
  });
  const waitForReplyAsync = replies.waitAsync;

  const forget = (runtime: RowRuntime): void => {
    if (runtime.taskIds.size === 0) return;
    deps.post({ type: 'job/forget', taskIds: [...runtime.taskIds] });
    runtime.taskIds.clear();
  };

  const cancelledError = (submitted: boolean): AppError =>
    appError('cancelled', submitted ? 'Cancelled. FLUX may still charge for the task it had started.' : 'Cancelled. Nothing was changed.');

  const newRuntime = (rowId: string): RowRuntime => {
    const old = runtimes.get(rowId);
    if (old && deps.revokePreviewUrl) {
      for (const c of rowOf(rowId)?.candidates ?? []) if (c.url) deps.revokePreviewUrl(c.url);
    }
    const runtime: RowRuntime = { controller: new AbortController(), held: new Map(), taskIds: new Set() };
    runtimes.set(rowId, runtime);
    return runtime;
  };

  // ----- one frame -----

  /** Asks the sandbox for the frozen target: 'job/start' for a new job, 'job/resume' for a saved one. */
  const freezeAsync = async (message: UiMessage & { id: string }, signal: AbortSignal): Promise<Target> => {
    const reply = waitForReplyAsync(message.id, signal, null);
    deps.post(message);
    const started = await reply;
    if (started.kind === 'failed') throw new RowStopped(started.error);
    if (started.kind !== 'started') throw new RowStopped(appError('bad-message', 'Figma answered out of order. Try again.'));
    if (started.target.status === 'covered') {
      throw new RowStopped(appError('covered', 'This image already fills the frame — make the frame bigger or set the fill to Fit'));
    }
    return started.target;
  };

  const composeAsync = async (
    rowId: string,
    index: number,
    runtime: RowRuntime,
    input: { source: Uint8Array; generated: Uint8Array; target: Target; settings: Omit<Settings, 'apiKey'>; cost: number | null },
  ): Promise<void> => {
    const { signal } = runtime.controller;
    const finished = await deps.pipeline.finishAsync(
      { source: input.source, result: input.generated, plan: input.target.plan, feather: input.settings.feather, format: input.settings.outputFormat },
      signal,
    );
    if (signal.aborted) throw new RowStopped(appError('cancelled', 'Cancelled.'));
    const meta: ResultMeta = {
      engine: input.settings.engine,
      mode: input.settings.engine === 'offline' ? 'offline' : input.settings.mode,
      createdAt: new Date(deps.now()).toISOString(),
      cost: input.cost,
      width: finished.width,
      height: finished.height,
    };
    runtime.held.set(index, { bytes: finished.bytes, meta });
    const url = deps.makePreviewUrl(finished.bytes, input.settings.outputFormat === 'jpeg' ? 'jpeg' : 'png');
    patchCandidate(rowId, index, { status: 'ready', url, width: finished.width, height: finished.height });
  };

  /** Slot → submit → save → poll → release → download → compose, for one FLUX candidate. */
  const runFluxCandidateAsync = async (
    row: BatchRow,
    index: number,
    candidates: number,
    runtime: RowRuntime,
    context: { jobId: string; target: Target; source: Uint8Array; reference: Uint8Array; settings: Settings },
  ): Promise<void> => {
    const { signal } = runtime.controller;
    const { target, settings } = context;
    const api = deps.createApi({ endpoint: settings.endpoint, apiKey: settings.apiKey });
    patch(row.rowId, { status: 'queued' });
    // The slot is held while the task is active at BFL: from submit until polling sees it finish (§6).
    const release = await deps.limiter.acquireAsync(signal);
    let sampleUrl: string;
    let cost: number | null;
    try {
      const slot = { jobId: context.jobId, candidate: index, candidates, target, settings: jobSettingsOf(settings), submittedAt: deps.now() };
      const marker = submitMarker(slot);
      // Forgotten with the row's tasks when it fails or is cancelled while the panel is open (the row says so).
      runtime.taskIds.add(marker.taskId);
      await saveSubmitMarkerAsync({ post: deps.post, replies }, marker, signal);
      patch(row.rowId, { status: 'generating' });
      const task = await submitKeepingUncertainMarkerAsync(marker.taskId, runtime, () => api.submitAsync(fluxRequestFor(context.reference, target.plan, settings), signal));
      cost = task.cost;
      runtime.taskIds.add(task.taskId);
      patch(row.rowId, { submitted: true });
      patchCandidate(row.rowId, index, { cost });
      deps.post({ type: 'job/save', job: taskRecord(slot, task, deps.now()) });
      ({ sampleUrl } = await api.pollAsync(task.pollingUrl, signal, (_status, progress) => {
        if (!signal.aborted && candidates === 1) patch(row.rowId, { progress });
      }));
    } finally {
      release();
    }
    patch(row.rowId, { status: 'downloading' });
    const generated = await api.downloadAsync(sampleUrl, signal);
    patch(row.rowId, { status: 'composing' });
    await composeAsync(row.rowId, index, runtime, { source: context.source, generated, target, settings, cost });
  };

  /** A submit that failed ambiguously keeps its marker out of the row's forget list, so the next opening reports it. */
  const submitKeepingUncertainMarkerAsync = async <T>(markerId: string, runtime: RowRuntime, submitAsync: () => Promise<T>): Promise<T> => {
    try {
      return await submitAsync();
    } catch (thrown) {
      if (!runtime.controller.signal.aborted && !submitClearlyRefused(toAppError(thrown, 'submit').code)) runtime.taskIds.delete(markerId);
      throw thrown;
    }
  };

  const runOfflineCandidateAsync = async (
    row: BatchRow,
    index: number,
    runtime: RowRuntime,
    context: { target: Target; source: Uint8Array; settings: Settings },
  ): Promise<void> => {
    const { signal } = runtime.controller;
    patch(row.rowId, { status: 'queued' });
    const generated = await offlineLimiter.runAsync(async () => {
      patch(row.rowId, { status: 'generating', progress: 0 });
      return deps.pipeline.runOfflineAsync(context.source, context.target.plan, {
        seed: deps.seed(index),
        signal,
        onProgress: (fraction) => {
          if (!signal.aborted) patch(row.rowId, { progress: fraction });
        },
      });
    }, signal);
    patch(row.rowId, { status: 'composing' });
    await composeAsync(row.rowId, index, runtime, { source: context.source, generated, target: context.target, settings: context.settings, cost: null });
  };

  /** After every candidate settled: write the only result, offer several for comparison, or fail. */
  const settleRowAsync = async (rowId: string, runtime: RowRuntime, outcomes: PromiseSettledResult<void>[], asked: number): Promise<void> => {
    const { signal } = runtime.controller;
    const row = rowOf(rowId);
    if (!row) return;
    const errors = outcomes.flatMap((o) => (o.status === 'rejected' ? [errorOf(o.reason, signal, row.submitted)] : []));
    outcomes.forEach((o, index) => {
      if (o.status === 'rejected') patchCandidate(rowId, index, { status: 'failed', error: errorOf(o.reason, signal, row.submitted) });
    });
    if (signal.aborted) {
      forget(runtime);
      patch(rowId, { status: 'cancelled', error: cancelledError(row.submitted), progress: null });
      return;
    }
    if (runtime.held.size === 0) {
      forget(runtime);
      patch(rowId, { status: 'failed', error: errors[0] ?? appError('engine-failed', 'No result came back. Retry this frame.'), progress: null });
      return;
    }
    if (asked === 1) {
      const [index] = [...runtime.held.keys()];
      if (index !== undefined) await writeAsync(rowId, index);
      return;
    }
    patch(rowId, { status: 'choosing', progress: null, error: errors[0] ?? null });
  };

  const errorOf = (thrown: unknown, signal: AbortSignal, submitted: boolean): AppError => {
    if (signal.aborted) return cancelledError(submitted);
    if (thrown instanceof RowStopped) return thrown.error;
    return toAppError(thrown, 'The image could not be made. Retry this frame, or switch engines in Settings.');
  };

  const runRowAsync = async (rowId: string, nodeId: string, settings: Settings, candidates: number): Promise<void> => {
    const runtime = newRuntime(rowId);
    const { signal } = runtime.controller;
    const jobId = deps.newId();
    patch(rowId, {
      jobId,
      status: 'starting',
      progress: null,
      error: null,
      outcome: null,
      applied: null,
      submitted: false,
      candidates: Array.from({ length: candidates }, () => EMPTY_CANDIDATE),
    });
    try {
      const target = await freezeAsync({ type: 'job/start', id: jobId, nodeId }, signal);
      const estimate = settings.engine === 'flux' ? estimateCredits(target.plan, settings.mode) * candidates : null;
      patch(rowId, {
        status: 'preparing',
        plan: target.plan,
        imageHash: target.image.hash,
        image: { width: target.image.width, height: target.image.height },
        frame: target.frame,
        nodeName: target.nodeName,
        estimate,
      });
      const source = await deps.images.getBytesAsync(target.image.hash, signal);
      const row = rowOf(rowId);
      if (!row) return;
      let outcomes: PromiseSettledResult<void>[];
      if (settings.engine === 'offline') {
        outcomes = await Promise.allSettled(
          Array.from({ length: candidates }, (_, i) => runOfflineCandidateAsync(row, i, runtime, { target, source, settings })),
        );
      } else {
        const reference = await deps.pipeline.prepareReferenceAsync(source, target.plan, signal);
        outcomes = await Promise.allSettled(
          Array.from({ length: candidates }, (_, i) =>
            runFluxCandidateAsync(row, i, candidates, runtime, { jobId, target, source, reference: reference.bytes, settings }),
          ),
        );
      }
      await settleRowAsync(rowId, runtime, outcomes, candidates);
    } catch (thrown) {
      forget(runtime);
      const submitted = rowOf(rowId)?.submitted ?? false;
      patch(rowId, { status: signal.aborted ? 'cancelled' : 'failed', error: errorOf(thrown, signal, submitted), progress: null });
    }
  };

  /** A saved frame job from a closed panel: its tasks are already paid for, so it polls, downloads and writes. */
  const resumeRowAsync = async (rowId: string, group: SavedJob[]): Promise<void> => {
    const first = group[0];
    if (!first) return;
    const runtime = newRuntime(rowId);
    for (const job of group) runtime.taskIds.add(job.taskId);
    const { signal } = runtime.controller;
    const settings: Settings = { ...first.settings, apiKey: deps.getState().settings.apiKey };
    try {
      const target = await freezeAsync({ type: 'job/resume', id: first.jobId }, signal);
      patch(rowId, { status: 'preparing' });
      const source = await deps.images.getBytesAsync(target.image.hash, signal);
      const api = deps.createApi({ endpoint: first.settings.endpoint, apiKey: settings.apiKey });
      const outcomes = await Promise.allSettled(
        group.map(async (job, index) => {
          patch(rowId, { status: 'queued' });
          const release = await deps.limiter.acquireAsync(signal);
          let sampleUrl: string;
          try {
            patch(rowId, { status: 'generating' });
            ({ sampleUrl } = await api.pollAsync(job.pollingUrl, signal, (_s, progress) => {
              if (!signal.aborted && group.length === 1) patch(rowId, { progress });
            }));
          } finally {
            release();
          }
          patch(rowId, { status: 'downloading' });
          const generated = await api.downloadAsync(sampleUrl, signal);
          patch(rowId, { status: 'composing' });
          await composeAsync(rowId, index, runtime, { source, generated, target, settings: first.settings, cost: job.cost });
        }),
      );
      await settleRowAsync(rowId, runtime, outcomes, Math.max(first.candidates, group.length));
    } catch (thrown) {
      forget(runtime);
      patch(rowId, { status: signal.aborted ? 'cancelled' : 'failed', error: errorOf(thrown, signal, true), progress: null });
    }
  };

  const writeAsync = async (rowId: string, index: number): Promise<void> => {
    const row = rowOf(rowId);
    const runtime = runtimes.get(rowId);
    const held = runtime?.held.get(index);
    if (!row || !runtime || !held || row.jobId === null) return;
    patch(rowId, { status: 'writing', error: null });
    const reply = waitForReplyAsync(row.jobId, null, deps.writeTimeoutMs ?? DEFAULT_WRITE_TIMEOUT_MS);
    deps.post({ type: 'job/result', id: row.jobId, bytes: held.bytes, meta: held.meta });
    const answer = await reply;
    if (answer.kind === 'written') {
      forget(runtime);
      patch(rowId, { status: 'done', outcome: answer.outcome, applied: index });
    } else if (answer.kind === 'failed') {
      // The results stay held: Apply sends the same bytes under the same job id, so nothing is paid twice.
      patch(rowId, { status: 'failed', error: answer.error });
    }
  };

  const noKeyError = (count: number): AppError =>
    appError('api-key', `Add your API key in Settings, then Retry to fetch ${count === 1 ? 'this paid result' : `these ${count} paid results`}`);

  /**
   * "Submit pending" markers (ui/job/submit-marker.ts): the panel closed before the submit answered, so the task
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
      rows.push({
        rowId: deps.newId(),
        // No job id: nothing will come back under the old one.
        jobId: null,
        ...targetRowFields(first.target, first.settings),
        status: 'failed',
        progress: null,
        candidates: [],
        estimate: null,
        error: appError('submit-uncertain', pendingJobMessage(first.target.nodeName)),
        outcome: null,
        applied: null,
        resumed: true,
        submitted: false,
      });
    }
    return rows;
  };

  const onSavedJobs = (jobs: SavedJob[]): void => {
    const known = new Set(deps.getState().batch.rows.map((r) => r.jobId));
    const fresh = jobs.filter((job) => !known.has(job.jobId));
    if (fresh.length === 0) return;
    const markers = fresh.filter((job) => job.pending === true);
    const { resumable, stale } = splitForResume(fresh.filter((job) => job.pending !== true), deps.now(), deps.resumeWindowMs);
    const timeOf = deps.timeOf ?? clockTime;
    const rows: BatchRow[] = [];
    const starts: Array<[string, SavedJob[]]> = [];
    const hasKey = deps.getState().settings.apiKey.trim() !== '';
    for (const group of [...resumable, ...stale]) {
      const first = group[0];
      if (!first) continue;
      const isStale = stale.includes(group);
      const rowId = deps.newId();
      const waitsForKey = !isStale && !hasKey;
      rows.push({
        rowId,
        jobId: first.jobId,
        ...targetRowFields(first.target, first.settings),
        status: isStale ? 'stale' : waitsForKey ? 'failed' : 'starting',
        progress: null,
        candidates: group.map((job) => ({ ...EMPTY_CANDIDATE, cost: job.cost })),
        estimate: null,
        error: isStale ? appError('expired', staleJobMessage(first, timeOf)) : waitsForKey ? noKeyError(group.length) : null,
        outcome: null,
        applied: null,
        resumed: true,
        submitted: true,
      });
      // Stale jobs are reported once and dropped: their results can no longer be fetched (docs/bfl-api.md, Delivery URLs).
      if (isStale) deps.post({ type: 'job/forget', taskIds: group.map((job) => job.taskId) });
      else if (waitsForKey) parked.set(rowId, group);
      else starts.push([rowId, group]);
    }
    rows.push(...pendingRows(markers));
    batch({ type: 'rows/added', rows });
    for (const [rowId, group] of starts) void track(resumeRowAsync(rowId, group));
  };

  const startRow = (rowId: string, nodeId: string, settings: Settings, candidates: number): Promise<void> =>
    track(runRowAsync(rowId, nodeId, settings, candidates));

  const apiTarget = (settings: Settings): ApiTarget => ({ endpoint: settings.endpoint, apiKey: settings.apiKey });

  return {
    async startAsync() {
      const state = deps.getState();
      if (batchBlocker(state) !== null) return;
      const settings = state.settings;
      deps.limiter.setMax(settings.concurrency);
      const candidates = state.batch.candidatesPerFrame;
      const targets = batchTargets(state);
      const rows: BatchRow[] = targets.map((target) => ({
        rowId: deps.newId(),
        jobId: null,
        ...targetRowFields(target, settings),
        status: 'waiting' satisfies RowStatus,
        progress: null,
        candidates: [],
        estimate: settings.engine === 'flux' ? estimateCredits(target.plan, settings.mode) * candidates : null,
        error: null,
        outcome: null,
        applied: null,
        resumed: false,
        submitted: false,
      }));
      const refusals = state.selection?.refusals ?? [];
      const covered = (state.selection?.targets ?? []).filter((t) => t.status === 'covered');
      const skipped: BatchRow[] = [
        ...refusals.map((r) => ({ nodeId: r.nodeId, nodeName: r.nodeName, error: r.error })),
        ...covered.map((t) => ({ nodeId: t.nodeId, nodeName: t.nodeName, error: appError('covered', 'The image already fills this frame — make it bigger or set the fill to Fit') })),
      ].map((s) => ({
        rowId: deps.newId(),
        jobId: null,
        nodeId: s.nodeId,
        nodeName: s.nodeName,
        frame: null,
        plan: null,
        imageHash: null,
        image: null,
        engine: settings.engine,
        mode: settings.mode,
        status: 'skipped' satisfies RowStatus,
        progress: null,
        candidates: [],
        estimate: null,
        error: s.error,
        outcome: null,
        applied: null,
        resumed: false,
        submitted: false,
      }));
      batch({ type: 'rows/added', rows: [...rows, ...skipped] });
      await Promise.all(rows.map((row) => startRow(row.rowId, row.nodeId, settings, candidates)));
    },
    async retryAsync(rowId) {
      const state = deps.getState();
      const row = rowOf(rowId);
      if (!row || !(row.status === 'failed' || row.status === 'cancelled' || row.status === 'stale')) return;
      // A saved job that waited for a key is fetched, not run again: it is already paid for.
      const group = parked.get(rowId);
      if (group) {
        if (state.settings.apiKey.trim() === '') {
          patch(rowId, { error: noKeyError(group.length) });
          return;
        }
        parked.delete(rowId);
        const oldest = Math.min(...group.map((job) => job.submittedAt));
        if (splitForResume(group, deps.now(), deps.resumeWindowMs).stale.length > 0) {
          deps.post({ type: 'job/forget', taskIds: group.map((job) => job.taskId) });
          patch(rowId, { status: 'stale', error: appError('expired', staleJobMessage({ submittedAt: oldest, target: { nodeName: row.nodeName } }, deps.timeOf ?? clockTime)) });
          return;
        }
        patch(rowId, { status: 'starting', error: null });
        return track(resumeRowAsync(rowId, group));
      }
      // A failed write with results in hand is retried as a write: the task is paid for.
      const runtime = runtimes.get(rowId);
      if (row.status === 'failed' && runtime && runtime.held.size > 0) {
        const index = row.applied ?? [...runtime.held.keys()][0];
        if (index !== undefined && row.candidates.length === 1) return track(writeAsync(rowId, index));
        patch(rowId, { status: 'choosing', error: null });
        return;
      }
      if (state.settings.engine === 'flux' && state.settings.apiKey.trim() === '') {
        patch(rowId, { error: appError('api-key', 'Add your API key in Settings, or switch to Offline') });
        return;
      }
      deps.limiter.setMax(state.settings.concurrency);
      patch(rowId, { resumed: false, engine: state.settings.engine, mode: state.settings.mode });
      await startRow(rowId, row.nodeId, state.settings, Math.max(1, row.candidates.length || state.batch.candidatesPerFrame));
    },
    cancel(rowId) {
      runtimes.get(rowId)?.controller.abort();
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
        batch({ type: 'credits/changed', credits: { status: 'failed', error: appError('api-key', 'Add your API key to see the balance') } });
        return;
      }
      batch({ type: 'credits/changed', credits: { status: 'loading' } });
      try {
        const credits = await deps.createApi(apiTarget(settings)).creditsAsync(new AbortController().signal);
        batch({ type: 'credits/changed', credits: { status: 'known', credits } });
      } catch (thrown) {
        batch({ type: 'credits/changed', credits: { status: 'failed', error: toAppError(thrown, 'The balance could not be read. Check the endpoint.') } });
      }
    },
    handleMessage(message) {
      switch (message.type) {
        case 'job/started':
        case 'job/written':
        case 'job/failed':
        case 'job/stored':
          replies.deliverMessage(message);
          return;
        case 'jobs/saved':
          onSavedJobs(message.jobs);
          return;
        default:
          return;
      }
    },
    async whenIdleAsync() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}
