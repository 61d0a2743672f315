// A variant set's one FLUX task is resumable like any paid task (issue #13): its record names the set, a panel
// closed mid-set leaves it, and the reopened panel polls that one task (never submits it again) and writes each
// frame's own cut once; a frame deleted meanwhile gets its result placed beside. "Check again" on a set's slow task
// polls the one task for every frame. The real job engine and sandbox controller, the strict fake BFL server.
import { describe, expect, it } from 'vitest';
import { readSavedJobList } from '../../../common/batch/parse-saved-job';
import type { SandboxMessage } from '../../../common/protocol/messages';
import { JOBS_KEY } from '../../../plugin/job-store';
import { startFakeBflAsync, type FakeBfl } from '../../fake-bfl/fake-bfl-server';
import type { FigmaFake } from '../../fakes/figma-fake';
import { createNodePixelPipeline } from '../../support/node-pixel-pipeline';
import {
  addFrameAsync,
  closeAfterEachTest,
  createFigmaFake,
  fluxSettings,
  openPanelAsync,
  shownHash,
  waitForAsync,
  type PanelSession,
  type SessionOptions,
} from './support/engine-harness';

const { fakes, sessions } = closeAfterEachTest();

const FORMATS = [
  { label: 'Instagram post', width: 1080, height: 1080 },
  { label: 'Instagram story', width: 1080, height: 1920 },
  { label: 'X post', width: 1600, height: 900 },
];

async function openAsync(figma: FigmaFake, bfl: FakeBfl, over: Partial<SessionOptions> = {}): Promise<PanelSession> {
  const session = await openPanelAsync(figma, {
    settings: fluxSettings(bfl.url),
    pipeline: createNodePixelPipeline(),
    pollIntervalMs: 20,
    ...over,
  });
  sessions.push(session);
  return session;
}

async function ledgerAsync(figma: FigmaFake) {
  return readSavedJobList(await figma.clientStorage.getAsync(JOBS_KEY));
}

/** The source frame and three variant frames made by the sandbox, in a panel on a fake BFL of `latencyMs`. */
async function setUpAsync(latencyMs: number, over: Partial<SessionOptions> = {}) {
  const bfl = await startFakeBflAsync({ latencyMs });
  fakes.push(bfl);
  const figma = createFigmaFake();
  const { frame: source } = await addFrameAsync(figma, { name: 'Source', width: 240, height: 160, extra: 0 });
  figma.currentPage.selection = [source];
  const first = await openAsync(figma, bfl, over);
  await figma.ui.sendFromUi({
    type: 'variants/create',
    id: 'set',
    nodeId: source.id,
    formats: FORMATS,
    anchor: 'center',
  });
  await waitForAsync(() => first.received.some((m) => m.type === 'variants/created'), 'the variant frames');
  const created = first.received.find(
    (m): m is Extract<SandboxMessage, { type: 'variants/created' }> => m.type === 'variants/created',
  );
  const frames = (created?.frames ?? []).map((f) => ({ nodeId: f.nodeId, name: f.name }));
  const before = new Map(frames.map((f) => [f.nodeId, shownHash(figma.node(f.nodeId))]));
  return { bfl, figma, first, frames, before };
}

/** Starts the set with one generation and closes the panel once the set's task record is in clientStorage. */
async function closeMidSetAsync(
  bfl: FakeBfl,
  figma: FigmaFake,
  first: PanelSession,
  frames: { nodeId: string; name: string }[],
) {
  void first.runner.outpaintNodesAsync(frames, undefined, { oneGeneration: true });
  await waitForAsync(
    async () => (await ledgerAsync(figma)).some((job) => job.pending !== true && job.set !== undefined),
    'the set’s task record',
  );
  expect(bfl.state.submissions).toHaveLength(1);
  first.close();
}

function writesPerJob(session: PanelSession): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of session.sent) if (m.type === 'job/result') counts.set(m.id, (counts.get(m.id) ?? 0) + 1);
  return counts;
}

