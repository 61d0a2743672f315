// Holds the stored image bytes the sandbox sends once per hash, and lets a job wait for bytes still in flight.
import { appError, type AppError } from '../../common/protocol/errors';
import type { ImageBytesPort } from './job-ports';

export class ImageUnavailableError extends Error {
  constructor(readonly error: AppError) {
    super(error.message);
    this.name = 'ImageUnavailableError';
  }
}

export interface ImageBytesCache extends ImageBytesPort {
  put(hash: string, bytes: Uint8Array): void;
  fail(hash: string, error: AppError): void;
  has(hash: string): boolean;
}

type Waiter = { resolve: (bytes: Uint8Array) => void; reject: (e: unknown) => void };

export function createImageBytesCache(): ImageBytesCache {
  const bytesByHash = new Map<string, Uint8Array>();
  const failures = new Map<string, AppError>();
  const waiters = new Map<string, Set<Waiter>>();

  const settle = (hash: string, act: (w: Waiter) => void) => {
    const set = waiters.get(hash);
    waiters.delete(hash);
    set?.forEach(act);
  };

  return {
    put(hash, bytes) {
      bytesByHash.set(hash, bytes);
      failures.delete(hash);
      settle(hash, (w) => w.resolve(bytes));
    },
    fail(hash, error) {
      // A file found damaged after its bytes came (ui/app/image-decodes.ts) has nothing a job may use.
      bytesByHash.delete(hash);
      failures.set(hash, error);
      settle(hash, (w) => w.reject(new ImageUnavailableError(error)));
    },
    has: (hash) => bytesByHash.has(hash),
    getBytesAsync(hash, signal) {
      const ready = bytesByHash.get(hash);
      if (ready) return Promise.resolve(ready);
      const failure = failures.get(hash);
      if (failure) return Promise.reject(new ImageUnavailableError(failure));
      if (signal.aborted) return Promise.reject(new ImageUnavailableError(appError('cancelled', 'Cancelled.')));
      return new Promise<Uint8Array>((resolve, reject) => {
        const set = waiters.get(hash) ?? new Set<Waiter>();
        const waiter: Waiter = {
          resolve: (b) => {
            signal.removeEventListener('abort', onAbort);
            resolve(b);
          },
          reject: (e) => {
            signal.removeEventListener('abort', onAbort);
            reject(e);
          },
        };
        const onAbort = () => {
          set.delete(waiter);
          reject(new ImageUnavailableError(appError('cancelled', 'Cancelled.')));
        };
        signal.addEventListener('abort', onAbort, { once: true });
        set.add(waiter);
        waiters.set(hash, set);
      });
    },
  };
}
