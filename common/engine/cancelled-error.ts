// The worker and the CLI tell a user-requested stop apart from a failure by the error's name,
// because `instanceof` does not survive a postMessage boundary.
export class CancelledError extends Error {
  override name = 'CancelledError';
  constructor() {
    super('Extension cancelled');
  }
}

export function throwIfCancelled(shouldCancel: (() => boolean) | undefined): void {
  if (shouldCancel !== undefined && shouldCancel()) throw new CancelledError();
}
