// Resume after close: the panel closes with FLUX tasks in flight, a new plugin instance (new controller, new
// panel) opens on the same document and the same clientStorage, and fetches, composes and writes what was paid for.
import { describe, expect, it } from 'vitest';
import { readSavedJobList } from '../../../common/batch/parse-saved-job';
import { RESUME_WINDOW_MS } from '../../../common/batch/resume-window';
import { startFakeBflAsync, type FakeBfl } from '../../fake-bfl/fake-bfl-server';
import type { FakeNode, FigmaFake } from '../../fakes/figma-fake';
import { submitMarker } from '../../../ui/jobs/submit-marker';
import { makeTarget } from '../support/ui-fixtures';
import {
  addFrameAsync,
  createFigmaFake,
  fluxSettings,
  openPanelAsync,
  waitForAsync,
  type PanelSession,
  type SessionOptions,
  closeAfterEachTest,
  shownHash,
} from './support/engine-harness';
import { JOBS_KEY } from '../../../plugin/job-store';

const { fakes, sessions } = closeAfterEachTest();

async function openAsync(figma: FigmaFake, bfl: FakeBfl, over: Partial<SessionOptions> = {}): Promise<PanelSession> {
  const session = await openPanelAsync(figma, { settings: fluxSettings(bfl.url), ...over });
  sessions.push(session);
  return session;
}

async function savedCountAsync(figma: FigmaFake, options: { tasksOnly?: boolean } = {}): Promise<number> {
  const jobs = readSavedJobList(await figma.clientStorage.getAsync(JOBS_KEY));
  return options.tasksOnly ? jobs.filter((job) => job.pending !== true).length : jobs.length;
}

/** One frame submitted to FLUX, then the plugin closes while the task is still running. */
async function closeWhileRunningAsync(
  bfl: FakeBfl,
  candidates = 1,
  pollIntervalMs = 50,
): Promise<{ figma: FigmaFake; frame: FakeNode; png: Uint8Array }> {
  const figma = createFigmaFake();
  const { frame, png } = await addFrameAsync(figma, { name: 'Hero', width: 160, height: 90 });
  figma.currentPage.selection = [frame];
  const first = await openAsync(figma, bfl, { pollIntervalMs });
  first.store.dispatch({ type: 'batch', action: { type: 'candidates/set', count: candidates } });
  void first.runner.outpaintSelectionAsync();
  await waitForAsync(() => bfl.state.tasks.size === candidates, 'the tasks at BFL');
  await first.controller.whenIdleAsync();
  // Each submit first stores a "submit pending" marker; wait for the accepted tasks' own records.
  await waitForAsync(
    () =>
      first.sent.flatMap((m) => (m.type === 'job/save' ? m.jobs : [])).filter((job) => job.pending !== true).length ===
      candidates,
    'job/save',
  );
  await waitForAsync(
    async () => (await savedCountAsync(figma, { tasksOnly: true })) === candidates,
    'the task records in clientStorage',
  );
  first.close();
  return { figma, frame, png };
}

