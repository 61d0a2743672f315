// Runs one outpaint job end to end (the effects behind the Outpaint button):
// 'job/start' → 'job/started' {target} → image bytes → prepare → engine → finish → 'job/result' → 'job/written'.
// Before the FLUX submit a "submit pending" marker is saved (ui/job/submit-marker.ts); the task itself is saved
// ('job/save') the moment the API accepts it, so a closed panel's paid result is fetched and
// written when the plugin reopens (the queue's resume path, ui/batch/README.md "Resume after close").
// Every dependency is passed in, so tests drive it with typed fakes.
import { fluxRequestFor } from './flux-request-for';
import { createSandboxReplies } from './sandbox-replies';
import { saveSubmitMarkerAsync, submitClearlyRefused, submitMarker, taskRecord } from './submit-marker';
import { jobSettingsOf } from '../../common/batch/saved-job';
import { appError, type AppError } from '../../common/protocol/errors';
import type { ResultMeta, SandboxMessage, UiMessage } from '../../common/protocol/messages';
import type { Settings } from '../../common/settings';
import type { AppAction } from '../state/app-action';
import type { AppState } from '../state/app-state';
import { chosenTarget, runBlocker } from '../state/app-selectors';
import type { FluxClientFactory, ImageBytesPort, PixelPipelinePort } from './job-ports';
import { toAppError } from './to-app-error';

export interface JobRunnerDeps {
  getState(): AppState;
  dispatch(action: AppAction): void;
  post(message: UiMessage): void;
  images: ImageBytesPort;
  pipeline: PixelPipelinePort;
  createFluxClient: FluxClientFactory;
  /** Wall clock for the result's date. */
  now(): Date;
  newJobId(): string;
  /** Seed for the offline engine, so a run can be repeated. */
  seed(): number;
  sleepAsync(ms: number): Promise<void>;
  /** How long to wait for the sandbox to confirm a write before offering "Try writing again". */
  writeTimeoutMs?: number;
}

export interface JobRunner {
  /** Starts a job on the chosen target; does nothing when the panel says it cannot run. */
  startAsync(): Promise<void>;
  /** Stops waiting and working; a result already made is still written (its credits are spent). */
  cancel(): void;
  /** Sends a held result to the sandbox again after a failed write. */
  retryWriteAsync(): Promise<void>;
  /** Feed every sandbox message here; the runner takes the job replies. */
  handleMessage(message: SandboxMessage): void;
}

const DEFAULT_WRITE_TIMEOUT_MS = 60_000;


class JobStopped extends Error {
  constructor(readonly error: AppError) {
    super(error.message);
  }
}

