// Tasks submitted together (a queue, a set's passes, candidates) usually finish together, while each poller backs
// off on its own schedule (×1.5 up to 5 s, docs/bfl-api.md "Submit, poll, download"): without a nudge the last
// frame of a batch can be found seconds after it was ready. When one poll sees its task Ready, every poller sleeping
// between polls looks again now — but never sooner than the first poll interval after its own last poll, so a batch
// finishing at once costs at most one extra poll per task per interval.

export interface PollNudge {
  /** Calls `wake` at the next nudge; the returned function stops listening (a wait that ended on its own). */
  listen(wake: () => void): () => void;
  /** Wakes every poller listening now. */
  nudge(): void;
}

export function createPollNudge(): PollNudge {
  const listeners = new Set<() => void>();
  return {
    listen(wake) {
      listeners.add(wake);
      return () => void listeners.delete(wake);
    },
    nudge() {
      const woken = [...listeners];
      listeners.clear();
      for (const wake of woken) wake();
    },
  };
}
