// The queue's commands, for components: each one goes to the batch runner.
import type { BatchRunner } from './batch-runner';

export interface BatchCommands {
  run(): void;
  retry(rowId: string): void;
  cancel(rowId: string): void;
  cancelAll(): void;
  apply(rowId: string, candidate: number): void;
  discard(rowId: string): void;
  refreshCredits(): void;
}

export function createBatchCommands(runner: BatchRunner): BatchCommands {
  return {
    run: () => void runner.startAsync(),
    retry: (rowId) => void runner.retryAsync(rowId),
    cancel: (rowId) => runner.cancel(rowId),
    cancelAll: () => runner.cancelAll(),
    apply: (rowId, candidate) => void runner.applyAsync(rowId, candidate),
    discard: (rowId) => runner.discard(rowId),
    refreshCredits: () => void runner.refreshCreditsAsync(),
  };
}