describe('resume after the plugin closed', () => {
  it('saves the task the moment it is submitted, without the API key', async () => {
    const bfl = await startFakeBflAsync({ latencyMs: 5000 });
    fakes.push(bfl);
    const { figma } = await closeWhileRunningAsync(bfl);
    const stored: unknown = await figma.clientStorage.getAsync(JOBS_KEY);
    const [job] = readSavedJobList(stored);
    const task = [...bfl.state.tasks.values()][0];
    expect(job).toMatchObject({ taskId: task?.id, candidate: 0, candidates: 1, target: { nodeName: 'Hero' } });
    expect(job?.pollingUrl).toContain(task?.id ?? 'no task');
    expect(JSON.stringify(stored)).not.toContain('test-key');
    expect(JSON.stringify(stored)).not.toContain('apiKey');
  }, 30_000);

  it('reports a frame whose submit was in flight at close as possibly charged, and submits nothing', async () => {
    const bfl = await startFakeBflAsync({ latencyMs: 200 });
    fakes.push(bfl);
    const figma = createFigmaFake();
    const { frame } = await addFrameAsync(figma, { name: 'Hero', width: 160, height: 90 });
    const { apiKey: _key, ...settings } = fluxSettings(bfl.url);
    const marker = submitMarker({
      jobId: 'closed-job',
      candidate: 0,
      candidates: 1,
      target: makeTarget({ nodeId: frame.id, nodeName: 'Hero' }),
      settings,
      submittedAt: Date.now(),
    });
    await figma.clientStorage.setAsync(JOBS_KEY, [marker]);
    const second = await openAsync(figma, bfl);
    await waitForAsync(() => second.store.getState().batch.rows.length === 1, 'the reported row');
    await second.settleAsync();
    const [row] = second.store.getState().batch.rows;
    expect(row).toMatchObject({ status: 'failed', nodeId: frame.id, error: { code: 'submit-uncertain' } });
    expect(row?.error?.message).toBe(
      'FLUX never confirmed receiving “Hero”. It may have been charged; run it again if needed.',
    );
    expect(row?.error?.message.length).toBeLessThanOrEqual(100);
    expect(bfl.state.submissions).toHaveLength(0);
    expect(await savedCountAsync(figma)).toBe(0);
  }, 30_000);

  it('resumes a task still generating: polls, downloads and writes it into the frame', async () => {
    const bfl = await startFakeBflAsync({ latencyMs: 800 });
    fakes.push(bfl);
    const { figma, frame, png } = await closeWhileRunningAsync(bfl);
    expect(shownHash(frame)).toBe(figma.storeImage(png));
    const second = await openAsync(figma, bfl);
    await waitForAsync(() => second.store.getState().batch.rows.length === 1, 'the resumed row');
    await second.settleAsync();
    expect(second.store.getState().batch.rows[0]).toMatchObject({ status: 'done', resumed: true, nodeName: 'Hero' });
    expect(shownHash(frame)).not.toBe(figma.storeImage(png));
    expect(bfl.state.submissions).toHaveLength(1);
    expect(await savedCountAsync(figma)).toBe(0);
  }, 30_000);

  it('resumes a task that finished while the plugin was closed', async () => {
    const bfl = await startFakeBflAsync({ latencyMs: 100 });
    fakes.push(bfl);
    // Polls every 10 s in the first session, so it closes before it ever sees the task finish.
    const { figma, frame, png } = await closeWhileRunningAsync(bfl, 1, 10_000);
    // The task finishes at BFL while the plugin is closed (no task is active any more).
    await waitForAsync(() => bfl.state.activeTasks('test-key') === 0, 'the task to finish at BFL');
    const second = await openAsync(figma, bfl);
    await waitForAsync(() => second.store.getState().batch.rows.length === 1, 'the resumed row');
    await second.settleAsync();
    expect(second.store.getState().batch.rows[0]?.status).toBe('done');
    // The reopened panel's own requests: one poll (the task was already done), one download, no submit.
    expect(second.requests.filter((path) => path.endsWith('/v1/get_result'))).toHaveLength(1);
    expect(second.requests.filter((path) => path.startsWith('/delivery/'))).toHaveLength(1);
    expect(second.requests.filter((path) => path.endsWith('/outpainting-v1'))).toHaveLength(0);
    expect(bfl.state.requestsOn('delivery')).toHaveLength(1);
    expect(shownHash(frame)).not.toBe(figma.storeImage(png));
  }, 30_000);

  it('reports a job older than the window as expired, fetches nothing and forgets it', async () => {
    const bfl = await startFakeBflAsync({ latencyMs: 100 });
    fakes.push(bfl);
    const { figma, frame, png } = await closeWhileRunningAsync(bfl, 1, 10_000);
    const later = Date.now() + RESUME_WINDOW_MS + 60_000;
    const second = await openAsync(figma, bfl, { now: () => later });
    await waitForAsync(() => second.store.getState().batch.rows.length === 1, 'the stale row');
    await second.settleAsync();
    const row = second.store.getState().batch.rows[0];
    expect(row?.status).toBe('stale');
    expect(row?.error?.message).toBe('“Hero” from 14:02 expired before it could be fetched — run it again');
    // The reopened panel asked the API nothing: its own requests, so a late poll of the closed one cannot blur it.
    expect(second.requests).toEqual([]);
    expect(shownHash(frame)).toBe(figma.storeImage(png));
    expect(await savedCountAsync(figma)).toBe(0);
    // Reported once: a third opening has nothing to say.
    second.close();
    const third = await openAsync(figma, bfl);
    await third.settleAsync();
    expect(third.store.getState().batch.rows).toHaveLength(0);
  }, 30_000);

  it('does not write a job again once it was written before the close', async () => {
    const bfl = await startFakeBflAsync({ latencyMs: 50 });
    fakes.push(bfl);
    const figma = createFigmaFake();
    const { frame } = await addFrameAsync(figma, { name: 'Hero', width: 160, height: 90 });
    figma.currentPage.selection = [frame];
    const first = await openAsync(figma, bfl);
    await first.runner.outpaintSelectionAsync();
    await first.settleAsync();
    expect(first.store.getState().batch.rows[0]?.status).toBe('done');
    const fills = frame.fills.length;
    first.close();
    const second = await openAsync(figma, bfl);
    await second.settleAsync();
    expect(second.store.getState().batch.rows).toHaveLength(0);
    expect(frame.fills.length).toBe(fills);
  }, 30_000);

  it('places the result beside the frame when the frame changed while the plugin was closed', async () => {
    const bfl = await startFakeBflAsync({ latencyMs: 600 });
    fakes.push(bfl);
    const { figma, frame, png } = await closeWhileRunningAsync(bfl);
    frame.resize(400, 90);
    const second = await openAsync(figma, bfl);
    await waitForAsync(() => second.store.getState().batch.rows.length === 1, 'the resumed row');
    await second.settleAsync();
    const row = second.store.getState().batch.rows[0];
    expect(row?.outcome).toMatchObject({ kind: 'placed-beside', reason: { code: 'node-changed' } });
    expect(shownHash(frame)).toBe(figma.storeImage(png));
    expect(figma.currentPage.children).toHaveLength(2);
  }, 30_000);

  it('brings back every candidate of a frame for comparison, and writes only the one applied', async () => {
    const bfl = await startFakeBflAsync({ latencyMs: 600 });
    fakes.push(bfl);
    const { figma, frame, png } = await closeWhileRunningAsync(bfl, 2);
    const second = await openAsync(figma, bfl);
    await waitForAsync(() => second.store.getState().batch.rows.length === 1, 'the resumed row');
    await second.settleAsync();
    const row = second.store.getState().batch.rows[0];
    expect(row?.status).toBe('choosing');
    expect(row?.candidates.map((c) => c.status)).toEqual(['ready', 'ready']);
    expect(shownHash(frame)).toBe(figma.storeImage(png));
    await second.runner.applyAsync(row?.rowId ?? '', 0);
    await second.settleAsync();
    expect(second.store.getState().batch.rows[0]?.status).toBe('done');
    expect(shownHash(frame)).not.toBe(figma.storeImage(png));
    expect(await savedCountAsync(figma)).toBe(0);
  }, 30_000);
});

