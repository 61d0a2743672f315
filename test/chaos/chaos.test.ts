// The randomized fault matrix (issue #7, item 1): whole jobs through the real sandbox controller, UI
// runner, FLUX client, proxy and strict fake, with seeded faults. A failing seed prints its one-line repro.
import { describe, expect, it } from 'vitest';
import { runScheduleAsync, type JobReport } from './run-schedule';
import { runBatchScheduleAsync } from './run-batch-schedule';
import { runBatchSchedulesAsync, runSchedulesAsync } from './run-schedules';
import { makeSchedule, type Fault, type JobPlan } from './schedule';
import { formatSummary, summariseRuns } from './summarise-runs';

const CI_RUNS = 200;
const CI_BATCH_RUNS = 100;

async function runOneJobAsync(
  faults: Fault[],
  engine: JobPlan['engine'] = 'flux',
): Promise<{ job: JobReport | undefined; violations: string[] }> {
  // Seed 0: the fake sends no Retry-After, so the client backs off on its own (docs/bfl-api.md, Rate limits and concurrency).
  const report = await runScheduleAsync({ seed: 0, jobs: [{ engine, feather: 2, faults }], otherFile: false });
  return { job: report.jobs[0], violations: report.violations };
}

describe('seeded schedules', () => {
  it('gives the same schedule for the same seed, and different ones for different seeds', () => {
    expect(makeSchedule(4711)).toEqual(makeSchedule(4711));
    const distinct = new Set(Array.from({ length: 50 }, (_, i) => JSON.stringify(makeSchedule(i).jobs)));
    expect(distinct.size).toBeGreaterThan(40);
  });
});

describe('fault matrix', () => {
  it(
    `holds every invariant over ${CI_RUNS} seeded schedules, with every fault kind injected`,
    { timeout: 300_000 },
    async () => {
      const summary = summariseRuns(await runSchedulesAsync(1, CI_RUNS, { concurrency: 8 }));
      expect(summary.violations, formatSummary(summary)).toEqual([]);
      expect(summary.doubleSubmits).toBe(0);
      expect(summary.unintendedDocumentChanges).toBe(0);
      expect(summary.maxInFlight).toBeLessThanOrEqual(24);
      const kinds = new Set(Object.keys(summary.faults).map((label) => label.split('/')[0]));
      expect([...kinds].sort()).toEqual(
        [
          '429-storm',
          'dropped-connection',
          'link-expired',
          'malformed-json',
          'node-deleted',
          'node-resized',
          'plugin-reopened',
          'server-error',
          'slow-download',
          'stalled-download',
          'write-refused',
          // The designers' world (issue #11, item 6).
          'laptop-sleep',
          'network-outage',
          'storage-write-error',
          'slow-write',
          'clock-stepped-back',
          'storage-read-error',
          'other-file-open',
        ].sort(),
      );
      // The matrix reaches every ending a designer can see.
      expect(summary.outcomes.written).toBeGreaterThan(0);
      expect(summary.outcomes['placed-beside']).toBeGreaterThan(0);
      expect(summary.outcomes['offered-again']).toBeGreaterThan(0);
      expect(summary.outcomes.reported).toBeGreaterThan(0);
    },
  );
});

