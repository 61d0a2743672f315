// Multi-pass outpaints through the one job engine, the real sandbox controller and the strict fake BFL: each pass
// a paid task recorded before it is sent, each reference cut from the canvas the passes before it filled, the
// original exact in the written image, and a closed panel resuming the sequence where it stopped.
import { describe, expect, it } from 'vitest';
import { readSavedJobList } from '../../../common/batch/parse-saved-job';
import { planPasses } from '../../../common/passes/plan-passes';
import { JOBS_KEY } from '../../../plugin/job-store';
import { startFakeBflAsync, type FakeBfl, type FakeBflOptions } from '../../fake-bfl/fake-bfl-server';
import { decodeImageAsync } from '../../fake-bfl/fake-image-codec';
import type { FakeNode, FigmaFake } from '../../fakes/figma-fake';
import { createNodePassPixels, createNodePixelPipeline } from '../../support/node-pixel-pipeline';
import {
  addFrameAsync,
  createFigmaFake,
  fluxSettings,
  openPanelAsync,
  waitForAsync,
  type PanelSession,
  closeAfterEachTest,
  shownHash,
} from './support/engine-harness';
import { makeReference } from '../../fake-bfl/test-images';
import { PASS_TEXT } from '../../../ui/jobs/run-passes';

const { fakes, sessions: open } = closeAfterEachTest();

async function openAsync(figma: FigmaFake, bfl: FakeBfl): Promise<PanelSession> {
  const session = await openPanelAsync(figma, {
    settings: fluxSettings(bfl.url),
    pipeline: createNodePixelPipeline(),
    passPixels: createNodePassPixels(),
  });
  open.push(session);
  return session;
}

/** The written image's pixels where the original sits, against the original's own. */
async function originalIsExactAsync(figma: FigmaFake, frame: FakeNode, width: number, height: number, at: number) {
  const bytes = figma.imageBytes(shownHash(frame) ?? '');
  const written = bytes && (await decodeImageAsync(bytes));
  if (!written) throw new Error('nothing written');
  const original = makeReference(width, height);
  let wrong = 0;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let c = 0; c < 4; c++)
        if (written.data[(y * written.width + x + at) * 4 + c] !== original.data[(y * width + x) * 4 + c]) wrong += 1;
  return { wrong, width: written.width, height: written.height, opaqueOutside: written.data[3] === 255 };
}

/** A strict fake BFL and a 160 × 160 image in a 640 × 160 frame (Fit, centred), selected: three times its area to make. */
async function bannerAsync(
  options: FakeBflOptions,
  name = 'Banner',
): Promise<{ bfl: FakeBfl; figma: FigmaFake; frame: FakeNode }> {
  const bfl = await startFakeBflAsync(options);
  fakes.push(bfl);
  const figma = createFigmaFake();
  const { frame } = await addFrameAsync(figma, { name, width: 160, height: 160, extra: 480 });
  figma.currentPage.selection = [frame];
  return { bfl, figma, frame };
}

