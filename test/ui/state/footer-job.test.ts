import { describe, expect, it } from 'vitest';
import { reduce } from '../../../ui/state/app-reducer';
import { INITIAL_STATE, type AppState } from '../../../ui/state/app-state';
import type { AppAction } from '../../../ui/state/app-action';
import { footerJob } from '../../../ui/state/footer-job';
import { footerRowActions, makeRow, rowPatched } from '../support/ui-fixtures';

const run = (actions: AppAction[], from: AppState = INITIAL_STATE) => actions.reduce(reduce, from);
const ready = { status: 'ready' as const, cost: 4.5, url: 'blob:r', width: 1200, height: 500, error: null };
const started = footerRowActions(makeRow({ nodeName: 'Hero banner', status: 'starting', stage: { kind: 'starting' } }));

describe('the footer follows its job, a queue of one', () => {
  it('shows nothing running until Outpaint adds a row for it', () => {
    expect(footerJob(INITIAL_STATE)).toEqual({ phase: 'idle' });
    expect(
      footerJob(run([{ type: 'batch', action: { type: 'rows/added', rows: [makeRow({ rowId: 'queued' })] } }])),
    ).toEqual({ phase: 'idle' });
  });

  it('walks its row through the stages and shows the cost the API reported', () => {
    const s = run([
      ...started,
      rowPatched('row-1', {
        status: 'generating',
        stage: { kind: 'submitted', cost: 4.5 },
        candidates: [{ ...ready, status: 'pending', url: null, width: 0, height: 0 }],
      }),
      rowPatched('row-1', { stage: { kind: 'generating', status: 'Pending', progress: 0.3 } }),
    ]);
    expect(footerJob(s)).toMatchObject({
      phase: 'running',
      nodeName: 'Hero banner',
      cost: 4.5,
      stage: { kind: 'generating', progress: 0.3 },
      canCancel: true,
    });
  });

  it('cannot be cancelled once the result exists (its credits are spent)', () => {
    const s = run([
      ...started,
      rowPatched('row-1', { status: 'writing', stage: { kind: 'writing' }, candidates: [ready] }),
    ]);
    expect(footerJob(s)).toMatchObject({ phase: 'running', canCancel: false });
  });

  it('keeps a made result when the write fails, so it can be written again', () => {
    const s = run([
      ...started,
      rowPatched('row-1', {
        status: 'failed',
        candidates: [ready],
        error: { code: 'write-failed', message: 'Figma could not add the image.' },
      }),
    ]);
    expect(footerJob(s)).toMatchObject({ phase: 'failed', held: true, awaitingCheck: false });
  });

  it('says what was written, from the candidate the frame holds', () => {
    const s = run([
      ...started,
      rowPatched('row-1', {
        status: 'done',
        candidates: [ready],
        applied: 0,
        outcome: { kind: 'written', nodeId: '1:2' },
      }),
    ]);
    expect(footerJob(s)).toMatchObject({ phase: 'done', written: { width: 1200, height: 500, cost: 4.5 } });
  });

  it('goes back to the Outpaint button on OK, while the row stays in the queue', () => {
    const done = run([
      ...started,
      rowPatched('row-1', {
        status: 'done',
        candidates: [ready],
        applied: 0,
        outcome: { kind: 'written', nodeId: '1:2' },
      }),
    ]);
    const dismissed = reduce(done, { type: 'batch', action: { type: 'focus/cleared' } });
    expect(footerJob(dismissed)).toEqual({ phase: 'idle' });
    expect(dismissed.batch.rows).toHaveLength(1);
  });
});
