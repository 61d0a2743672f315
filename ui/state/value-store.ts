// The one store mechanism of the panel: a value, a setter and change listeners. The app store puts its reducer
// in front of it; the workflow store uses it as it is.
export interface SubscribableStore<S> {
  getState(): S;
  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

export interface ValueStore<S> extends SubscribableStore<S> {
  set(next: S): void;
}

export function createValueStore<S>(initial: S): ValueStore<S> {
  let state = initial;
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
