// Runs many seeded schedules a few at a time: each has its own fake server, proxy, document and
// virtual clock, so they share nothing and their waits on sockets and timers overlap. A schedule whose harness
// throws is a failing seed with its replay line, never a crash that loses the summary.
import { runScheduleAsync, type RunOptions, type RunReport } from './run-schedule';
import { runBatchScheduleAsync } from './run-batch-schedule';
import { makeBatchSchedule, makeSchedule } from './schedule';

export interface ManyRunOptions extends RunOptions {
  /** Schedules in flight at once (default 6). */
  concurrency?: number;
  onReport?(report: RunReport): void;
}

async function runManyAsync(
  first: number,
  runs: number,
  options: ManyRunOptions,
  label: string,
  runOneAsync: (seed: number) => Promise<RunReport>,
): Promise<RunReport[]> {
  const reports: RunReport[] = new Array<RunReport>(runs);
  let next = 0;
  const workerAsync = async (): Promise<void> => {
    while (next < runs) {
      const index = next++;
      const seed = first + index;
      const report = await runOneAsync(seed).catch((error: unknown): RunReport => ({
        seed,
        faults: {},
        jobs: [],
        violations: [
          `${label} ${seed} (the run itself failed): ${error instanceof Error ? error.stack : String(error)}`,
        ],
        doubleSubmits: 0,
        unintendedDocumentChanges: 0,
        maxInFlight: 0,
      }));
      reports[index] = report;
      options.onReport?.(report);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 6, runs)) }, () => workerAsync()));
  return reports;
}

/** Seeds first, first + 1, …, first + runs − 1; reports come back in seed order. */
export function runSchedulesAsync(first: number, runs: number, options: ManyRunOptions = {}): Promise<RunReport[]> {
  return runManyAsync(first, runs, options, 'seed', (seed) => runScheduleAsync(makeSchedule(seed), options));
}

/** Queue schedules (many frames, candidates, close and resume) for seeds first … first + runs − 1. */
export function runBatchSchedulesAsync(
  first: number,
  runs: number,
  options: ManyRunOptions = {},
): Promise<RunReport[]> {
  return runManyAsync(first, runs, options, 'batch seed', (seed) =>
    runBatchScheduleAsync(makeBatchSchedule(seed), options),
  );
}
