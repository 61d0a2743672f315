import { describe, expect, it } from 'vitest';
import type { SavedJob } from '../../common/batch/saved-job';
import { DEFAULT_SETTINGS } from '../../common/settings';
import { JOBS_KEY, LEDGER_MESSAGES, createJobStore } from '../../plugin/job-store';
import { createFigmaFake } from '../fakes/figma-fake';
import { makeTarget } from '../ui/support/ui-fixtures';
import { startHarness } from './controller-harness';

function job(taskId: string, over: Partial<SavedJob> = {}): SavedJob {
  const { apiKey: _key, ...settings } = DEFAULT_SETTINGS;
  return {
    jobId: `job-${taskId}`,
    taskId,
    pollingUrl: `https://api.eu2.bfl.ai/v1/get_result?id=${taskId}`,
    candidate: 0,
    candidates: 1,
    target: makeTarget(),
    settings,
    submittedAt: 1_700_000_000_000,
    cost: 10,
    ...over,
  };
}

type Storage = Parameters<typeof createJobStore>[0];

/** clientStorage that counts writes and refuses the ones `refuse` picks, like a store at its 5 MB quota. */
function watchedStorage(
  inner: Storage,
  refuse: (value: unknown) => boolean = () => false,
): Storage & { writes: number } {
  const watched = {
    writes: 0,
    getAsync: (key: string) => inner.getAsync(key),
    setAsync: (key: string, value: unknown) => {
      watched.writes += 1;
      return refuse(value)
        ? Promise.reject(new Error('clientStorage quota of 5 MB exceeded'))
        : inner.setAsync(key, value);
    },
  };
  return watched;
}

