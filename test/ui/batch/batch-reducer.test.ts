import { describe, expect, it } from 'vitest';
import { reduceBatch } from '../../../ui/batch/batch-reducer';
import { INITIAL_BATCH, type BatchRow, type BatchState } from '../../../ui/batch/batch-state';
import { makePlan } from '../support/ui-fixtures';

function row(rowId: string, over: Partial<BatchRow> = {}): BatchRow {
  return {
    rowId,
    jobId: `job-${rowId}`,
    nodeId: rowId,
    nodeName: rowId,
    frame: { width: 10, height: 10 },
    plan: makePlan(),
    imageHash: 'h',
    image: { width: 451, height: 300 },
    engine: 'flux',
    mode: 'high',
    status: 'done',
    progress: null,
    candidates: [],
    estimate: 10,
    error: null,
    outcome: null,
    applied: null,
    resumed: false,
    submitted: true,
    stage: null,
    cancelling: false,
    awaitingCheck: false,
    draft: null,
    setRowIds: null,
    ...over,
  };
}
const ready = { status: 'ready' as const, cost: 10, url: 'blob:1', width: 10, height: 10, error: null };

describe('queue state', () => {
  it('clamps the number of results per frame to the 1–4 the panel offers', () => {
    expect(reduceBatch(INITIAL_BATCH, { type: 'candidates/set', count: 9 }).candidatesPerFrame).toBe(4);
    expect(reduceBatch(INITIAL_BATCH, { type: 'candidates/set', count: 0 }).candidatesPerFrame).toBe(1);
  });

  it('Clear finished drops written, failed and skipped rows but keeps running rows and unapplied results', () => {
    const state: BatchState = {
      ...INITIAL_BATCH,
      rows: [
        row('written', { candidates: [ready], applied: 0 }),
        row('failed', { status: 'failed' }),
        row('skipped', { status: 'skipped' }),
        row('running', { status: 'generating' }),
        row('choosing', { status: 'choosing', candidates: [ready, ready] }),
        row('discarded', { status: 'discarded', candidates: [ready, ready] }),
        row('write-failed', { status: 'failed', candidates: [ready] }),
      ],
    };
    const cleared = reduceBatch(state, { type: 'rows/cleared' });
    expect(cleared.rows.map((r) => r.rowId)).toEqual(['running', 'choosing', 'discarded', 'write-failed']);
  });

  it('opens the compare view only on a result that is ready', () => {
    const state: BatchState = {
      ...INITIAL_BATCH,
      rows: [row('a', { status: 'choosing', candidates: [ready, { ...ready, status: 'failed', url: null }] })],
    };
    expect(reduceBatch(state, { type: 'compare/opened', rowId: 'a', candidate: 1 }).comparing).toBeNull();
    expect(reduceBatch(state, { type: 'compare/opened', rowId: 'a', candidate: 0 }).comparing).toEqual({
      rowId: 'a',
      candidate: 0,
    });
  });
});
