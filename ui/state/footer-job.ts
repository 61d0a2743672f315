// What the footer shows of the job it follows (state.batch.focusRowId): the single Outpaint is a queue of one, so
// its view is derived from its row, never kept apart (ui/batch/batch-state.ts is the one state model).
import type { AppError } from '../../common/protocol/errors';
import type { WriteOutcome } from '../../common/protocol/messages';
import type { EngineId } from '../../common/settings';
import { ACTIVE_STATUSES, rowCost, type BatchRow } from '../batch/batch-state';
import type { AppState } from './app-state';
import type { JobStage } from './job-stage';

export interface FooterIdentity {
  rowId: string;
  nodeId: string;
  nodeName: string;
  engine: EngineId;
}

/** The written result's facts the done line shows. */
export interface WrittenView {
  width: number;
  height: number;
  cost: number | null;
  /** The composed result's preview URL (ui/app/preview-url.ts), while the panel holds it; shown after Done. */
  url: string | null;
}

export type FooterJob =
  | { phase: 'idle' }
  | (FooterIdentity & {
      phase: 'running';
      stage: JobStage;
      cost: number | null;
      cancelling: boolean;
      canCancel: boolean;
    })
  /**
   * `candidate`: the written result, which the compare view can show (`comparable`) while its preview is held.
   * `draftKept`: the designer kept the free offline draft in the frame, so FLUX's result went beside it.
   */
  | (FooterIdentity & {
      phase: 'done';
      outcome: WriteOutcome;
      written: WrittenView;
      candidate: number;
      comparable: boolean;
      draftKept: boolean;
    })
  /** `held`: the image is made but not written (Try writing again); `awaitingCheck`: paid at FLUX, not fetched yet (Check again). */
  | (FooterIdentity & { phase: 'failed'; error: AppError; held: boolean; awaitingCheck: boolean });

export function focusedRow(state: AppState): BatchRow | null {
  const id = state.batch.focusRowId;
  return id === null ? null : (state.batch.rows.find((row) => row.rowId === id) ?? null);
}

export function footerJob(state: AppState): FooterJob {
  const row = focusedRow(state);
  if (row === null || row.status === 'discarded') return { phase: 'idle' };
  const identity: FooterIdentity = { rowId: row.rowId, nodeId: row.nodeId, nodeName: row.nodeName, engine: row.engine };
  if (ACTIVE_STATUSES.has(row.status)) {
    return {
      ...identity,
      phase: 'running',
      stage: row.stage ?? { kind: 'starting' },
      cost: rowCost(row),
      cancelling: row.cancelling,
      // Once a result is composed it is written, not cancelled: the credits are spent.
      canCancel: row.status !== 'writing' && !row.candidates.some((c) => c.status === 'ready'),
    };
  }
  if (row.status === 'done' && row.outcome !== null) {
    const candidate = row.applied ?? 0;
    const written = row.candidates[candidate];
    return {
      ...identity,
      phase: 'done',
      outcome: row.outcome,
      candidate,
      comparable: written?.status === 'ready' && written.url !== null && row.plan !== null,
      draftKept: row.draft?.status === 'kept',
      written: {
        width: written?.width ?? 0,
        height: written?.height ?? 0,
        cost: written?.cost ?? null,
        url: written?.url ?? null,
      },
    };
  }
  if (row.status === 'choosing') {
    // A one-frame run with several results is decided in the queue's compare view.
    return {
      ...identity,
      phase: 'failed',
      error: { code: 'write-failed', message: 'Pick a result in the queue to write it.' },
      held: true,
      awaitingCheck: false,
    };
  }
  return {
    ...identity,
    phase: 'failed',
    error: row.error ?? { code: 'engine-failed', message: 'No result came back. Try again.' },
    held: row.candidates.some((c) => c.status === 'ready'),
    awaitingCheck: row.awaitingCheck,
  };
}
