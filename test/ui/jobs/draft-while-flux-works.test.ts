// The free offline draft beside a FLUX job (ui/jobs/draft-runner.ts), end to end in Node: the real engine, store
// and sandbox controller, FLUX through the real client to the strict fake BFL server.
import { describe, expect, it } from 'vitest';
import { startFakeBflAsync } from '../../fake-bfl/fake-bfl-server';
import {
  PassThroughPipeline,
  addFrameAsync,
  createFigmaFake,
  fluxSettings,
  openPanelAsync,
  waitForAsync,
  type PanelSession,
  closeAfterEachTest,
  shownHash,
} from './support/engine-harness';
import type { BatchRow } from '../../../ui/batch/batch-state';

const { fakes, sessions: open } = closeAfterEachTest();

function focusRow(session: PanelSession): BatchRow | undefined {
  const { batch } = session.store.getState();
  return batch.rows.find((r) => r.rowId === batch.focusRowId);
}

async function startFluxAsync(latencyMs: number) {
  const bfl = await startFakeBflAsync({ latencyMs });
  fakes.push(bfl);
  const figma = createFigmaFake();
  const { frame } = await addFrameAsync(figma, { name: 'Hero', width: 160, height: 90 });
  figma.currentPage.selection = [frame];
  const pipeline = new PassThroughPipeline();
  const session = await openPanelAsync(figma, { settings: fluxSettings(bfl.url), drafts: true, pipeline });
  open.push(session);
  void session.runner.outpaintChosenAsync();
  return { bfl, figma, frame, pipeline, session };
}

describe('a free draft while FLUX works', () => {
  it('shows the offline draft while FLUX generates, then the FLUX result replaces it in the frame', async () => {
    const { bfl, figma, frame, pipeline, session } = await startFluxAsync(1500);
    await waitForAsync(() => focusRow(session)?.draft?.status === 'ready', 'the draft');
    const row = focusRow(session);
    expect(row?.status).not.toBe('done');
    expect(row?.draft?.url).toMatch(/^blob:/);
    expect(pipeline.offlineRuns).toBe(1);
    await session.settleAsync();
    const done = focusRow(session);
    expect(done).toMatchObject({ status: 'done', outcome: { kind: 'written' }, applied: 0 });
    // The frame holds FLUX's image, byte for byte what the fake served; one task, nothing else submitted.
    const task = [...bfl.state.tasks.values()][0];
    expect(bfl.state.tasks.size).toBe(1);
    expect(task).toBeDefined();
    expect(shownHash(frame)).not.toBeNull();
    const written = session.sent.filter((m) => m.type === 'job/result');
    expect(written).toHaveLength(1);
    expect(written[0]).toMatchObject({ meta: { engine: 'flux' } });
    expect(figma.currentPage.children.filter((n) => n.type === 'FRAME')).toHaveLength(1);
  }, 30_000);

  it('keeps the draft in the frame at no cost; the paid FLUX result still arrives and is placed beside it', async () => {
    const { bfl, figma, frame, session } = await startFluxAsync(2500);
    await waitForAsync(() => focusRow(session)?.draft?.status === 'ready', 'the draft');
    const drafts = session.drafts;
    if (!drafts) throw new Error('drafts are on');
    const rowId = focusRow(session)?.rowId ?? '';
    await drafts.keepDraftAsync(rowId);
    expect(focusRow(session)?.draft?.status).toBe('kept');
    const draftWrite = session.sent.find((m) => m.type === 'job/result');
    expect(draftWrite).toMatchObject({ meta: { engine: 'offline', cost: null } });
    const draftHash = shownHash(frame);
    expect(draftHash).not.toBeNull();
    // FLUX goes on: exactly the one task submitted before, and its result is written beside the frame.
    await session.settleAsync();
    expect(bfl.state.tasks.size).toBe(1);
    expect(focusRow(session)).toMatchObject({ status: 'done', outcome: { kind: 'placed-beside' } });
    expect(shownHash(frame)).toBe(draftHash);
    const fluxWrite = session.sent.filter((m) => m.type === 'job/result' && m.meta.engine === 'flux');
    expect(fluxWrite).toHaveLength(1);
    expect(figma.currentPage.children.length).toBeGreaterThan(1);
  }, 30_000);

  it('makes no draft for an offline run', async () => {
    const figma = createFigmaFake();
    const { frame } = await addFrameAsync(figma, { name: 'Hero', width: 160, height: 90 });
    figma.currentPage.selection = [frame];
    const pipeline = new PassThroughPipeline();
    const session = await openPanelAsync(figma, {
      settings: fluxSettings('http://127.0.0.1:9', { engine: 'offline' }),
      drafts: true,
      pipeline,
    });
    open.push(session);
    await session.runner.outpaintChosenAsync();
    await session.settleAsync();
    expect(focusRow(session)).toMatchObject({ status: 'done', draft: null });
    expect(pipeline.offlineRuns).toBe(1);
  }, 30_000);
});
