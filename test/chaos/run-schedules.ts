// Runs many seeded schedules a few at a time: each has its own fake server, proxy, document and
// virtual clock, so they share nothing and their waits on sockets and timers overlap.
import { runScheduleAsync, type RunOptions, type RunReport } from './run-schedule';
import { runBatchScheduleAsync } from './run-batch-schedule';
import { makeBatchSchedule, makeSchedule } from './schedule';

export interface ManyRunOptions extends RunOptions {
  /** Schedules in flight at once (default 6). */
  concurrency?: number;
  onReport?(report: RunReport): void;
}

/** Seeds first, first + 1, …, first + runs − 1; reports come back in seed order. */
export async function runSchedulesAsync(
  first: number,
  runs: number,
  options: ManyRunOptions = {},
): Promise<RunReport[]> {
  const reports: RunReport[] = new Array<RunReport>(runs);
  let next = 0;
  const workerAsync = async (): Promise<void> => {
    while (next < runs) {
      const index = next++;
      const report = await runScheduleAsync(makeSchedule(first + index), options);
      reports[index] = report;
      options.onReport?.(report);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 6, runs)) }, () => workerAsync()));
  return reports;
}

/** Queue schedules (many frames, candidates, close and resume) for seeds first … first + runs − 1. */
export async function runBatchSchedulesAsync(
  first: number,
  runs: number,
  options: ManyRunOptions = {},
): Promise<RunReport[]> {
  const reports: RunReport[] = new Array<RunReport>(runs);
  let next = 0;
  const workerAsync = async (): Promise<void> => {
    while (next < runs) {
      const index = next++;
      const report = await runBatchScheduleAsync(makeBatchSchedule(first + index), options);
      reports[index] = report;
      options.onReport?.(report);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 6, runs)) }, () => workerAsync()));
  return reports;
}