describe('resume without a key', () => {
  it('keeps the paid job when the reopened panel has no key, and fetches it (not a new task) once a key is set', async () => {
    const bfl = await startFakeBflAsync({ latencyMs: 300 });
    fakes.push(bfl);
    const { figma, frame, png } = await closeWhileRunningAsync(bfl);
    const second = await openAsync(figma, bfl, { settings: fluxSettings(bfl.url, { apiKey: '' }) });
    await waitForAsync(() => second.store.getState().batch.rows.length === 1, 'the waiting row');
    await second.settleAsync();
    const row = second.store.getState().batch.rows[0];
    expect(row).toMatchObject({ status: 'failed', error: { code: 'api-key' } });
    expect(row?.error?.message).toMatch(/Add your API key in Settings, then Check again/);
    expect(await savedCountAsync(figma)).toBe(1);
    second.store.dispatch({ type: 'settings/loaded', settings: fluxSettings(bfl.url) });
    await second.runner.retryAsync(row?.rowId ?? '');
    await second.settleAsync();
    expect(second.store.getState().batch.rows[0]?.status).toBe('done');
    expect(bfl.state.submissions).toHaveLength(1);
    expect(shownHash(frame)).not.toBe(figma.storeImage(png));
    expect(await savedCountAsync(figma)).toBe(0);
  }, 30_000);
});
