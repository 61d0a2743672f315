// BFL allows 24 active tasks per account and answers 429 beyond that (docs/bfl-api.md, Rate limits and concurrency). One limiter
// shared by every job in the UI keeps the plugin under the ceiling instead of provoking 429s.
import { BflError, cancelledError } from './bfl-error';

export const API_MAX_ACTIVE_TASKS = 24;

export interface TaskLimiter {
  /** Waits for a free slot; the returned function frees it (calling it twice frees it once). */
  acquireAsync(signal?: AbortSignal): Promise<() => void>;
  runAsync<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** Changes the ceiling (clamped to 1…24); waiting tasks start at once if the new ceiling allows. */
  setMax(max: number): void;
  readonly max: number;
  readonly active: number;
  readonly waiting: number;
}

interface Waiter {
  grant: (release: () => void) => void;
  reject: (error: BflError) => void;
}

export function clampConcurrency(max: number): number {
  if (!Number.isFinite(max)) return API_MAX_ACTIVE_TASKS;
  return Math.min(API_MAX_ACTIVE_TASKS, Math.max(1, Math.floor(max)));
}

export function createTaskLimiter(max: number = API_MAX_ACTIVE_TASKS): TaskLimiter {
  let ceiling = clampConcurrency(max);
  let active = 0;
  const queue: Waiter[] = [];

  const makeRelease = (): (() => void) => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      active -= 1;
      pump();
    };
  };

  const pump = (): void => {
    while (active < ceiling) {
      const next = queue.shift();
      if (!next) return;
      active += 1;
      next.grant(makeRelease());
    }
  };

  const acquireAsync = (signal?: AbortSignal): Promise<() => void> => {
    if (signal?.aborted) return Promise.reject(cancelledError());
    if (active < ceiling && queue.length === 0) {
      active += 1;
      return Promise.resolve(makeRelease());
    }
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        const index = queue.indexOf(waiter);
        if (index >= 0) queue.splice(index, 1);
        reject(cancelledError());
      };
      const waiter: Waiter = {
        grant: (release) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(release);
        },
        reject,
      };
      queue.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  };

  return {
    acquireAsync,
    async runAsync<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
      const release = await acquireAsync(signal);
      try {
        return await task();
      } finally {
        release();
      }
    },
    setMax(next: number) {
      ceiling = clampConcurrency(next);
      pump();
    },
    get max() {
      return ceiling;
    },
    get active() {
      return active;
    },
    get waiting() {
      return queue.length;
    },
  };
}
