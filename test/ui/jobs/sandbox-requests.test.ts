// The panel's paid-task records: a batch's submits ask for their records together, and Figma's clientStorage should
// see one message and one write for them, while each submit still waits for its own confirmation.
import { describe, expect, it } from 'vitest';
import type { UiMessage } from '../../../common/protocol/messages';
import { createSandboxRequests } from '../../../ui/jobs/sandbox-requests';
import { sampleSavedJob } from '../../fakes/sample-messages';
import { waitForAsync } from '../../support/wait-for';

function harness() {
  const posted: UiMessage[] = [];
  const requests = createSandboxRequests({
    post: (message) => posted.push(message),
    sleepAsync: () => new Promise<void>(() => {}),
  });
  return { posted, requests };
}

const record = (taskId: string) => sampleSavedJob({ taskId, jobId: `job-${taskId}` });

/** Waits (real time) until `count` messages were posted. */
async function postedAsync(posted: readonly UiMessage[], count: number): Promise<void> {
  expect(await waitForAsync(() => posted.length >= count, 5_000)).toBe(true);
}

describe('paid-task records sent to the sandbox', () => {
  it('sends the records a batch asks for at once as one message, and confirms each by its own answer', async () => {
    const { posted, requests } = harness();
    const answers = ['t1', 't2', 't3'].map((id) => requests.saveAsync(record(id)));
    await postedAsync(posted, 1);
    expect(posted).toEqual([{ type: 'job/save', jobs: [record('t1'), record('t2'), record('t3')] }]);

    // The sandbox answers each record on its own, in any order; a refused one is refused alone.
    const refusal = { code: 'storage-failed' as const, message: 'This paid task could not be recorded. Try again.' };
    requests.deliverMessage({ type: 'job/stored', taskId: 't3', stored: true });
    requests.deliverMessage({ type: 'job/stored', taskId: 't1', stored: false, error: refusal });
    requests.deliverMessage({ type: 'job/stored', taskId: 't2', stored: true });
    expect(await Promise.all(answers)).toEqual([
      { kind: 'stored', stored: false, error: refusal },
      { kind: 'stored', stored: true, error: null },
      { kind: 'stored', stored: true, error: null },
    ]);
  });

  it('does not send a record whose submit was cancelled before it left', async () => {
    const { posted, requests } = harness();
    const cancelled = new AbortController();
    const kept = requests.saveAsync(record('t1'));
    const dropped = requests.saveAsync(record('t2'), { signal: cancelled.signal });
    cancelled.abort();
    await expect(dropped).rejects.toThrow();
    await postedAsync(posted, 1);
    expect(posted).toEqual([{ type: 'job/save', jobs: [record('t1')] }]);
    requests.deliverMessage({ type: 'job/stored', taskId: 't1', stored: true });
    await expect(kept).resolves.toEqual({ kind: 'stored', stored: true, error: null });
  });

  it('sends a record asked for later in a message of its own', async () => {
    const { posted, requests } = harness();
    void requests.saveAsync(record('t1'));
    await postedAsync(posted, 1);
    void requests.saveAsync(record('t2'));
    await postedAsync(posted, 2);
    expect(posted.map((m) => (m.type === 'job/save' ? m.jobs.map((j) => j.taskId) : []))).toEqual([['t1'], ['t2']]);
  });
});
