// Subscribes a component to a store (the app's or a workflow's) and re-renders it on every change.
import { useEffect, useState } from 'preact/hooks';
import type { SubscribableStore } from './value-store';

export function useStoreState<S>(store: SubscribableStore<S>): S {
  const [state, setState] = useState(store.getState());
  useEffect(() => {
    setState(store.getState());
    return store.subscribe(() => setState(store.getState()));
  }, [store]);
  return state;
}