describe('multi-pass FLUX outpaints in the job engine', () => {
  it('walks a square image out to a 4:1 banner in steps, each pass recorded before it is sent', async () => {
    const { bfl, figma, frame } = await bannerAsync({ latencyMs: 0 });
    const panel = await openAsync(figma, bfl);
    await panel.runner.outpaintChosenAsync();
    await panel.settleAsync();
    const row = panel.store.getState().batch.rows[0];
    expect(row).toMatchObject({ status: 'done', outcome: { kind: 'written' } });
    const expected = planPasses({
      canvas: { width: 640, height: 160 },
      original: { x: 240, y: 0, width: 160, height: 160 },
      fast: false,
    });
    if (!expected.ok) throw new Error(expected.reason);
    const tasks = [...bfl.state.tasks.values()];
    expect(tasks.map((t) => [t.width, t.height, t.offsetX, t.offsetY])).toEqual(
      expected.plan.passes.map((p) => [
        p.region.width,
        p.region.height,
        p.reference.x - p.region.x,
        p.reference.y - p.region.y,
      ]),
    );
    expect(tasks.length).toBeGreaterThan(1);
    // Each pass: its marker stored first, then its record once FLUX answered.
    const saves = panel.sent.flatMap((m) => (m.type === 'job/save' ? m.jobs : []));
    expect(saves.map((job) => [job?.pending === true, job?.pass?.index])).toEqual(
      tasks.flatMap((_, i) => [
        [true, i],
        [false, i],
      ]),
    );
    const check = await originalIsExactAsync(figma, frame, 160, 160, 240);
    expect(check).toMatchObject({ wrong: 0, width: 640, height: 160, opaqueOutside: true });
    expect(readSavedJobList(await figma.clientStorage.getAsync(JOBS_KEY))).toHaveLength(0);
  }, 60_000);

  it('a panel closed after the first pass resumes from the second, paying for no pass twice', async () => {
    const { bfl, figma, frame } = await bannerAsync({ latencyMs: 400 });
    const first = await openAsync(figma, bfl);
    void first.runner.outpaintChosenAsync();
    await waitForAsync(async () => {
      const jobs = readSavedJobList(await figma.clientStorage.getAsync(JOBS_KEY));
      return jobs.some((job) => job.pending !== true && job.pass?.index === 1);
    }, 'the second pass recorded');
    first.close();
    const submittedBefore = bfl.state.submissions.length;
    const second = await openAsync(figma, bfl);
    await waitForAsync(() => second.store.getState().batch.rows.length === 1, 'the resumed row');
    await second.settleAsync();
    expect(second.store.getState().batch.rows[0]).toMatchObject({
      status: 'done',
      resumed: true,
      outcome: { kind: 'written' },
      candidates: [{ status: 'ready' }],
    });
    // Only the passes not yet sent were sent by the second panel.
    expect(bfl.state.submissions.length).toBe(3);
    expect(submittedBefore).toBe(2);
    const check = await originalIsExactAsync(figma, frame, 160, 160, 240);
    expect(check).toMatchObject({ wrong: 0, width: 640, height: 160 });
    expect(readSavedJobList(await figma.clientStorage.getAsync(JOBS_KEY))).toHaveLength(0);
  }, 60_000);

  it('shows which pass is in work while it runs', async () => {
    const { bfl, figma } = await bannerAsync({ latencyMs: 300 });
    const panel = await openAsync(figma, bfl);
    const seen = new Set<string>();
    const unsubscribe = panel.store.subscribe(() => {
      const stage = panel.store.getState().batch.rows[0]?.stage;
      if (stage && 'pass' in stage && stage.pass) seen.add(`${stage.pass.index + 1}/${stage.pass.count}`);
    });
    await panel.runner.outpaintChosenAsync();
    await panel.settleAsync();
    unsubscribe();
    expect([...seen]).toEqual(['1/3', '2/3', '3/3']);
  }, 60_000);

  it('a pass whose submit FLUX never confirmed is not sent again unasked; Retry continues from it', async () => {
    // The second submit creates its task at FLUX, then the answer is lost (a 500 after the fact).
    const { bfl, figma, frame } = await bannerAsync({
      latencyMs: 0,
      faults: [{ route: 'submit', nth: 2, kind: 500, afterEffect: true }],
    });
    const panel = await openAsync(figma, bfl);
    await panel.runner.outpaintChosenAsync();
    await panel.settleAsync();
    const failed = panel.store.getState().batch.rows[0];
    expect(failed).toMatchObject({
      status: 'failed',
      awaitingCheck: true,
      error: { code: 'submit-uncertain', message: PASS_TEXT.uncertain(2, 3) },
    });
    expect(bfl.state.submissions).toHaveLength(2);
    // The first pass's record stays for the retry, and so does the unanswered pass's marker for the next opening.
    const ledger = readSavedJobList(await figma.clientStorage.getAsync(JOBS_KEY));
    expect(ledger.map((job) => [job.pending === true, job.pass?.index])).toEqual([
      [false, 0],
      [true, 1],
    ]);
    await panel.runner.retryAsync(failed!.rowId);
    await panel.settleAsync();
    expect(panel.store.getState().batch.rows[0]).toMatchObject({ status: 'done', outcome: { kind: 'written' } });
    // Pass 1 was fetched again, not paid again; pass 2 was sent again because the designer asked.
    expect(bfl.state.submissions).toHaveLength(4);
    expect((await originalIsExactAsync(figma, frame, 160, 160, 240)).wrong).toBe(0);
    expect(readSavedJobList(await figma.clientStorage.getAsync(JOBS_KEY))).toHaveLength(0);
  }, 60_000);

  it('reopened with an unanswered pass in the ledger, fetches the passes done and stops before that one', async () => {
    const { bfl, figma, frame } = await bannerAsync({
      latencyMs: 0,
      faults: [{ route: 'submit', nth: 2, kind: 500, afterEffect: true }],
    });
    const first = await openAsync(figma, bfl);
    await first.runner.outpaintChosenAsync();
    await first.settleAsync();
    first.close();
    // The ledger holds pass 1's record and pass 2's marker, as if the panel had closed while pass 2 was sent.
    const second = await openAsync(figma, bfl);
    await waitForAsync(() => second.store.getState().batch.rows.length === 1, 'the resumed row');
    await second.settleAsync();
    const row = second.store.getState().batch.rows[0];
    expect(row).toMatchObject({
      status: 'failed',
      resumed: true,
      awaitingCheck: true,
      error: { code: 'submit-uncertain', message: PASS_TEXT.uncertain(2, 3) },
    });
    // Nothing new was sent: the first pass was fetched, not paid again.
    expect(bfl.state.submissions).toHaveLength(2);
    await second.runner.retryAsync(row!.rowId);
    await second.settleAsync();
    expect(second.store.getState().batch.rows[0]).toMatchObject({ status: 'done', outcome: { kind: 'written' } });
    expect(bfl.state.submissions).toHaveLength(4);
    expect((await originalIsExactAsync(figma, frame, 160, 160, 240)).wrong).toBe(0);
    expect(readSavedJobList(await figma.clientStorage.getAsync(JOBS_KEY))).toHaveLength(0);
  }, 60_000);

  it('frames from Variants and Extend run one request each, as their views show no passes', async () => {
    const bfl = await startFakeBflAsync({ latencyMs: 0 });
    fakes.push(bfl);
    const figma = createFigmaFake();
    const { frame } = await addFrameAsync(figma, { name: 'Story', width: 160, height: 160, extra: 480 });
    const panel = await openAsync(figma, bfl);
    const result = await panel.runner.outpaintNodesAsync([{ nodeId: frame.id, name: 'Story' }]);
    await panel.settleAsync();
    expect(result).toMatchObject({ written: 1, failed: [] });
    expect(bfl.state.submissions).toHaveLength(1);
  }, 60_000);
});
