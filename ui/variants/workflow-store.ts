// The state of the variants / extend / launch workflows, kept apart from the app reducer: it only says what the
// workflow is doing; each outpaint still shows its own progress in the job footer.
import { createValueStore, type ValueStore } from '../state/value-store';

export type WorkflowState =
  | { phase: 'idle' }
  | { phase: 'creating'; what: 'variants' | 'extend' }
  /** `index`: how many of `total` frames have settled (they run in parallel); `name` when there is one frame. */
  | { phase: 'outpainting'; index: number; total: number; name: string }
  | { phase: 'finished'; message: string }
  | { phase: 'failed'; message: string };

export type WorkflowStore = ValueStore<WorkflowState>;

export function createWorkflowStore(): WorkflowStore {
  return createValueStore<WorkflowState>({ phase: 'idle' });
}

export function isWorkflowBusy(state: WorkflowState): boolean {
  return state.phase === 'creating' || state.phase === 'outpainting';
}
