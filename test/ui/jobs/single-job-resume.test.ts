// The footer's Outpaint (a queue of one) closed while FLUX generates: a new plugin instance (new controller, new
// panel) on the same document and clientStorage fetches the paid result and writes it once, through the engine's
// resume path with the saved target's checks.
import { describe, expect, it } from 'vitest';
import { readSavedJobList } from '../../../common/batch/parse-saved-job';
import { RESUME_WINDOW_MS } from '../../../common/batch/resume-window';
import { startFakeBflAsync, type FakeBfl } from '../../fake-bfl/fake-bfl-server';
import type { FakeNode, FigmaFake } from '../../fakes/figma-fake';
import {
  addFrameAsync,
  createFigmaFake,
  fluxSettings,
  openPanelAsync,
  waitForAsync,
  closeAfterEachTest,
  shownHash,
} from './support/engine-harness';
import { JOBS_KEY } from '../../../plugin/job-store';
import { footerJob } from '../../../ui/state/footer-job';

const { fakes, sessions: open } = closeAfterEachTest();

function imagePaintCount(frame: FakeNode): number {
  return frame.fills.filter((p) => p.type === 'IMAGE').length;
}

/** Outpaint one frame with FLUX from the single-frame footer, and close the plugin once the task is generating. */
async function closeWhileGeneratingAsync(
  bfl: FakeBfl,
): Promise<{ figma: FigmaFake; frame: FakeNode; png: Uint8Array; stored: unknown }> {
  const figma = createFigmaFake();
  const { frame, png } = await addFrameAsync(figma, { name: 'Hero', width: 160, height: 90 });
  figma.currentPage.selection = [frame];
  const first = await openPanelAsync(figma, { settings: fluxSettings(bfl.url) });
  open.push(first);
  void first.runner.outpaintChosenAsync();
  await waitForAsync(
    () => footerJob(first.store.getState()).phase === 'running' && bfl.state.tasks.size === 1,
    'the task at BFL',
  );
  await waitForAsync(() => first.sent.some((m) => m.type === 'job/save'), 'job/save');
  // The "submit pending" marker is stored first; wait for the task's own record to replace it.
  let stored: unknown;
  await waitForAsync(async () => {
    stored = await figma.clientStorage.getAsync(JOBS_KEY);
    return readSavedJobList(stored).some((job) => job.pending !== true);
  }, 'the task record in clientStorage');
  first.close();
  return { figma, frame, png, stored };
}

