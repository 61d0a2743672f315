// The state of the variants / extend / launch workflows, kept apart from the app reducer: it only says what the
// workflow is doing; each outpaint still shows its own progress in the job footer.
export type WorkflowState =
  | { phase: 'idle' }
  | { phase: 'creating'; what: 'variants' | 'extend' }
  | { phase: 'outpainting'; index: number; total: number; name: string }
  | { phase: 'finished'; message: string }
  | { phase: 'failed'; message: string };

export interface WorkflowStore {
  getState(): WorkflowState;
  set(state: WorkflowState): void;
  subscribe(listener: () => void): () => void;
}

export function createWorkflowStore(): WorkflowStore {
  let state: WorkflowState = { phase: 'idle' };
  const listeners = new Set<() => void>();
  return {
    getState: () => state,
    set(next) {
      state = next;
      for (const listener of [...listeners]) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export function isWorkflowBusy(state: WorkflowState): boolean {
  return state.phase === 'creating' || state.phase === 'outpainting';
}
