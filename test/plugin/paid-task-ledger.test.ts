// The paid-task ledger's invariants as a designer meets them: several files open on one computer share one
// clientStorage, long sessions hold hundreds of tasks, and storage sometimes fails. Each case is a named
// regression of a way a paid result used to be lost or misplaced (plugin/job-store.ts, plugin/controller.ts).
import { describe, expect, it } from 'vitest';
import type { SavedJob } from '../../common/batch/saved-job';
import { MAX_SAVED_JOBS } from '../../common/batch/saved-job';
import { DEFAULT_SETTINGS } from '../../common/settings';
import { FILE_ID_KEY } from '../../plugin/file-identity';
import { JOBS_KEY, LEDGER_MESSAGES, createJobStore } from '../../plugin/job-store';
import { ClientStorageBacking, createFigmaFake, type FigmaFake } from '../fakes/figma-fake';
import { makeTarget } from '../ui/support/ui-fixtures';
import { startHarness, type Harness } from './controller-harness';

function job(taskId: string, over: Partial<SavedJob> = {}): SavedJob {
  const { apiKey: _key, ...settings } = DEFAULT_SETTINGS;
  return {
    jobId: `job-${taskId}`,
    taskId,
    pollingUrl: `https://api.bfl.ai/v1/get_result?id=${taskId}`,
    candidate: 0,
    candidates: 1,
    target: makeTarget(),
    settings,
    // Fresh: saved just now, so every one is still fetchable.
    submittedAt: Date.now(),
    cost: 10,
    ...over,
  };
}

/** One file open in Figma on this computer, with the plugin's panel: its own document, the computer's storage. */
function openFile(
  storage: ClientStorageBacking,
  fileName: string,
  fake: FigmaFake = createFigmaFake({ storage, fileName }),
): Harness {
  return startHarness({ fake });
}

async function storedList(fake: FigmaFake): Promise<unknown[]> {
  const stored: unknown = await fake.clientStorage.getAsync(JOBS_KEY);
  return Array.isArray(stored) ? stored : [];
}

describe('paid tasks and files: clientStorage is shared by every file on this computer', () => {
  it('a task saved in one file is never resumed by a panel in another; that panel says where it waits', async () => {
    const storage = new ClientStorageBacking();
    const poster = openFile(storage, 'Poster file');
    await poster.sendAsync({ type: 'ui/ready' });
    await poster.sendAsync({ type: 'job/save', jobs: [job('t1')] });
    await poster.sendAsync({ type: 'job/save', jobs: [job('t2', { jobId: 'job-t1', candidate: 1, candidates: 2 })] });

    const other = openFile(storage, 'Landing page');
    await other.sendAsync({ type: 'ui/ready' });
    expect(other.postedOfType('jobs/saved')).toEqual([
      { type: 'jobs/saved', jobs: [], elsewhere: [{ fileName: 'Poster file', results: 2 }] },
    ]);
    await other.sendAsync({ type: 'job/resume', id: 'job-t1' });
    expect(other.postedOfType('job/started')).toEqual([]);
    expect(other.postedOfType('job/failed')[0]?.error.message).toMatch(/another file/);
    // Nothing of the poster's was touched.
    expect(await storedList(other.fake)).toHaveLength(2);
  });

  it('counts a variant set waiting in another file by the formats still to write, not as one result', async () => {
    const storage = new ClientStorageBacking();
    const poster = openFile(storage, 'Poster file');
    await poster.sendAsync({ type: 'ui/ready' });
    const members = ['a', 'b', 'c'].map((id) => ({ jobId: `job-${id}`, target: makeTarget() }));
    await poster.sendAsync({
      type: 'job/save',
      jobs: [job('set-task', { jobId: 'job-a', set: { members, written: ['job-a'] } })],
    });

    const other = openFile(storage, 'Landing page');
    await other.sendAsync({ type: 'ui/ready' });
    expect(other.postedOfType('jobs/saved')).toEqual([
      { type: 'jobs/saved', jobs: [], elsewhere: [{ fileName: 'Poster file', results: 2 }] },
    ]);
  });
  it('the same file reopened gets its own tasks back at once', async () => {
    const storage = new ClientStorageBacking();
    const first = openFile(storage, 'Poster file');
    await first.sendAsync({ type: 'ui/ready' });
    await first.sendAsync({ type: 'job/save', jobs: [job('t1')] });
    first.controller.dispose();

    const reopened = openFile(storage, 'Poster file', first.fake);
    await reopened.sendAsync({ type: 'ui/ready' });
    expect(reopened.postedOfType('jobs/saved')[0]?.jobs.map((j) => j.taskId)).toEqual(['t1']);
  });

  it('a duplicated file carries the id: the first copy opened claims the result, and a copy open meanwhile leaves it', async () => {
    const storage = new ClientStorageBacking();
    const original = openFile(storage, 'Poster file');
    await original.sendAsync({ type: 'ui/ready' });
    await original.sendAsync({ type: 'job/save', jobs: [job('t1')] });
    const fileId = original.fake.root.getPluginData(FILE_ID_KEY);
    original.controller.dispose();

    const copyA = createFigmaFake({ storage, fileName: 'Poster file (copy)' });
    copyA.root.setPluginData(FILE_ID_KEY, fileId);
    const copyB = createFigmaFake({ storage, fileName: 'Poster file (copy 2)' });
    copyB.root.setPluginData(FILE_ID_KEY, fileId);
    const a = openFile(storage, '', copyA);
    await a.sendAsync({ type: 'ui/ready' });
    const b = openFile(storage, '', copyB);
    await b.sendAsync({ type: 'ui/ready' });
    expect(a.postedOfType('jobs/saved')[0]?.jobs.map((j) => j.taskId)).toEqual(['t1']);
    expect(b.postedOfType('jobs/saved')).toEqual([]);
  });
});

