// The seam between the workflows and whatever outpaints frames: given node ids (the sandbox has just selected
// them), outpaint each. This implementation runs them one by one through the single-job runner; the batch runner
// (ui/batch/batch-runner.ts, which outpaints the current selection) can replace it behind the same type.
import type { AppStore } from '../state/app-store';
import type { JobRunner } from '../job/job-runner';
import { runBlocker } from '../state/app-selectors';

export interface OutpaintNodesResult {
  written: number;
  /** Frames not written, each with the reason the job gave. */
  failed: { nodeId: string; message: string }[];
}

export type OutpaintNodesAsync = (
  nodeIds: readonly string[],
  onNext: (index: number, nodeId: string) => void,
) => Promise<OutpaintNodesResult>;

export interface SequentialOutpaintDeps {
  store: AppStore;
  runner: Pick<JobRunner, 'startAsync'>;
  sleepAsync(ms: number): Promise<void>;
  /** How long to wait for the sandbox to report a frame in the selection. */
  selectionTimeoutMs?: number;
}

export const NOT_SELECTED_MESSAGE = 'The frame left the selection before it was outpainted. Select it and press Outpaint.';

export function createSequentialOutpaint(deps: SequentialOutpaintDeps): OutpaintNodesAsync {
  const { store } = deps;
  const timeoutMs = deps.selectionTimeoutMs ?? 10_000;

  /** Resolves true once `nodeId` is a target in the selection the sandbox reported, false after the timeout. */
  const waitForTargetAsync = (nodeId: string): Promise<boolean> =>
    new Promise<boolean>((resolve) => {
      const present = () => store.getState().selection?.targets.some((t) => t.nodeId === nodeId) === true;
      if (present()) return resolve(true);
      let settled = false;
      const finish = (value: boolean) => {
        if (settled) return;
        settled = true;
        unsubscribe();
        resolve(value);
      };
      const unsubscribe = store.subscribe(() => {
        if (present()) finish(true);
      });
      void deps.sleepAsync(timeoutMs).then(() => finish(present()));
    });

  return async (nodeIds, onNext) => {
    const result: OutpaintNodesResult = { written: 0, failed: [] };
    for (const [index, nodeId] of nodeIds.entries()) {
      onNext(index, nodeId);
      if (!(await waitForTargetAsync(nodeId))) {
        result.failed.push({ nodeId, message: NOT_SELECTED_MESSAGE });
        continue;
      }
      const before = store.getState().job;
      if (before.phase === 'done' || before.phase === 'failed') store.dispatch({ type: 'job/dismissed' });
      store.dispatch({ type: 'target/chosen', nodeId });
      const blocker = runBlocker(store.getState());
      if (blocker !== null) {
        result.failed.push({ nodeId, message: blocker });
        continue;
      }
      await deps.runner.startAsync();
      const job = store.getState().job;
      if (job.phase === 'done' && job.nodeId === nodeId) result.written += 1;
      else if (job.phase === 'failed' && job.nodeId === nodeId) result.failed.push({ nodeId, message: job.error.message });
      else result.failed.push({ nodeId, message: 'Outpaint could not start on this frame. Select it and press Outpaint.' });
      // Stop at a cancel: the designer asked for it, and the rest would start unasked.
      if (job.phase === 'failed' && job.error.code === 'cancelled') break;
    }
    return result;
  };
}
