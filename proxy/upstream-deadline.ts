// One upstream exchange's clock. Each request the proxy makes upstream runs under a signal that fires when the
// caller goes away (Request.signal: @hono/node-server aborts it when the client's connection closes,
// https://github.com/honojs/node-server) or when the current phase runs out of time, and the proxy then says which:
// a slow client body is 408, a silent upstream is 504 with a message, never a bare 500.
// Reads race the signal themselves instead of trusting the fetch implementation to error the body stream, so a
// body that stalls after its headers is cut off on every runtime.

export type DeadlinePhase =
  /** The caller's request body is still being streamed upstream. */
  | 'body'
  /** Waiting for, or reading, the upstream's answer. */
  | 'answer';

export interface UpstreamDeadline {
  readonly signal: AbortSignal;
  /** Starts `phase` with `ms` to run, replacing the previous phase's clock (no-op once cleared). */
  enter(phase: DeadlinePhase, ms: number): void;
  /** The phase the clock is running for. */
  phase(): DeadlinePhase;
  /** From now on only the clock ends the exchange, not the caller going away. */
  outliveCaller(): void;
  /** The phase that ran out of time, or null (not expired, or aborted by the caller). */
  expired(): DeadlinePhase | null;
  /** Stops the clock and lets go of the caller's signal (the exchange is over). */
  clear(): void;
}

export function startDeadline(callerSignal: AbortSignal, phase: DeadlinePhase, ms: number): UpstreamDeadline {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let expiredPhase: DeadlinePhase | null = null;
  let current = phase;
  let cleared = false;
  const onCallerAbort = (): void => controller.abort(callerSignal.reason);
  if (callerSignal.aborted) onCallerAbort();
  else callerSignal.addEventListener('abort', onCallerAbort, { once: true });
  const deadline: UpstreamDeadline = {
    signal: controller.signal,
    enter(next, nextMs) {
      if (cleared) return;
      clearTimeout(timer);
      current = next;
      timer = setTimeout(() => {
        expiredPhase = next;
        controller.abort(new DOMException(`The ${next} phase ran out of time`, 'TimeoutError'));
      }, nextMs);
    },
    phase: () => current,
    outliveCaller: () => callerSignal.removeEventListener('abort', onCallerAbort),
    expired: () => expiredPhase,
    clear() {
      cleared = true;
      clearTimeout(timer);
      callerSignal.removeEventListener('abort', onCallerAbort);
    },
  };
  deadline.enter(phase, ms);
  return deadline;
}

/** `promise`, or a rejection with the signal's reason as soon as `signal` fires. */
export function untilAbortedAsync<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