describe('paid tasks: no silent cap', () => {
  it('keeps all 204 paid tasks of 51 frames × 4 candidates and offers every one after a reopen', async () => {
    const h = startHarness();
    await h.sendAsync({ type: 'ui/ready' });
    for (let frame = 0; frame < 51; frame += 1) {
      for (let candidate = 0; candidate < 4; candidate += 1) {
        void h.fake.ui.sendFromUi({
          type: 'job/save',
          jobs: [job(`f${frame}c${candidate}`, { jobId: `frame-${frame}`, candidate, candidates: 4 })],
        });
      }
    }
    await h.settleUntilAsync(() => h.postedOfType('job/stored').length === 204);
    expect(h.postedOfType('job/stored').every((m) => m.stored)).toBe(true);
    h.controller.dispose();
    const reopened = startHarness({ fake: h.fake });
    await reopened.sendAsync({ type: 'ui/ready' });
    expect(reopened.postedOfType('jobs/saved')[0]?.jobs).toHaveLength(204);
  });

  it('refuses a task past the ledger’s capacity, with a message, and keeps every stored one', async () => {
    const fake = createFigmaFake();
    await fake.clientStorage.setAsync(
      JOBS_KEY,
      Array.from({ length: MAX_SAVED_JOBS }, (_, i) => job(`t${i}`)),
    );
    const store = createJobStore(fake.clientStorage);
    await expect(store.saveAsync(job('one-more'))).rejects.toMatchObject({
      error: { code: 'storage-failed', message: LEDGER_MESSAGES.full },
    });
    expect(LEDGER_MESSAGES.full.length).toBeLessThanOrEqual(100);
    expect(await storedList(fake)).toHaveLength(MAX_SAVED_JOBS);
  });
});

describe('paid tasks: storage that fails', () => {
  it('a failed read never overwrites storage: the save is refused and every stored task stays', async () => {
    const fake = createFigmaFake();
    await fake.clientStorage.setAsync(JOBS_KEY, [job('a'), job('b')]);
    const store = createJobStore(fake.clientStorage);
    fake.clientStorage.failNextGet = new Error('storage busy');
    await expect(store.saveAsync(job('c'))).rejects.toMatchObject({ error: { message: LEDGER_MESSAGES.unreadable } });
    expect((await store.listAsync()).map((j) => j.taskId)).toEqual(['a', 'b']);
  });

  it('a failed read when the panel opens says so, and leaves the tasks for the next opening', async () => {
    const h = startHarness();
    await createJobStore(h.fake.clientStorage).saveAsync(job('t1'));
    // ui/ready reads settings first, then the ledger: fail the second read.
    const realGet = h.fake.clientStorage.getAsync.bind(h.fake.clientStorage);
    h.fake.clientStorage.getAsync = (key: string) =>
      key === JOBS_KEY ? Promise.reject(new Error('storage busy')) : realGet(key);
    await h.sendAsync({ type: 'ui/ready' });
    h.fake.clientStorage.getAsync = realGet;
    expect(h.postedOfType('jobs/saved')).toEqual([]);
    expect(h.fake.notifications.at(-1)?.message).toMatch(/could not be read/);
    expect(await storedList(h.fake)).toHaveLength(1);
  });

  it('entries this version cannot read (a newer version’s) are written back untouched', async () => {
    const fake = createFigmaFake();
    const foreign = { format: 'v9', secret: 'from a newer plugin' };
    await fake.clientStorage.setAsync(JOBS_KEY, [foreign, job('a')]);
    const store = createJobStore(fake.clientStorage);
    await store.saveAsync(job('b'));
    await store.forgetAsync(['a']);
    expect(await storedList(fake)).toEqual([expect.objectContaining({ taskId: 'b' }), foreign]);
  });
});