describe('each fault on its own (regressions of the matrix)', () => {
  it.each<[string, Fault[], JobReport['outcome'], string | null]>([
    ['a short 429 storm on submit is waited out', [{ kind: '429-storm', route: 'submit', count: 3 }], 'written', null],
    [
      'a 429 storm longer than the 5-minute budget is reported as rate limited',
      [{ kind: '429-storm', route: 'submit', count: 14 }],
      'reported',
      'api-rate-limited',
    ],
    [
      'a 503 on the second poll is retried',
      [{ kind: 'server-error', route: 'poll', nth: 2, status: 503, afterEffect: false }],
      'written',
      null,
    ],
    [
      'a dropped poll connection is retried',
      [{ kind: 'dropped-connection', route: 'poll', nth: 1, afterEffect: false }],
      'written',
      null,
    ],
    ['a malformed poll answer is retried', [{ kind: 'malformed-json', route: 'poll', nth: 1 }], 'written', null],
    [
      'a failed delivery is retried',
      [{ kind: 'server-error', route: 'delivery', nth: 1, status: 500, afterEffect: false }],
      'written',
      null,
    ],
    [
      'one stalled download is cut off by the request timeout and retried',
      [{ kind: 'stalled-download', count: 1 }],
      'written',
      null,
    ],
    // The task is paid and still fetchable: it is kept, and Check again fetches it (never a new submit).
    [
      'a download that stalls every time keeps the paid task and offers Check again',
      [{ kind: 'stalled-download', count: 3 }],
      'offered-again',
      'network',
    ],
    ['an expired delivery link is reported', [{ kind: 'link-expired' }], 'reported', 'expired'],
    ['Task not found is reported', [{ kind: 'task-outcome', outcome: 'not-found' }], 'reported', 'api-not-found'],
    ['moderation is reported', [{ kind: 'task-outcome', outcome: 'content-moderated' }], 'reported', 'api-moderated'],
    ['a refused write is offered again', [{ kind: 'write-refused', retry: false }], 'offered-again', 'write-failed'],
    ['"Try writing again" writes the held result', [{ kind: 'write-refused', retry: true }], 'written', null],
    [
      'a frame deleted while generating gets the result as a new frame',
      [{ kind: 'node-deleted', at: 'generating' }],
      'placed-beside',
      null,
    ],
    [
      'a frame resized after submit gets the result beside it',
      [{ kind: 'node-resized', at: 'submitted' }],
      'placed-beside',
      null,
    ],
    [
      'a frame deleted before the sandbox answers the start is reported',
      [{ kind: 'node-deleted', at: 'start-sent' }],
      'reported',
      'node-deleted',
    ],
  ])('%s', async (_name, faults, outcome, code) => {
    const { job, violations } = await runOneJobAsync(faults);
    expect(violations).toEqual([]);
    expect(job?.outcome).toBe(outcome);
    expect(job?.code).toBe(code);
  });

  it.each<[string, Fault]>([
    [
      'a 500 after the task was created',
      { kind: 'server-error', route: 'submit', nth: 1, status: 500, afterEffect: true },
    ],
    [
      'a dropped connection after the task was created',
      { kind: 'dropped-connection', route: 'submit', nth: 1, afterEffect: true },
    ],
    ['an unreadable submit answer', { kind: 'malformed-json', route: 'submit', nth: 1 }],
  ])('%s is reported as possibly charged and never sent again', async (_name, fault) => {
    const { job, violations } = await runOneJobAsync([fault]);
    expect(violations).toEqual([]);
    expect(job).toMatchObject({ outcome: 'reported', code: 'submit-uncertain', acceptedTasks: 1 });
  });

  it('an offline job survives its frame being resized while composing', async () => {
    const { job, violations } = await runOneJobAsync([{ kind: 'node-resized', at: 'composing' }], 'offline');
    expect(violations).toEqual([]);
    expect(job).toMatchObject({ outcome: 'placed-beside', acceptedTasks: 0 });
  });

  it('closing the plugin while generating resumes the saved task after reopening, and the plugin keeps working', async () => {
    const report = await runScheduleAsync({
      seed: 0,
      jobs: [
        {
          engine: 'flux',
          feather: 2,
          faults: [{ kind: 'plugin-reopened', at: 'generating', clockBackS: 0, readFails: false }],
        },
        { engine: 'flux', feather: 2, faults: [] },
      ],
      otherFile: false,
    });
    expect(report.violations).toEqual([]);
    // The job store (plugin/job-store.ts) kept the paid task; the reopened panel polled, downloaded and wrote it.
    expect(report.jobs.map((j) => [j.outcome, j.acceptedTasks])).toEqual([
      ['written', 1],
      ['written', 1],
    ]);
  });
});

describe("the designers' world, each case on its own (issue #11)", () => {
  it.each<[string, Fault[], JobReport['outcome'], string | null, number]>([
    [
      'a laptop asleep 3 minutes while FLUX works wakes to its result, written',
      [{ kind: 'laptop-sleep', at: 'generating', minutes: 3 }],
      'written',
      null,
      1,
    ],
    [
      'a laptop asleep past the 10-minute delivery link is told the result expired, at once',
      [{ kind: 'laptop-sleep', at: 'generating', minutes: 12 }],
      'reported',
      'expired',
      1,
    ],
    [
      'a laptop asleep past the task’s hour is told FLUX no longer has it',
      [{ kind: 'laptop-sleep', at: 'generating', minutes: 75 }],
      'reported',
      'api-not-found',
      1,
    ],
    [
      'a network outage longer than any budget: Check again fetches the kept task, never a second submit',
      [{ kind: 'network-outage', at: 'generating' }],
      'written',
      null,
      1,
    ],
    [
      'clientStorage refusing the submit-pending marker: nothing is sent or paid, and the reason is shown',
      [{ kind: 'storage-write-error', at: 'preparing' }],
      'reported',
      'storage-failed',
      0,
    ],
    [
      'clientStorage refusing the accepted task’s record: the open panel still writes the result',
      [{ kind: 'storage-write-error', at: 'submitted' }],
      'written',
      null,
      1,
    ],
    [
      'a write Figma confirms after the write timeout counts as written',
      [{ kind: 'slow-write', at: 'result-sent' }],
      'written',
      null,
      1,
    ],
    [
      'closed mid-job, the clock stepped back 9 minutes and the first read failing: said, kept, resumed next time',
      [{ kind: 'plugin-reopened', at: 'generating', clockBackS: 540, readFails: true }],
      'written',
      null,
      1,
    ],
  ])('%s', async (_name, faults, outcome, code, accepted) => {
    // A second file's panel is open beside every case, sharing clientStorage: it must keep out of this file's tasks.
    const report = await runScheduleAsync({ seed: 0, jobs: [{ engine: 'flux', feather: 2, faults }], otherFile: true });
    expect(report.violations).toEqual([]);
    expect(report.jobs[0]).toMatchObject({ outcome, code, acceptedTasks: accepted });
    expect(report.faults['other-file-open']).toBe(1);
  });
});