describe('single-frame FLUX job closed mid-run', () => {
  it('saves the task without the API key the moment FLUX accepts it', async () => {
    const bfl = await startFakeBflAsync({ latencyMs: 5000 });
    fakes.push(bfl);
    const { stored } = await closeWhileGeneratingAsync(bfl);
    const [job] = readSavedJobList(stored);
    const task = [...bfl.state.tasks.values()][0];
    expect(job).toMatchObject({ taskId: task?.id, candidate: 0, candidates: 1, target: { nodeName: 'Hero' } });
    expect(job?.pollingUrl).toContain(task?.id ?? 'no task');
    expect(JSON.stringify(stored)).not.toContain('test-key');
    expect(JSON.stringify(stored)).not.toContain('apiKey');
  }, 30_000);

  it('is fetched and written once when the plugin reopens, without a second task', async () => {
    const bfl = await startFakeBflAsync({ latencyMs: 1500 });
    fakes.push(bfl);
    const { figma, frame, png } = await closeWhileGeneratingAsync(bfl);
    expect(shownHash(frame)).toBe(figma.storeImage(png));
    const paintsBefore = imagePaintCount(frame);
    const second = await openPanelAsync(figma, { settings: fluxSettings(bfl.url) });
    open.push(second);
    await waitForAsync(() => second.store.getState().batch.rows.length === 1, 'the resumed row');
    await second.settleAsync();
    expect(second.store.getState().batch.rows[0]).toMatchObject({
      status: 'done',
      resumed: true,
      nodeName: 'Hero',
      outcome: { kind: 'written' },
    });
    expect(shownHash(frame)).not.toBe(figma.storeImage(png));
    expect(imagePaintCount(frame)).toBe(paintsBefore + 1);
    expect(bfl.state.submissions).toHaveLength(1);
    expect(bfl.state.requestsOn('delivery')).toHaveLength(1);
    expect(readSavedJobList(await figma.clientStorage.getAsync(JOBS_KEY))).toHaveLength(0);
    // A third opening finds nothing left to fetch or write.
    second.close();
    const third = await openPanelAsync(figma, { settings: fluxSettings(bfl.url) });
    open.push(third);
    await third.settleAsync();
    expect(third.store.getState().batch.rows).toHaveLength(0);
    expect(imagePaintCount(frame)).toBe(paintsBefore + 1);
  }, 30_000);

  it('places the result beside the frame when the frame was resized while the plugin was closed', async () => {
    const bfl = await startFakeBflAsync({ latencyMs: 1500 });
    fakes.push(bfl);
    const { figma, frame, png } = await closeWhileGeneratingAsync(bfl);
    frame.resize(400, 90);
    const second = await openPanelAsync(figma, { settings: fluxSettings(bfl.url) });
    open.push(second);
    await waitForAsync(() => second.store.getState().batch.rows.length === 1, 'the resumed row');
    await second.settleAsync();
    expect(second.store.getState().batch.rows[0]?.outcome).toMatchObject({
      kind: 'placed-beside',
      reason: { code: 'node-changed' },
    });
    expect(shownHash(frame)).toBe(figma.storeImage(png));
    expect(figma.currentPage.children).toHaveLength(2);
  }, 30_000);

  it('reports the job as expired when the plugin reopens too late, and fetches nothing', async () => {
    const bfl = await startFakeBflAsync({ latencyMs: 1500 });
    fakes.push(bfl);
    const { figma, frame, png } = await closeWhileGeneratingAsync(bfl);
    const later = Date.now() + RESUME_WINDOW_MS + 60_000;
    const deliveries = bfl.state.requestsOn('delivery').length;
    const second = await openPanelAsync(figma, { settings: fluxSettings(bfl.url), now: () => later });
    open.push(second);
    await waitForAsync(() => second.store.getState().batch.rows.length === 1, 'the stale row');
    await second.settleAsync();
    expect(second.store.getState().batch.rows[0]).toMatchObject({ status: 'stale', error: { code: 'expired' } });
    expect(bfl.state.requestsOn('delivery')).toHaveLength(deliveries);
    expect(shownHash(frame)).toBe(figma.storeImage(png));
    expect(readSavedJobList(await figma.clientStorage.getAsync(JOBS_KEY))).toHaveLength(0);
  }, 30_000);

  it('leaves nothing to resume once the open panel wrote the result', async () => {
    const bfl = await startFakeBflAsync({ latencyMs: 50 });
    fakes.push(bfl);
    const figma = createFigmaFake();
    const { frame } = await addFrameAsync(figma, { name: 'Hero', width: 160, height: 90 });
    figma.currentPage.selection = [frame];
    const first = await openPanelAsync(figma, { settings: fluxSettings(bfl.url) });
    open.push(first);
    await first.runner.outpaintChosenAsync();
    expect(footerJob(first.store.getState())).toMatchObject({ phase: 'done' });
    await first.controller.whenIdleAsync();
    const paints = imagePaintCount(frame);
    expect(readSavedJobList(await figma.clientStorage.getAsync(JOBS_KEY))).toHaveLength(0);
    first.close();
    const second = await openPanelAsync(figma, { settings: fluxSettings(bfl.url) });
    open.push(second);
    await second.settleAsync();
    expect(second.store.getState().batch.rows).toHaveLength(0);
    expect(imagePaintCount(frame)).toBe(paints);
  }, 30_000);
});
