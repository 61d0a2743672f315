// A minimal store around the reducer: the job runner reads and dispatches through it; components subscribe.
import type { AppAction } from './app-action';
import { reduce } from './app-reducer';
import { INITIAL_STATE, type AppState } from './app-state';
import { createValueStore, type SubscribableStore } from './value-store';

export type Dispatch = (action: AppAction) => void;

export interface AppStore extends SubscribableStore<AppState> {
  dispatch: Dispatch;
}

export function createAppStore(initial: AppState = INITIAL_STATE): AppStore {
  const store = createValueStore(initial);
  return {
    getState: store.getState,
    subscribe: store.subscribe,
    dispatch(action) {
      const state = store.getState();
      const next = reduce(state, action);
      if (next !== state) store.set(next);
    },
  };
}
