// The queue against the strict fake BFL server (its latency set, so tasks really overlap) and the real sandbox
// controller on the figma fake: many frames with failures, candidates applied and discarded, costs, the ceiling.
import { describe, expect, it } from 'vitest';
import { estimateCredits } from '../../../common/batch/estimate-credits';
import { bytesToBase64 } from '../../../ui/api/bytes-to-base64';
import { createTaskLimiter } from '../../../ui/api/task-limiter';
import { batchTotals } from '../../../ui/batch/batch-selectors';
import type { BatchRow } from '../../../ui/batch/batch-state';
import { defaultCost, sha256Hex, startFakeBflAsync, type FakeBfl } from '../../fake-bfl/fake-bfl-server';
import { imagePaint, type FakeNode, type FigmaFake } from '../../fakes/figma-fake';
import { DEFAULT_SETTINGS } from '../../../common/settings';
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
import { JOBS_KEY } from '../../../plugin/job-store';

const { fakes, sessions } = closeAfterEachTest();

async function fakeBflAsync(options: Parameters<typeof startFakeBflAsync>[0] = {}): Promise<FakeBfl> {
  const fake = await startFakeBflAsync({ latencyMs: 150, ...options });
  fakes.push(fake);
  return fake;
}

async function openAsync(
  figma: FigmaFake,
  bfl: FakeBfl,
  over: Parameters<typeof fluxSettings>[1] = {},
  pollIntervalMs = 50,
): Promise<PanelSession> {
  const session = await openPanelAsync(figma, {
    settings: fluxSettings(bfl.url, over),
    limiter: createTaskLimiter(),
    pollIntervalMs,
  });
  sessions.push(session);
  return session;
}

/** The image the frame shows now: its topmost visible image fill. */

function rowFor(session: PanelSession, name: string): BatchRow {
  const row = session.store.getState().batch.rows.find((r) => r.nodeName === name);
  if (!row) throw new Error(`no row for ${name}`);
  return row;
}

