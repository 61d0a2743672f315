// A minimal store around the reducer: the job runner reads and dispatches through it; components subscribe.
import type { AppAction } from './app-action';
import { reduce } from './app-reducer';
import { INITIAL_STATE, type AppState } from './app-state';

export type Dispatch = (action: AppAction) => void;

export interface AppStore {
  getState(): AppState;
  dispatch: Dispatch;
  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

export function createAppStore(initial: AppState = INITIAL_STATE): AppStore {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    getState: () => state,
    dispatch(action) {
      const next = reduce(state, action);
      if (next === state) return;
      state = next;
      for (const listener of [...listeners]) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
