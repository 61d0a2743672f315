// Subscribes a component to the store and re-renders it on every change.
import { useEffect, useState } from 'preact/hooks';
import type { AppState } from './app-state';
import type { AppStore } from './app-store';

export function useAppState(store: AppStore): AppState {
  const [state, setState] = useState(store.getState());
  useEffect(() => {
    setState(store.getState());
    return store.subscribe(() => setState(store.getState()));
  }, [store]);
  return state;
}
