// A free draft while FLUX works (issue 14, item 4): when the footer's FLUX job has its reference ready, the offline
// engine makes the same frame on this computer and the preview shows it within a second or two, marked as a draft.
// The FLUX result replaces it when it arrives (the preview prefers a ready candidate). The designer may keep the
// draft instead: it is written into the frame as its own job, at no cost. Nothing beyond the FLUX task already
// submitted is charged, and that paid task runs on under the rules in ui/jobs/README.md: when its result arrives
// the frame no longer matches, so the sandbox places it beside the frame (plugin/write-back.ts) — never lost.
// The engine calls `fluxRowStarted` (one hook, JobEngineDeps.drafts); everything else lives here.
import type { ResultMeta } from '../../common/protocol/messages';
import type { Target } from '../../common/selection/report';
import type { Settings } from '../../common/settings';
import { appError } from '../../common/protocol/errors';
import type { TaskLimiter } from '../api/task-limiter';
import type { AppAction } from '../state/app-action';
import type { AppState } from '../state/app-state';
import { ACTIVE_STATUSES, type DraftView } from '../batch/batch-state';
import type { PixelPipelinePort } from './job-ports';
import type { SandboxReply, SandboxRequest } from './sandbox-requests';
import type { ImageFormat } from '../../common/selection/report';
import { finishResultAsync } from './finish-result';

/** What the engine hands over when a FLUX row has its reference ready. */
export interface FluxRowRun {
  rowId: string;
  target: Target;
  source: Uint8Array;
  settings: Omit<Settings, 'apiKey'>;
  /** Results asked for the frame; drafts are made for a single result only. */
  candidates: number;
  /** The row's signal: a cancelled row drops its draft. */
  signal: AbortSignal;
  /** The engine's offline limiter: the worker runs one offline job at a time. */
  offlineLimiter: TaskLimiter;
  requestAsync(
    message: SandboxRequest,
    options?: { signal?: AbortSignal | null; timeoutMs?: number | null },
  ): Promise<SandboxReply>;
}

/** The engine's side of the hook. */
export interface DraftHook {
  fluxRowStarted(run: FluxRowRun): void;
}

export interface DraftCommands {
  /** Writes the row's draft into the frame (a job of its own, free); the FLUX task runs on and is kept. */
  keepDraftAsync(rowId: string): Promise<void>;
}

export interface DraftRunner extends DraftHook, DraftCommands {
  whenIdleAsync(): Promise<void>;
}

export interface DraftRunnerDeps {
  getState(): AppState;
  dispatch(action: AppAction): void;
  pipeline: PixelPipelinePort;
  newId(): string;
  now(): number;
  makePreviewUrl(bytes: Uint8Array, format: ImageFormat): string;
  revokePreviewUrl?(url: string): void;
  /** Seed of the draft (the same as the offline engine's first candidate, so keeping it matches an Offline run). */
  seed: number;
  writeTimeoutMs?: number;
}

export const DRAFT_TEXT = {
  noWrite: 'The draft could not be written. The FLUX result is still on its way.',
} as const;

interface HeldDraft {
  bytes: Uint8Array;
  meta: ResultMeta;
  nodeId: string;
  requestAsync: FluxRowRun['requestAsync'];
}

export function createDraftRunner(deps: DraftRunnerDeps): DraftRunner {
  const held = new Map<string, HeldDraft>();
  const running = new Set<Promise<void>>();
  const rowOf = (rowId: string) => deps.getState().batch.rows.find((r) => r.rowId === rowId);
  const setDraft = (rowId: string, draft: DraftView | null): void =>
    deps.dispatch({ type: 'batch', action: { type: 'row/patched', rowId, patch: { draft } } });
  const track = (work: Promise<void>): void => {
    running.add(work);
    void work.finally(() => running.delete(work));
  };
  /** The FLUX result is in (or the row ended): the draft has nothing more to offer. */
  const superseded = (rowId: string): boolean => {
    const row = rowOf(rowId);
    if (!row || !ACTIVE_STATUSES.has(row.status)) return true;
    return row.candidates.some((c) => c.status === 'ready');
  };

  const draftAsync = async (run: FluxRowRun): Promise<void> => {
    const { rowId, target, signal } = run;
    const old = rowOf(rowId)?.draft;
    if (old?.url) deps.revokePreviewUrl?.(old.url);
    held.delete(rowId);
    setDraft(rowId, { status: 'running', url: null, width: 0, height: 0, error: null });
    try {
      const generated = await run.offlineLimiter.runAsync(
        () => deps.pipeline.runOfflineAsync(run.source, target.plan, { seed: deps.seed, signal, onProgress: () => {} }),
        signal,
      );
      if (signal.aborted || superseded(rowId)) return setDraft(rowId, null);
      // Kept, it is the offline engine's result: its meta says so, and nothing is charged for it.
      const finished = await finishResultAsync(
        deps,
        { source: run.source, generated, target, settings: { ...run.settings, engine: 'offline' }, cost: null },
        signal,
      );
      if (signal.aborted || superseded(rowId)) return setDraft(rowId, null);
      held.set(rowId, {
        bytes: finished.bytes,
        meta: finished.meta,
        nodeId: target.nodeId,
        requestAsync: run.requestAsync,
      });
      const { url } = finished;
      setDraft(rowId, { status: 'ready', url, width: finished.width, height: finished.height, error: null });
    } catch {
      // A draft that fails changes nothing about the FLUX job: the preview simply has none to show.
      if (rowOf(rowId)?.draft?.status === 'running') setDraft(rowId, null);
    }
  };

  return {
    fluxRowStarted(run) {
      // One frame, the one the footer follows: a queue of many would keep the worker busy for drafts nobody sees.
      if (run.candidates !== 1 || deps.getState().batch.focusRowId !== run.rowId) return;
      track(draftAsync(run));
    },
    async keepDraftAsync(rowId) {
      const row = rowOf(rowId);
      const draft = held.get(rowId);
      if (!row || !draft || row.draft?.status !== 'ready') return;
      // Once FLUX's result is written the frame holds it; the draft is no longer offered.
      if (row.status === 'done') return;
      const view = row.draft;
      setDraft(rowId, { ...view, status: 'keeping', error: null });
      const jobId = deps.newId();
      const fail = (): void =>
        setDraft(rowId, { ...view, status: 'ready', error: appError('write-failed', DRAFT_TEXT.noWrite) });
      const work = (async () => {
        const started = await draft.requestAsync({ type: 'job/start', id: jobId, nodeId: draft.nodeId });
        if (started.kind !== 'started') return fail();
        const answer = await draft.requestAsync(
          { type: 'job/result', id: jobId, bytes: draft.bytes, meta: draft.meta },
          { timeoutMs: deps.writeTimeoutMs ?? 60_000 },
        );
        if (answer.kind !== 'written') return fail();
        held.delete(rowId);
        setDraft(rowId, { ...view, status: 'kept', error: null });
      })();
      track(work);
      await work;
    },
    async whenIdleAsync() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}