describe('saved FLUX jobs in clientStorage', () => {
  it('keeps a variant set’s one task until every format is written, noting each written format', async () => {
    const fake = createFigmaFake();
    const store = createJobStore(fake.clientStorage);
    const members = ['a', 'b', 'c'].map((id) => ({ jobId: `job-${id}`, target: makeTarget({ nodeId: `1:${id}` }) }));
    await store.saveAsync(job('set-task', { jobId: 'job-a', set: { members } }));
    await store.saveAsync(job('other'));
    await store.forgetJobAsync('job-b');
    expect((await store.listAsync()).find((j) => j.taskId === 'set-task')?.set?.written).toEqual(['job-b']);
    // The first member's job id is also the record's: writing it does not drop the others' task.
    await store.forgetJobAsync('job-a');
    expect((await store.listAsync()).find((j) => j.taskId === 'set-task')?.set?.written).toEqual(['job-b', 'job-a']);
    await store.forgetJobAsync('job-c');
    expect((await store.listAsync()).map((j) => j.taskId)).toEqual(['other']);
  });

  it('keeps every one of 24 saves made at once (no lost read-modify-write)', async () => {
    const fake = createFigmaFake();
    const store = createJobStore(fake.clientStorage);
    await Promise.all(Array.from({ length: 24 }, (_, i) => store.saveAsync(job(`t${i}`))));
    expect((await store.listAsync()).map((j) => j.taskId).sort()).toEqual(
      Array.from({ length: 24 }, (_, i) => `t${i}`).sort(),
    );
  });

  it('stores 24 saves made at once in one write, so a panel closed right after still has them', async () => {
    const fake = createFigmaFake();
    const storage = watchedStorage(fake.clientStorage);
    const store = createJobStore(storage);
    await Promise.all(Array.from({ length: 24 }, (_, i) => store.saveAsync(job(`t${i}`))));
    expect(storage.writes).toBe(1);
    const stored: unknown = await fake.clientStorage.getAsync(JOBS_KEY);
    expect(Array.isArray(stored) ? stored.length : 0).toBe(24);
  });

  it('refuses only the save that does not fit when saves arrive together', async () => {
    const fake = createFigmaFake();
    const storage = watchedStorage(fake.clientStorage, (value) => JSON.stringify(value).includes('too-big'));
    const store = createJobStore(storage);
    const results = await Promise.allSettled(['t0', 't1', 'too-big', 't2'].map((id) => store.saveAsync(job(id))));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((await store.listAsync()).map((j) => j.taskId)).toEqual(['t0', 't1', 't2']);
  });

  it('never stores an API key, even when the message smuggles one in', async () => {
    const fake = createFigmaFake();
    const store = createJobStore(fake.clientStorage);
    const withKey = {
      ...job('t1'),
      settings: { ...DEFAULT_SETTINGS, apiKey: 'bfl_secret_123' },
      apiKey: 'bfl_secret_123',
    };
    await store.saveAsync(withKey);
    const raw = JSON.stringify(await fake.clientStorage.getAsync(JOBS_KEY));
    expect(raw).not.toContain('bfl_secret_123');
    expect(raw).not.toContain('apiKey');
    expect((await store.listAsync())[0]?.taskId).toBe('t1');
  });

  it('forgets by task and by frame job', async () => {
    const fake = createFigmaFake();
    const store = createJobStore(fake.clientStorage);
    await store.saveAsync(job('a'));
    await store.saveAsync(job('b', { jobId: 'shared', candidates: 2, candidate: 0 }));
    await store.saveAsync(job('c', { jobId: 'shared', candidates: 2, candidate: 1 }));
    await store.forgetAsync(['a', 'unknown']);
    expect((await store.listAsync()).map((j) => j.taskId)).toEqual(['b', 'c']);
    await store.forgetJobAsync('shared');
    expect(await store.listAsync()).toEqual([]);
  });

  it("replaces a candidate's submit-pending marker with its task once the submit answers, keeping the other slots", async () => {
    const fake = createFigmaFake();
    const store = createJobStore(fake.clientStorage);
    const slot = { jobId: 'frame-job', candidates: 2, pollingUrl: '', cost: null, pending: true as const };
    await store.saveAsync(job('pending-frame-job-0', { ...slot, candidate: 0 }));
    await store.saveAsync(job('pending-frame-job-1', { ...slot, candidate: 1 }));
    expect((await store.listAsync()).map((j) => [j.taskId, j.pending])).toEqual([
      ['pending-frame-job-0', true],
      ['pending-frame-job-1', true],
    ]);
    await store.saveAsync(job('t0', { jobId: 'frame-job', candidates: 2, candidate: 0 }));
    expect((await store.listAsync()).map((j) => [j.taskId, j.pending])).toEqual([
      ['pending-frame-job-1', true],
      ['t0', undefined],
    ]);
  });

  it('confirms each job/save to the panel, stored or refused by clientStorage', async () => {
    const h = startHarness();
    await h.sendAsync({ type: 'ui/ready' });
    await h.sendAsync({ type: 'job/save', jobs: [job('t1')] });
    h.fake.clientStorage.failNextSet = new Error('quota');
    await h.sendAsync({ type: 'job/save', jobs: [job('t2')] });
    expect(h.postedOfType('job/stored')).toEqual([
      { type: 'job/stored', taskId: 't1', stored: true },
      {
        type: 'job/stored',
        taskId: 't2',
        stored: false,
        error: { code: 'storage-failed', message: LEDGER_MESSAGES.unwritable },
      },
    ]);
  });

  it('keeps every record of one job/save in a single clientStorage write and confirms each', async () => {
    const h = startHarness();
    await h.sendAsync({ type: 'ui/ready' });
    let writes = 0;
    const setAsync = h.fake.clientStorage.setAsync.bind(h.fake.clientStorage);
    h.fake.clientStorage.setAsync = (key, value) => {
      if (key === JOBS_KEY) writes += 1;
      return setAsync(key, value);
    };
    await h.sendAsync({ type: 'job/save', jobs: [job('t1'), job('t2'), job('t3')] });
    expect(h.postedOfType('job/stored').map((m) => [m.taskId, m.stored])).toEqual([
      ['t1', true],
      ['t2', true],
      ['t3', true],
    ]);
    expect(writes).toBe(1);
  });

  it('reads past damaged entries left by another version', async () => {
    const fake = createFigmaFake();
    await fake.clientStorage.setAsync(JOBS_KEY, [
      { nonsense: true },
      job('ok'),
      'text',
      { ...job('bad'), candidate: 7 },
    ]);
    const store = createJobStore(fake.clientStorage);
    expect((await store.listAsync()).map((j) => j.taskId)).toEqual(['ok']);
  });

  it('tells the panel why a job cannot be saved, in words it can show, and keeps the plugin running', async () => {
    const h = startHarness();
    await h.sendAsync({ type: 'ui/ready' });
    h.fake.clientStorage.failNextSet = new Error('quota');
    await h.sendAsync({ type: 'job/save', jobs: [job('t1')] });
    const [answer] = h.postedOfType('job/stored');
    expect(answer).toMatchObject({ stored: false, error: { code: 'storage-failed' } });
    expect(answer?.error?.message).toMatch(/Nothing was sent/);
    expect(answer?.error?.message.length).toBeLessThanOrEqual(100);
    await h.sendAsync({ type: 'job/save', jobs: [job('t2')] });
    expect(h.postedOfType('job/stored').at(-1)).toEqual({ type: 'job/stored', taskId: 't2', stored: true });
  });

  it('sends saved jobs after ui/ready, and re-arms one for write-back with its frozen target', async () => {
    const h = startHarness();
    const frame = h.fake.build({ type: 'FRAME', name: 'Hero', width: 300, height: 100, fills: [] });
    const saved = job('t9', {
      jobId: 'old-job',
      target: makeTarget({ nodeId: frame.id, nodeName: 'Hero', fingerprint: 'frozen-fp' }),
    });
    await createJobStore(h.fake.clientStorage).saveAsync(saved);
    await h.sendAsync({ type: 'ui/ready' });
    expect(h.postedOfType('jobs/saved')).toEqual([
      {
        type: 'jobs/saved',
        jobs: [{ ...saved, claim: expect.objectContaining({ at: expect.any(Number) }) }],
        elsewhere: [],
      },
    ]);
    await h.sendAsync({ type: 'job/resume', id: 'old-job' });
    expect(h.postedOfType('job/started')).toEqual([{ type: 'job/started', id: 'old-job', target: saved.target }]);
    await h.sendAsync({ type: 'job/resume', id: 'never-saved' });
    expect(h.postedOfType('job/failed').map((m) => m.id)).toEqual(['never-saved']);
  });
});