export function createJobRunner(deps: JobRunnerDeps): JobRunner {
  let controller: AbortController | null = null;
  /** Waiters for the sandbox's reply to the current job, by job id. */

  const replies = createSandboxReplies({
    sleepAsync: deps.sleepAsync,
    stopped: (error) => new JobStopped(error),
    timeoutMessage: 'Figma did not confirm the write. Try writing again.',
  });
  const waitForReplyAsync = replies.waitAsync;

  const writeAsync = async (id: string, bytes: Uint8Array, meta: ResultMeta): Promise<void> => {
    const reply = waitForReplyAsync(id, null, deps.writeTimeoutMs ?? DEFAULT_WRITE_TIMEOUT_MS);
    deps.post({ type: 'job/result', id, bytes, meta });
    const answer = await reply;
    if (answer.kind === 'written') deps.dispatch({ type: 'job/written', id, outcome: answer.outcome });
    else if (answer.kind === 'failed') deps.dispatch({ type: 'job/failed', id, error: answer.error });
  };

  const cancelledError = (submitted: boolean): AppError =>
    appError('cancelled', submitted ? 'Cancelled. FLUX may still charge for the task it had started.' : 'Cancelled. Nothing was changed.');

  const runAsync = async (id: string, nodeId: string, settings: Settings, signal: AbortSignal): Promise<void> => {
    let submitted = false;
    /** Saved task ids: forgotten when the job fails before a result exists (the sandbox forgets written ones). */
    const savedTaskIds: string[] = [];
    const stage = (s: Extract<AppAction, { type: 'job/stage' }>) => {
      if (!signal.aborted) deps.dispatch(s);
    };
    try {
      const reply = waitForReplyAsync(id, signal, null);
      deps.post({ type: 'job/start', id, nodeId });
      const started = await reply;
      if (started.kind === 'failed') throw new JobStopped(started.error);
      if (started.kind !== 'started') throw new JobStopped(appError('bad-message', 'Figma answered out of order. Try again.'));
      const { target } = started;
      if (target.status === 'covered') {
        throw new JobStopped(appError('covered', 'This image already fills the frame — make the frame bigger or set the fill to Fit'));
      }
      const plan = target.plan;

      stage({ type: 'job/stage', id, stage: { kind: 'preparing' } });
      const source = await deps.images.getBytesAsync(target.image.hash, signal);
      let generated: Uint8Array;
      let cost: number | null = null;
      if (settings.engine === 'offline') {
        stage({ type: 'job/stage', id, stage: { kind: 'generating', status: 'offline', progress: 0 } });
        generated = await deps.pipeline.runOfflineAsync(source, plan, {
          seed: deps.seed(),
          signal,
          onProgress: (fraction) => stage({ type: 'job/stage', id, stage: { kind: 'generating', status: 'offline', progress: fraction } }),
        });
      } else {
        const reference = await deps.pipeline.prepareReferenceAsync(source, plan, signal);
        const client = deps.createFluxClient(settings);
        // Without the key: clientStorage is readable by the user and later plugin versions.
        const slot = { jobId: id, candidate: 0, candidates: 1, target, settings: jobSettingsOf(settings), submittedAt: deps.now().getTime() };
        const marker = submitMarker(slot);
        savedTaskIds.push(marker.taskId);
        await saveSubmitMarkerAsync({ post: deps.post, replies }, marker, signal);
        const result = await client.outpaintAsync(fluxRequestFor(reference.bytes, plan, settings), {
          signal,
          onProgress: (p) => {
            if (p.kind === 'sending') {
              stage({ type: 'job/stage', id, stage: { kind: 'sending' } });
            } else if (p.kind === 'submitted') {
              submitted = true;
              savedTaskIds.push(p.taskId);
              deps.post({ type: 'job/save', job: taskRecord(slot, p, deps.now().getTime()) });
              stage({ type: 'job/stage', id, stage: { kind: 'submitted', cost: p.cost } });
            } else if (p.kind === 'status') {
              stage({ type: 'job/stage', id, stage: { kind: 'generating', status: p.status, progress: p.progress } });
            } else {
              stage({ type: 'job/stage', id, stage: { kind: 'downloading' } });
            }
          },
        });
        generated = result.bytes;
        cost = result.cost;
      }

      stage({ type: 'job/stage', id, stage: { kind: 'composing' } });
      const finished = await deps.pipeline.finishAsync(
        { source, result: generated, plan, feather: settings.feather, format: settings.outputFormat },
        signal,
      );
      if (signal.aborted) throw new JobStopped(cancelledError(submitted));
      const meta: ResultMeta = {
        engine: settings.engine,
        mode: settings.engine === 'offline' ? 'offline' : settings.mode,
        createdAt: deps.now().toISOString(),
        cost,
        width: finished.width,
        height: finished.height,
      };
      // From here the result is held in state until the sandbox confirms it: a paid result is never dropped.
      deps.dispatch({ type: 'job/composed', id, result: { bytes: finished.bytes, meta } });
      await writeAsync(id, finished.bytes, meta);
    } catch (thrown) {
      const error = signal.aborted
        ? cancelledError(submitted)
        : thrown instanceof JobStopped
          ? thrown.error
          : toAppError(thrown, 'The image could not be made. Try again, or switch engines in Settings.');
      // A submit that failed without a clear refusal may have been charged: its marker stays for the next opening.
      if (!submitted && !signal.aborted && !submitClearlyRefused(error.code)) savedTaskIds.splice(0, savedTaskIds.length);
      // No result to hold: a reopened panel must not fetch a task the user cancelled or that failed.
      if (savedTaskIds.length > 0) deps.post({ type: 'job/forget', taskIds: savedTaskIds });
      deps.dispatch({ type: 'job/failed', id, error: error.code === 'cancelled' ? cancelledError(submitted) : error });
    }
  };

  return {
    async startAsync() {
      const state = deps.getState();
      const target = chosenTarget(state);
      if (runBlocker(state) !== null || target === null) return;
      const id = deps.newJobId();
      const settings = state.settings;
      controller = new AbortController();
      deps.dispatch({ type: 'job/began', job: { id, nodeId: target.nodeId, nodeName: target.nodeName, engine: settings.engine } });
      const signal = controller.signal;
      try {
        await runAsync(id, target.nodeId, settings, signal);
      } finally {
        if (controller?.signal === signal) controller = null;
      }
    },
    cancel() {
      const job = deps.getState().job;
      if (job.phase !== 'running' || job.result !== null || controller === null) return;
      deps.dispatch({ type: 'job/cancel-requested', id: job.id });
      controller.abort();
    },
    async retryWriteAsync() {
      const job = deps.getState().job;
      if (job.phase !== 'failed' || job.result === null) return;
      deps.dispatch({ type: 'job/write-retried', id: job.id });
      await writeAsync(job.id, job.result.bytes, job.result.meta);
    },
    handleMessage(message) {
      switch (message.type) {
        case 'job/started':
        case 'job/written':
        case 'job/failed':
        case 'job/stored':
          replies.deliverMessage(message);
          return;
        case 'settings/loaded':
        case 'selection/changed':
        case 'image/bytes':
        case 'image/failed':
          return;
      }
    },
  };
}