describe('a variant set’s one task, resumed', () => {
  it('names every format in its saved record, without the API key', async () => {
    const { bfl, figma, first, frames } = await setUpAsync(1500);
    await closeMidSetAsync(bfl, figma, first, frames);
    const [record] = (await ledgerAsync(figma)).filter((job) => job.pending !== true);
    expect(record?.set?.members.map((m) => m.target.nodeId).sort()).toEqual(frames.map((f) => f.nodeId).sort());
    expect(record?.jobId).toBe(record?.set?.members[0]?.jobId);
    expect(JSON.stringify(await figma.clientStorage.getAsync(JOBS_KEY))).not.toContain('test-key');
  }, 30_000);

  it('closed mid-set, the reopened panel polls the one task and writes every frame once, with no second submit', async () => {
    const { bfl, figma, first, frames, before } = await setUpAsync(1500);
    await closeMidSetAsync(bfl, figma, first, frames);
    const second = await openAsync(figma, bfl);
    await waitForAsync(() => second.store.getState().batch.rows.length === 3, 'a row per format');
    await second.settleAsync();
    const rows = second.store.getState().batch.rows;
    expect(rows.map((r) => [r.nodeId, r.status, r.resumed, r.outcome?.kind]).sort()).toEqual(
      frames.map((f) => [f.nodeId, 'done', true, 'written']).sort(),
    );
    for (const f of frames) expect(shownHash(figma.node(f.nodeId))).not.toBe(before.get(f.nodeId));
    expect([...writesPerJob(second).values()]).toEqual([1, 1, 1]);
    // Each format came back under its own job id, frozen then; nothing was started anew.
    expect(second.sent.filter((m) => m.type === 'job/resume')).toHaveLength(3);
    expect(second.sent.filter((m) => m.type === 'job/start')).toHaveLength(0);
    expect(bfl.state.submissions).toHaveLength(1);
    // The set's charge counted once across its rows.
    const [task] = [...bfl.state.tasks.values()];
    expect(rows.flatMap((r) => r.candidates).reduce((sum, c) => sum + (c.cost ?? 0), 0)).toBe(task?.cost);
    expect(await ledgerAsync(figma)).toEqual([]);
  }, 30_000);

  it('a format deleted while the panel was closed gets its paid result placed beside; the others are written', async () => {
    const { bfl, figma, first, frames } = await setUpAsync(1500);
    await closeMidSetAsync(bfl, figma, first, frames);
    const deleted = frames[1]!;
    figma.node(deleted.nodeId).remove();
    const pageBefore = figma.currentPage.children.length;
    const second = await openAsync(figma, bfl);
    await waitForAsync(() => second.store.getState().batch.rows.length === 3, 'a row per format');
    await second.settleAsync();
    const rows = second.store.getState().batch.rows;
    const outcomes = new Map(rows.map((r) => [r.nodeId, [r.status, r.outcome?.kind]]));
    expect(outcomes.get(deleted.nodeId)).toEqual(['done', 'placed-beside']);
    for (const f of frames.filter((f) => f !== deleted)) expect(outcomes.get(f.nodeId)).toEqual(['done', 'written']);
    // The placed result is a new frame on the page.
    expect(figma.currentPage.children.length).toBe(pageBefore + 1);
    expect(bfl.state.submissions).toHaveLength(1);
    expect(await ledgerAsync(figma)).toEqual([]);
  }, 30_000);

  it('a frame written before the close is not written again: only the others are fetched', async () => {
    const { bfl, figma, first, frames } = await setUpAsync(1500);
    await closeMidSetAsync(bfl, figma, first, frames);
    // As if the panel had written the first member's cut just before it closed (the sandbox notes it written).
    const [record] = await ledgerAsync(figma);
    const writtenJob = record?.set?.members[0];
    await figma.clientStorage.setAsync(JOBS_KEY, [
      { ...record, set: { ...record?.set, written: [writtenJob?.jobId] } },
    ]);
    const second = await openAsync(figma, bfl);
    await waitForAsync(() => second.store.getState().batch.rows.length === 2, 'a row per unwritten format');
    await second.settleAsync();
    const rows = second.store.getState().batch.rows;
    expect(rows.map((r) => r.nodeId)).not.toContain(writtenJob?.target.nodeId);
    expect(rows.map((r) => r.status)).toEqual(['done', 'done']);
    expect(bfl.state.submissions).toHaveLength(1);
    expect(await ledgerAsync(figma)).toEqual([]);
  }, 30_000);

  it('a slow set task ends on Check again for every format; Check again polls the one task and writes them all', async () => {
    const { bfl, figma, first, frames, before } = await setUpAsync(1200, { pollTimeoutMs: 150 });
    const result = await first.runner.outpaintNodesAsync(frames, undefined, { oneGeneration: true });
    await first.settleAsync();
    expect(result.written).toBe(0);
    expect(result.failed.map((f) => f.paidTaskKept)).toEqual([true, true, true]);
    const rows = first.store.getState().batch.rows;
    for (const row of rows) expect(row).toMatchObject({ status: 'failed', awaitingCheck: true });
    expect(rows[0]?.error?.message).toMatch(/Check again/);
    // The paid task stays in the ledger while it waits.
    expect((await ledgerAsync(figma)).filter((job) => job.set !== undefined && job.pending !== true)).toHaveLength(1);
    // Check again on one row polls the set's task for all three, as often as the designer asks until it arrives.
    await waitForAsync(async () => {
      const waiting = first.store.getState().batch.rows.find((r) => r.awaitingCheck);
      if (waiting) await first.runner.retryAsync(waiting.rowId);
      await first.settleAsync();
      return first.store.getState().batch.rows.every((r) => r.status === 'done');
    }, 'every format written after Check again');
    for (const f of frames) expect(shownHash(figma.node(f.nodeId))).not.toBe(before.get(f.nodeId));
    expect(bfl.state.submissions).toHaveLength(1);
    expect([...writesPerJob(first).values()]).toEqual([1, 1, 1]);
    expect(await ledgerAsync(figma)).toEqual([]);
  }, 30_000);

  it('a set’s task past its result window is reported on every format and forgotten, never fetched', async () => {
    const { bfl, figma, first, frames } = await setUpAsync(1500);
    await closeMidSetAsync(bfl, figma, first, frames);
    const second = await openAsync(figma, bfl, { resumeWindowMs: 1 });
    await waitForAsync(() => second.store.getState().batch.rows.length === 3, 'a row per format');
    await second.settleAsync();
    const rows = second.store.getState().batch.rows;
    expect(rows.map((r) => [r.status, r.error?.code])).toEqual(Array.from({ length: 3 }, () => ['stale', 'expired']));
    expect(second.requests.filter((path) => path.includes('get_result'))).toHaveLength(0);
    expect(bfl.state.submissions).toHaveLength(1);
    expect(await ledgerAsync(figma)).toEqual([]);
  }, 30_000);

  it('a set whose submit never answered is reported on every format as possibly charged, and not sent again', async () => {
    const { bfl, figma, first, frames } = await setUpAsync(1500);
    // FLUX takes the set's task but the answer is lost: only the set's marker is left in the ledger.
    bfl.controls.addFault({ route: 'submit', nth: 1, kind: 'drop', afterEffect: true });
    await first.runner.outpaintNodesAsync(frames, undefined, { oneGeneration: true });
    await first.settleAsync();
    expect((await ledgerAsync(figma)).map((job) => [job.pending, job.set?.members.length])).toEqual([[true, 3]]);
    first.close();
    const second = await openAsync(figma, bfl);
    await waitForAsync(() => second.store.getState().batch.rows.length === 3, 'a row per format');
    await second.settleAsync();
    const rows = second.store.getState().batch.rows;
    expect(rows.map((r) => r.nodeId).sort()).toEqual(frames.map((f) => f.nodeId).sort());
    for (const row of rows) expect(row).toMatchObject({ status: 'failed', error: { code: 'submit-uncertain' } });
    expect(second.requests.filter((path) => path.includes('outpainting'))).toHaveLength(0);
    expect(await ledgerAsync(figma)).toEqual([]);
  }, 30_000);

  it('reopened without a key, the set waits; with a key, Check again fetches it without a new task', async () => {
    const { bfl, figma, first, frames } = await setUpAsync(600);
    await closeMidSetAsync(bfl, figma, first, frames);
    const second = await openAsync(figma, bfl, { settings: fluxSettings(bfl.url, { apiKey: '' }) });
    await waitForAsync(() => second.store.getState().batch.rows.length === 3, 'a row per format');
    await second.settleAsync();
    const rows = second.store.getState().batch.rows;
    for (const row of rows) expect(row).toMatchObject({ status: 'failed', awaitingCheck: true, resumed: true });
    second.store.dispatch({ type: 'settings/loaded', settings: fluxSettings(bfl.url) });
    await second.runner.retryAsync(rows[1]!.rowId);
    await second.settleAsync();
    expect(second.store.getState().batch.rows.map((r) => r.status)).toEqual(['done', 'done', 'done']);
    expect(bfl.state.submissions).toHaveLength(1);
    expect(await ledgerAsync(figma)).toEqual([]);
  }, 30_000);
});
