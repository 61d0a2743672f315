// The queue's commands, for components: each one goes to the job engine (ui/jobs/job-engine.ts).
import type { JobEngine } from '../jobs/job-engine';

export interface BatchCommands {
  run(): void;
  retry(rowId: string): void;
  cancel(rowId: string): void;
  cancelAll(): void;
  apply(rowId: string, candidate: number): void;
  discard(rowId: string): void;
  refreshCredits(): void;
}

export function createBatchCommands(runner: JobEngine): BatchCommands {
  return {
    run: () => void runner.outpaintSelectionAsync(),
    retry: (rowId) => void runner.retryAsync(rowId),
    cancel: (rowId) => runner.cancel(rowId),
    cancelAll: () => runner.cancelAll(),
    apply: (rowId, candidate) => void runner.applyAsync(rowId, candidate),
    discard: (rowId) => runner.discard(rowId),
    refreshCredits: () => void runner.refreshCreditsAsync(),
  };
}
