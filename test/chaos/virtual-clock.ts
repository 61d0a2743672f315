// Virtual time for chaos runs: the FLUX client's polls, backoffs and Retry-After waits, and the fake
// server's task latency and link expiry, all read this clock, so a 5-minute poll budget runs in
// milliseconds. A sleep moves the clock to its own wake time and yields one macrotask, so real I/O
// (the proxy and the fake on 127.0.0.1) still interleaves.

export interface VirtualClock {
  now(): number;
  sleepAsync(ms: number): Promise<void>;
  /** Jumps forward, e.g. past a delivery link's expiry. */
  advance(ms: number): void;
}

export function createVirtualClock(start = 0): VirtualClock {
  let time = start;
  return {
    now: () => time,
    sleepAsync(ms) {
      const wake = time + Math.max(0, ms);
      return new Promise((resolve) =>
        setImmediate(() => {
          time = Math.max(time, wake);
          resolve();
        }),
      );
    },
    advance(ms) {
      time += ms;
    },
  };
}
