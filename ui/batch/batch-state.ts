// The one state model of frame jobs: one row per frame the engine works on (ui/jobs/job-engine.ts) — the footer's
// single Outpaint, the queue, variants, extend and resumed jobs alike — or per refused frame, with its reason.
// Plain data only; the composed bytes of each candidate stay in the engine, and the state holds their preview URLs.
// Rows are kept until the panel closes, so unapplied results stay.
import type { Plan, Size } from '../../common/geometry/plan';
import type { AppError } from '../../common/protocol/errors';
import type { WriteOutcome } from '../../common/protocol/messages';
import type { EngineId, FluxMode } from '../../common/settings';
import type { WaitingElsewhere } from '../../common/batch/ledger-by-file';
import type { JobStage } from '../state/job-stage';

export type RowStatus =
  /** In the queue, not started yet. */
  | 'waiting'
  /** The sandbox is freezing the frame ('job/start' or 'job/resume'). */
  | 'starting'
  | 'preparing'
  /** Waiting for a free task slot (the API allows 24 at once, docs/bfl-api.md, Rate limits and concurrency; lower by Settings). */
  | 'queued'
  | 'generating'
  | 'downloading'
  | 'composing'
  /** Several results are ready: the designer picks one (Apply) or none (Discard). */
  | 'choosing'
  | 'writing'
  | 'done'
  | 'failed'
  | 'cancelled'
  | 'discarded'
  /** Could not be outpainted (a planner refusal); never started. */
  | 'skipped'
  /** A saved job from a closed panel that was too old to fetch; reported, not retried. */
  | 'stale';

export interface CandidateView {
  status: 'pending' | 'ready' | 'failed';
  /** Credits the API said it charged for this task (docs/bfl-api.md, Submit response); null until then or when it did not say. */
  cost: number | null;
  /** Object URL of the composed result, for the compare view. */
  url: string | null;
  width: number;
  height: number;
  error: AppError | null;
}

export interface BatchRow {
  /** Stable for the row's life (retries keep it). */
  rowId: string;
  /** The current frame job id ('job/start' / 'job/result'); null before it starts. */
  jobId: string | null;
  nodeId: string;
  nodeName: string;
  /** The frame in design units. */
  frame: Size | null;
  plan: Plan | null;
  imageHash: string | null;
  /** The stored image's size in pixels (for drawing the original in the compare view). */
  image: Size | null;
  engine: EngineId;
  mode: FluxMode;
  status: RowStatus;
  /** What the row is doing in detail (the footer's stage line), while it runs. */
  stage: JobStage | null;
  /** 0..1 while generating, when known. */
  progress: number | null;
  candidates: CandidateView[];
  /** Credits expected before anything is sent (common/batch/estimate-credits.ts); null for the offline engine. */
  estimate: number | null;
  error: AppError | null;
  outcome: WriteOutcome | null;
  /** Index of the candidate written, once written. */
  applied: number | null;
  /** True when the row came back from a closed panel ('jobs/saved'). */
  resumed: boolean;
  /** True once the API accepted a task for this row: cancelling may still be charged. */
  submitted: boolean;
  /** Cancel was pressed and the row is stopping. */
  cancelling: boolean;
  /** FLUX accepted the row's tasks but has not delivered (slow queue, dropped network): Retry checks again, never resubmits. */
  awaitingCheck: boolean;
  /** The offline engine's free draft shown while a FLUX job works (ui/jobs/draft-runner.ts); null when none. */
  draft: DraftView | null;
  /**
   * The rows of the variant set this row was painted with, by one FLUX task (ui/jobs/shared-generation.ts); null
   * for a frame of its own. Retry on one of them runs the set's failed formats again as one task.
   */
  setRowIds: readonly string[] | null;
}

/** A free offline draft of a FLUX row: shown until the FLUX result replaces it, or written if the designer keeps it. */
export interface DraftView {
  /** running → ready → keeping → kept; 'failed' keeps the FLUX job going with no draft to show. */
  status: 'running' | 'ready' | 'keeping' | 'kept' | 'failed';
  url: string | null;
  width: number;
  height: number;
  /** Why keeping it failed, in words (the FLUX job is unaffected). */
  error: AppError | null;
}

export type CreditsView =
  | { status: 'unknown' }
  | { status: 'loading' }
  | { status: 'known'; credits: number }
  | { status: 'failed'; error: AppError };

export interface BatchState {
  /** The queue view replaces the selection view while open. */
  open: boolean;
  /** Results asked per frame (1–4): separate API calls, since the API takes no seed. */
  candidatesPerFrame: number;
  rows: BatchRow[];
  /** Row shown in the compare view, and which candidate is on the slider. */
  comparing: { rowId: string; candidate: number } | null;
  credits: CreditsView;
  /** The row the footer follows: the single Outpaint's (a queue of one), or a one-frame workflow's. */
  focusRowId: string | null;
  /** Other files' paid results waiting on this computer (common/batch/ledger-by-file.ts). */
  elsewhere: WaitingElsewhere[];
}

export const INITIAL_BATCH: BatchState = {
  open: false,
  candidatesPerFrame: 1,
  rows: [],
  comparing: null,
  credits: { status: 'unknown' },
  focusRowId: null,
  elsewhere: [],
};

export const ACTIVE_STATUSES: ReadonlySet<RowStatus> = new Set<RowStatus>([
  'waiting',
  'starting',
  'preparing',
  'queued',
  'generating',
  'downloading',
  'composing',
  'writing',
]);

export const EMPTY_CANDIDATE: CandidateView = {
  status: 'pending',
  cost: null,
  url: null,
  width: 0,
  height: 0,
  error: null,
};

/** A row that has not started: the one place a row's fields get their first values (the engine, tests). */
export function newRow(
  rowId: string,
  fields: Pick<BatchRow, 'nodeId' | 'nodeName' | 'engine' | 'mode'> & Partial<BatchRow>,
): BatchRow {
  return {
    rowId,
    jobId: null,
    frame: null,
    plan: null,
    imageHash: null,
    image: null,
    status: 'waiting',
    stage: null,
    progress: null,
    candidates: [],
    estimate: null,
    error: null,
    outcome: null,
    applied: null,
    resumed: false,
    submitted: false,
    cancelling: false,
    awaitingCheck: false,
    draft: null,
    setRowIds: null,
    ...fields,
  };
}

/** Credits the API reported for this row's tasks, or null when it reported none. */
export function rowCost(row: BatchRow): number | null {
  const costs = row.candidates.map((c) => c.cost).filter((c): c is number => c !== null);
  return costs.length === 0 ? null : costs.reduce((a, b) => a + b, 0);
}
