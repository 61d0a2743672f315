// Derived views of the queue: what a batch would run and cost, why it can't start, and the totals.
import { estimateFrameCredits } from '../../common/passes/estimate-passes';
import type { Target } from '../../common/selection/report';
import type { AppState } from '../state/app-state';
import { fluxSettingsProblem } from '../state/app-selectors';
import { footerJob } from '../state/footer-job';
import { ACTIVE_STATUSES, rowCost, type BatchRow, type BatchState } from './batch-state';

/** Targets a batch would run: every selected frame that has something to outpaint. */
export function batchTargets(state: AppState): Target[] {
  return (state.selection?.targets ?? []).filter((t) => t.status === 'ready');
}

/** Estimated credits for one frame with `candidates` results, or null for the offline engine (it costs nothing). */
export function frameEstimate(state: AppState, target: Target, candidates: number): number | null {
  if (state.settings.engine !== 'flux') return null;
  return estimateFrameCredits(target.plan, state.settings, candidates);
}

export function batchEstimate(state: AppState): number | null {
  if (state.settings.engine !== 'flux') return null;
  const candidates = state.batch.candidatesPerFrame;
  return batchTargets(state).reduce((sum, t) => sum + (frameEstimate(state, t, candidates) ?? 0), 0);
}

export function isBatchRunning(batch: BatchState): boolean {
  return batch.rows.some((row) => ACTIVE_STATUSES.has(row.status));
}

/** Why "Outpaint all" is disabled, or null. */
export function batchBlocker(state: AppState): string | null {
  if (!state.settingsLoaded) return 'Connecting to Figma…';
  if (footerJob(state).phase === 'running') return 'An outpaint is already running';
  if (isBatchRunning(state.batch)) return 'The queue is still running';
  const targets = batchTargets(state);
  if (targets.length === 0) return 'Select frames with images to outpaint';
  const problem = fluxSettingsProblem(state.settings);
  if (problem !== null) return problem;
  for (const target of targets) {
    const image = state.images[target.image.hash];
    if (image?.status === 'failed') return `“${target.nodeName}”: ${image.error.message}`;
  }
  return null;
}

export interface BatchTotals {
  rows: number;
  running: number;
  done: number;
  failed: number;
  choosing: number;
  /** Sum of the API's reported costs. */
  cost: number;
  /** Sum of the estimates of rows that have no reported cost yet. */
  estimate: number;
}

export function batchTotals(batch: BatchState): BatchTotals {
  const totals: BatchTotals = { rows: 0, running: 0, done: 0, failed: 0, choosing: 0, cost: 0, estimate: 0 };
  for (const row of batch.rows) {
    if (row.status === 'skipped') continue;
    totals.rows += 1;
    if (ACTIVE_STATUSES.has(row.status)) totals.running += 1;
    if (row.status === 'done') totals.done += 1;
    if (row.status === 'failed' || row.status === 'stale' || row.status === 'cancelled') totals.failed += 1;
    if (row.status === 'choosing') totals.choosing += 1;
    const cost = rowCost(row);
    if (cost !== null) totals.cost += cost;
    else if (row.estimate !== null && ACTIVE_STATUSES.has(row.status)) totals.estimate += row.estimate;
  }
  return totals;
}

/** The status column, in words. */
export function describeRow(row: BatchRow): string {
  const pct = row.progress === null ? '' : ` ${Math.round(Math.min(1, Math.max(0, row.progress)) * 100)} %`;
  const ready = row.candidates.filter((c) => c.status === 'ready').length;
  switch (row.status) {
    case 'waiting':
      return 'Waiting';
    case 'starting':
      return row.resumed ? 'Resuming…' : 'Checking the frame…';
    case 'preparing':
      return 'Preparing…';
    case 'queued':
      return 'Waiting for a free slot';
    case 'generating':
      return row.engine === 'offline' ? `Extending${pct}` : `Generating${pct}`;
    case 'downloading':
      return 'Downloading…';
    case 'composing':
      return 'Composing…';
    case 'choosing':
      return `${ready} ${ready === 1 ? 'result' : 'results'} to compare`;
    case 'writing':
      return 'Writing…';
    case 'done':
      return row.outcome?.kind === 'placed-beside' ? 'Placed beside (frame changed)' : 'Written';
    case 'failed':
      return ready > 0 ? 'Not written' : 'Failed';
    case 'cancelled':
      return 'Cancelled';
    case 'discarded':
      return 'Discarded';
    case 'skipped':
      return 'Skipped';
    case 'stale':
      return 'Expired';
  }
}