describe('a batch of many frames', () => {
  it('runs 20 frames at once: failures stay on their rows, refusals are skipped with their reason, the rest are written', async () => {
    const bfl = await fakeBflAsync();
    const figma = createFigmaFake();
    const frames: { frame: FakeNode; png: Uint8Array }[] = [];
    for (let i = 0; i < 20; i += 1)
      frames.push(await addFrameAsync(figma, { name: `Frame ${i + 1}`, width: 120 + i * 4, height: 80 + (i % 5) * 6 }));
    // Frames 4 and 9 are moderated and failed at FLUX; one empty frame and one TILE fill are refused by the planner.
    const moderated = frames[3];
    const failing = frames[8];
    if (!moderated || !failing) throw new Error('fixture frames missing');
    bfl.controls.setScenario(sha256Hex(bytesToBase64(moderated.png)), 'content-moderated');
    bfl.controls.setScenario(sha256Hex(bytesToBase64(failing.png)), 'error');
    const empty = figma.build({ type: 'FRAME', name: 'Empty', width: 100, height: 100, fills: [] });
    const tiled = figma.build({
      type: 'FRAME',
      name: 'Tiled',
      width: 300,
      height: 100,
      fills: [imagePaint(figma.storeImage(frames[0]?.png ?? new Uint8Array()), 'TILE')],
    });
    figma.currentPage.selection = [...frames.map((f) => f.frame), empty, tiled];

    const session = await openAsync(figma, bfl);
    await waitForAsync(() => session.store.getState().selection?.targets.length === 20, 'all 20 targets');
    await session.runner.outpaintSelectionAsync();
    await session.settleAsync();

    const rows = session.store.getState().batch.rows;
    expect(rows.filter((r) => r.status === 'done')).toHaveLength(18);
    expect(rowFor(session, 'Frame 4')).toMatchObject({ status: 'failed', error: { code: 'api-moderated' } });
    expect(rowFor(session, 'Frame 9')).toMatchObject({ status: 'failed', error: { code: 'api-failed' } });
    expect(rowFor(session, 'Empty')).toMatchObject({ status: 'skipped', error: { code: 'no-image' } });
    expect(rowFor(session, 'Tiled')).toMatchObject({ status: 'skipped', error: { code: 'tile' } });
    expect(rowFor(session, 'Tiled').error?.message).toMatch(/\w+ \w+/);

    // Every written frame shows the very image the API delivered for it (pass-through compose), and the failed ones keep their own.
    for (const [i, { frame, png }] of frames.entries()) {
      const hash = shownHash(frame);
      if (i === 3 || i === 8) expect(hash).toBe(figma.storeImage(png));
      else expect(hash).not.toBe(figma.storeImage(png));
    }
    // The tasks overlapped, and nothing was sent twice.
    expect(bfl.state.maxActiveObserved).toBeGreaterThan(1);
    expect(bfl.state.submissions.filter((s) => s.status === 200)).toHaveLength(20);
    expect(new Set(bfl.state.submissions.map((s) => s.bodySha256)).size).toBe(20);
    // One endpoint check served the whole batch, started beside the frames' freezes, not one before each marker.
    expect(session.requests.filter((path) => path === '/health')).toHaveLength(1);
    // Nothing is left to resume.
    expect(await figma.clientStorage.getAsync(JOBS_KEY)).toEqual([]);
  }, 60_000);

  it('never has more than 24 tasks in flight, even with 40 queued and a higher limit at the API', async () => {
    const bfl = await fakeBflAsync({ concurrencyLimit: 100, latencyMs: 4000 });
    const figma = createFigmaFake();
    for (let i = 0; i < 20; i += 1) await addFrameAsync(figma, { name: `F${i}`, width: 100 + i, height: 70 });
    figma.currentPage.selection = figma.currentPage.children.slice();
    // Slow polls keep this shared machine free for the submits, so the 24 slots fill before the first task ends.
    const session = await openAsync(figma, bfl, {}, 500);
    await waitForAsync(() => session.store.getState().selection?.targets.length === 20, 'targets');
    session.store.dispatch({ type: 'batch', action: { type: 'candidates/set', count: 2 } });
    await session.runner.outpaintSelectionAsync();
    await session.settleAsync();
    expect(bfl.state.submissions.filter((s) => s.status === 200)).toHaveLength(40);
    expect(bfl.state.maxActiveObserved).toBe(24);
    expect(session.store.getState().batch.rows.every((r) => r.status === 'choosing')).toBe(true);
  }, 60_000);

  it('keeps to a lower concurrency from Settings', async () => {
    const bfl = await fakeBflAsync({ latencyMs: 200 });
    const figma = createFigmaFake();
    for (let i = 0; i < 8; i += 1) await addFrameAsync(figma, { name: `F${i}`, width: 100 + i, height: 70 });
    figma.currentPage.selection = figma.currentPage.children.slice();
    const session = await openAsync(figma, bfl, { concurrency: 3 });
    await waitForAsync(() => session.store.getState().selection?.targets.length === 8, 'targets');
    await session.runner.outpaintSelectionAsync();
    await session.settleAsync();
    expect(session.store.getState().batch.rows.filter((r) => r.status === 'done')).toHaveLength(8);
    expect(bfl.state.maxActiveObserved).toBe(3);
  }, 60_000);

  it('reports the estimate before and the API cost after, summed over the batch', async () => {
    const bfl = await fakeBflAsync({ latencyMs: 50 });
    const figma = createFigmaFake();
    await addFrameAsync(figma, { name: 'Small', width: 200, height: 100 });
    await addFrameAsync(figma, { name: 'Large', width: 1100, height: 1000, extra: 200 });
    figma.currentPage.selection = figma.currentPage.children.slice();
    const session = await openAsync(figma, bfl);
    await waitForAsync(() => session.store.getState().selection?.targets.length === 2, 'targets');
    await session.runner.outpaintSelectionAsync();
    await session.settleAsync();
    const rows = session.store.getState().batch.rows;
    const charged = [...bfl.state.tasks.values()].reduce((sum, t) => sum + t.cost, 0);
    expect(batchTotals(session.store.getState().batch).cost).toBe(charged);
    for (const row of rows) {
      const plan = row.plan;
      if (!plan) throw new Error('row without plan');
      // The fake charges by its own formula; the estimate's assumption matches it (test/fake-bfl defaultCost).
      expect(row.estimate).toBe(defaultCost(plan.width, plan.height, 'high'));
      expect(row.candidates[0]?.cost).toBe(defaultCost(plan.width, plan.height, 'high'));
      expect(estimateCredits(plan, 'fast')).toBe(defaultCost(plan.width, plan.height, 'fast'));
    }
  }, 60_000);

  it('cancels one row and leaves the others running; cancel all stops the rest', async () => {
    const bfl = await fakeBflAsync({ latencyMs: 1500 });
    const figma = createFigmaFake();
    for (let i = 0; i < 3; i += 1) await addFrameAsync(figma, { name: `F${i}`, width: 100 + i, height: 70 });
    figma.currentPage.selection = figma.currentPage.children.slice();
    const session = await openAsync(figma, bfl);
    await waitForAsync(() => session.store.getState().selection?.targets.length === 3, 'targets');
    const run = session.runner.outpaintSelectionAsync();
    await waitForAsync(() => session.store.getState().batch.rows.every((r) => r.submitted), 'all submitted');
    session.runner.cancel(rowFor(session, 'F0').rowId);
    await waitForAsync(() => rowFor(session, 'F0').status === 'cancelled', 'F0 cancelled');
    expect(rowFor(session, 'F0').error?.message).toMatch(/may still charge/);
    expect(rowFor(session, 'F1').status).toBe('generating');
    session.runner.cancelAll();
    await run;
    expect(session.store.getState().batch.rows.map((r) => r.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    for (const frame of figma.currentPage.children)
      expect(frame.fills.filter((p) => p.type === 'IMAGE')).toHaveLength(1);
    // Cancelled tasks are not resumed by the next session.
    await session.settleAsync();
    expect(await figma.clientStorage.getAsync(JOBS_KEY)).toEqual([]);
  }, 60_000);

  it('retries one failed row with a new task and writes it', async () => {
    const bfl = await fakeBflAsync({ latencyMs: 50 });
    const figma = createFigmaFake();
    const { frame, png } = await addFrameAsync(figma, { name: 'Flaky', width: 150, height: 90 });
    const trigger = sha256Hex(bytesToBase64(png));
    bfl.controls.setScenario(trigger, 'error');
    figma.currentPage.selection = [frame];
    const session = await openAsync(figma, bfl);
    await session.runner.outpaintSelectionAsync();
    await session.settleAsync();
    expect(rowFor(session, 'Flaky').status).toBe('failed');
    bfl.controls.setScenario(trigger, 'ready');
    await session.runner.retryAsync(rowFor(session, 'Flaky').rowId);
    await session.settleAsync();
    expect(rowFor(session, 'Flaky').status).toBe('done');
    expect(bfl.state.submissions.filter((s) => s.status === 200)).toHaveLength(2);
    expect(shownHash(frame)).not.toBe(figma.storeImage(png));
  }, 30_000);
});

describe('candidates and compare', () => {
  it('makes three separate tasks, writes only the one applied, byte for byte', async () => {
    const bfl = await fakeBflAsync({ latencyMs: 50 });
    const figma = createFigmaFake();
    const { frame } = await addFrameAsync(figma, { name: 'Hero', width: 160, height: 90 });
    figma.currentPage.selection = [frame];
    const session = await openAsync(figma, bfl);
    session.store.dispatch({ type: 'batch', action: { type: 'candidates/set', count: 3 } });
    await session.runner.outpaintSelectionAsync();
    await session.settleAsync();
    const row = rowFor(session, 'Hero');
    expect(row.status).toBe('choosing');
    expect(row.candidates.map((c) => c.status)).toEqual(['ready', 'ready', 'ready']);
    expect(bfl.state.tasks.size).toBe(3);
    expect(session.sent.filter((m) => m.type === 'job/result')).toHaveLength(0);

    await session.runner.applyAsync(row.rowId, 1);
    await session.settleAsync();
    const results = session.sent.filter((m) => m.type === 'job/result');
    expect(results).toHaveLength(1);
    const writtenHash = shownHash(frame);
    expect(writtenHash).toBe(results[0] ? figma.storeImage(results[0].bytes) : 'none');
    expect(rowFor(session, 'Hero')).toMatchObject({ status: 'done', applied: 1 });
    expect(await figma.clientStorage.getAsync(JOBS_KEY)).toEqual([]);
  }, 30_000);

  it('Discard writes nothing and keeps the results viewable; they can still be applied later', async () => {
    const bfl = await fakeBflAsync({ latencyMs: 50 });
    const figma = createFigmaFake();
    const { frame, png } = await addFrameAsync(figma, { name: 'Hero', width: 160, height: 90 });
    figma.currentPage.selection = [frame];
    const session = await openAsync(figma, bfl);
    session.store.dispatch({ type: 'batch', action: { type: 'candidates/set', count: 2 } });
    await session.runner.outpaintSelectionAsync();
    await session.settleAsync();
    const row = rowFor(session, 'Hero');
    session.runner.discard(row.rowId);
    await session.settleAsync();
    expect(rowFor(session, 'Hero').status).toBe('discarded');
    expect(shownHash(frame)).toBe(figma.storeImage(png));
    expect(session.sent.filter((m) => m.type === 'job/result')).toHaveLength(0);
    // Discarded tasks are forgotten (no resume), yet "Clear finished" keeps rows whose results were not applied.
    expect(await figma.clientStorage.getAsync(JOBS_KEY)).toEqual([]);
    session.store.dispatch({ type: 'batch', action: { type: 'rows/cleared' } });
    expect(rowFor(session, 'Hero').candidates.every((c) => c.url !== null)).toBe(true);
    await session.runner.applyAsync(row.rowId, 0);
    await session.settleAsync();
    expect(rowFor(session, 'Hero').status).toBe('done');
    expect(shownHash(frame)).not.toBe(figma.storeImage(png));
  }, 30_000);
});

describe('the offline engine as a batch engine', () => {
  it('runs every frame one at a time in the worker, writes them all, and asks for no credits', async () => {
    const figma = createFigmaFake();
    const frames = [];
    for (let i = 0; i < 4; i += 1)
      frames.push(await addFrameAsync(figma, { name: `Offline ${i}`, width: 120 + i, height: 80 }));
    figma.currentPage.selection = frames.map((f) => f.frame);
    const pipeline = new PassThroughPipeline();
    const session = await openPanelAsync(figma, { settings: { ...DEFAULT_SETTINGS, engine: 'offline' }, pipeline });
    sessions.push(session);
    await waitForAsync(() => session.store.getState().selection?.targets.length === 4, 'targets');
    session.store.dispatch({ type: 'batch', action: { type: 'candidates/set', count: 2 } });
    await session.runner.outpaintSelectionAsync();
    await session.settleAsync();
    expect(pipeline.offlineRuns).toBe(8);
    expect(pipeline.maxOfflineAtOnce).toBe(1);
    expect(new Set(pipeline.offlineSeeds)).toEqual(new Set([1, 2]));
    const rows = session.store.getState().batch.rows;
    expect(rows.every((r) => r.status === 'choosing' && r.estimate === null)).toBe(true);
    for (const row of rows) await session.runner.applyAsync(row.rowId, 1);
    await session.settleAsync();
    for (const { frame, png } of frames) expect(shownHash(frame)).not.toBe(figma.storeImage(png));
    // Nothing was submitted, so nothing was saved for resume.
    expect(session.sent.filter((m) => m.type === 'job/save')).toHaveLength(0);
  }, 30_000);
});