describe('queue fault matrix (many frames, candidates, close and resume)', () => {
  it(`holds every invariant over ${CI_BATCH_RUNS} seeded queues`, { timeout: 300_000 }, async () => {
    const summary = summariseRuns(await runBatchSchedulesAsync(1, CI_BATCH_RUNS, { concurrency: 6 }));
    expect(summary.violations, formatSummary(summary)).toEqual([]);
    expect(summary.doubleSubmits).toBe(0);
    expect(summary.unintendedDocumentChanges).toBe(0);
    expect(summary.faults['plugin-reopened']).toBeGreaterThan(0);
    expect(summary.outcomes.written).toBeGreaterThan(0);
    expect(summary.outcomes['offered-again']).toBeGreaterThan(0);
  });

  it('keeps 30 frames under the 24-task ceiling while still running many at once', { timeout: 120_000 }, async () => {
    const report = await runBatchScheduleAsync({
      seed: 0,
      frames: 30,
      candidates: 1,
      concurrency: 24,
      faults: [],
      closeAfterSaves: null,
      closeWhen: 'posted',
      apply: false,
    });
    expect(report.violations).toEqual([]);
    expect(report.jobs.map((j) => j.outcome)).toEqual(Array.from({ length: 30 }, () => 'written'));
    expect(report.maxInFlight).toBeLessThanOrEqual(24);
    expect(report.maxInFlight).toBeGreaterThan(1);
  });

  it(
    'a session of 208 paid tasks (52 frames × 4 candidates) offers every frame its four results, none dropped',
    { timeout: 300_000 },
    async () => {
      const report = await runBatchScheduleAsync({
        seed: 0,
        frames: 52,
        candidates: 4,
        concurrency: 24,
        faults: [],
        closeAfterSaves: null,
        closeWhen: 'stored',
        apply: true,
      });
      expect(report.violations).toEqual([]);
      expect(report.jobs.map((j) => j.outcome)).toEqual(Array.from({ length: 52 }, () => 'written'));
    },
  );

  it(
    'a queue of 52 frames × 4 candidates closed after 200 stored tasks resumes every frame, none lost or resubmitted',
    { timeout: 300_000 },
    async () => {
      const report = await runBatchScheduleAsync({
        seed: 0,
        frames: 52,
        candidates: 4,
        concurrency: 24,
        faults: [],
        closeAfterSaves: 200,
        closeWhen: 'stored',
        apply: true,
      });
      // The harness counts a second submit for a frame, a lost paid task and a silent frame as violations.
      expect(report.violations).toEqual([]);
      expect(report.jobs).toHaveLength(52);
      // Each frame is written, or its four results are offered again to choose from after the reopen. Reported,
      // never dropped (README, Known limits): a frame whose submit was in flight at the close (maybe charged), and
      // one whose results waited unchosen past BFL's 10-minute links on the queue's simulated clock (expired).
      for (const job of report.jobs) {
        if (job.outcome === 'reported') expect(['submit-uncertain', 'expired']).toContain(job.code);
        else expect(['written', 'offered-again']).toContain(job.outcome);
      }
    },
  );

  it('a plugin closed after every task was stored resumes them all and submits nothing new', async () => {
    const report = await runBatchScheduleAsync({
      seed: 0,
      frames: 3,
      candidates: 1,
      concurrency: 24,
      faults: [],
      closeAfterSaves: 3,
      closeWhen: 'stored',
      apply: false,
    });
    expect(report.violations).toEqual([]);
    expect(report.jobs.map((j) => j.outcome)).toEqual(['written', 'written', 'written']);
  });

  it('a plugin closed as the last task was being saved reports that frame as maybe charged, never silently', async () => {
    const report = await runBatchScheduleAsync({
      seed: 0,
      frames: 3,
      candidates: 1,
      concurrency: 24,
      faults: [],
      closeAfterSaves: 3,
      closeWhen: 'unsent',
      apply: false,
    });
    expect(report.violations).toEqual([]);
    // The third record died with the panel, so only its "submit pending" marker was in clientStorage (the first
    // two may have been stored or not: the close does not wait for them).
    const notWritten = report.jobs.filter((job) => job.outcome !== 'written');
    expect(notWritten.length).toBeGreaterThan(0);
    for (const job of notWritten) {
      expect(job).toMatchObject({ outcome: 'reported', code: 'submit-uncertain' });
      expect(job.message).toMatch(/may have been charged/);
    }
  });
});
