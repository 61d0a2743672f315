// Tasks sent together finish together: when one poller sees its task Ready, the others look again at once instead
// of sleeping out their backed-off interval (ui/api/poll-nudge.ts). FLUX is a scripted fetch here: both tasks turn
// Ready the moment the test says so. The second task's poller backs off into a wait the test never ends by itself,
// so only a nudge can bring its result.
import { describe, expect, it } from 'vitest';
import { createBflClient, type FetchLike } from '../../../ui/api/bfl-client';
import { createPollNudge, type PollNudge } from '../../../ui/api/poll-nudge';
import { realSleepAsync } from '../../fake-bfl/test-images';
import { waitForAsync } from '../../support/wait-for';

const BASE = 'https://api.bfl.ai';
const POLL_MS = 40;

interface Poller {
  polls: number[];
  resultAsync: Promise<{ sampleUrl: string }>;
}

function scriptedFlux() {
  const state = { ready: false };
  const fetch: FetchLike = async (url) => {
    const id = new URL(url).searchParams.get('id') ?? '';
    const body = state.ready
      ? { id, status: 'Ready', result: { sample: `https://delivery-eu1.bfl.ai/${id}.png` } }
      : { id, status: 'Pending', progress: 0.5 };
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  };
  return { state, fetch };
}

/**
 * One task's poller. `stuckAfterMs`: a wait this long or longer never ends by itself (a backed-off poller that would
 * look again only much later); shorter waits are real.
 */
function poll(
  id: string,
  fetch: FetchLike,
  nudge: PollNudge | undefined,
  options: { maxPollIntervalMs: number; stuckAfterMs?: number },
): Poller {
  const polls: number[] = [];
  const client = createBflClient({
    baseUrl: BASE,
    apiKey: 'k',
    fetch: (url, init) => {
      polls.push(Date.now());
      return fetch(url, init);
    },
    now: Date.now,
    sleepAsync: (ms) =>
      options.stuckAfterMs !== undefined && ms >= options.stuckAfterMs ? new Promise(() => {}) : realSleepAsync(ms),
    pollIntervalMs: POLL_MS,
    maxPollIntervalMs: options.maxPollIntervalMs,
    timeoutMs: 60_000,
    ...(nudge ? { pollNudge: nudge } : {}),
  });
  return { polls, resultAsync: client.pollUntilDoneAsync(`${BASE}/v1/get_result?id=${id}`) };
}

/** The shared nudge, counting who listens when it goes out. */
function watchedNudge(): PollNudge & { listenersAtNudge: number[] } {
  const inner = createPollNudge();
  const active = new Set<object>();
  const listenersAtNudge: number[] = [];
  return {
    listenersAtNudge,
    listen(wake) {
      const token = {};
      active.add(token);
      const stop = inner.listen(() => {
        active.delete(token);
        wake();
      });
      return () => {
        active.delete(token);
        stop();
      };
    },
    nudge() {
      listenersAtNudge.push(active.size);
      inner.nudge();
    },
  };
}

describe('a task seen Ready wakes the pollers of the tasks sent with it', () => {
  it('the backed-off poller looks again as soon as its sibling is Ready, and gets its result', async () => {
    const flux = scriptedFlux();
    const nudge = watchedNudge();
    const quick = poll('a', flux.fetch, nudge, { maxPollIntervalMs: POLL_MS });
    const slow = poll('b', flux.fetch, nudge, { maxPollIntervalMs: 60_000, stuckAfterMs: 150 });
    // The slow poller's waits grow (40, 60, 90, 135 ms, then 202 ms: stuck) — it has polled five times.
    expect(await waitForAsync(() => slow.polls.length === 5, 10_000)).toBe(true);
    flux.state.ready = true;
    await expect(quick.resultAsync).resolves.toEqual({ sampleUrl: 'https://delivery-eu1.bfl.ai/a.png' });
    await expect(slow.resultAsync).resolves.toEqual({ sampleUrl: 'https://delivery-eu1.bfl.ai/b.png' });
    expect(nudge.listenersAtNudge[0]).toBe(1);
    expect(slow.polls).toHaveLength(6);
    // Never sooner than one poll interval after its own last poll.
    expect(slow.polls[5]! - slow.polls[4]!).toBeGreaterThanOrEqual(POLL_MS - 1);
  });

  it('a poller waiting out a failure (429, 5xx, network) is not woken: its back-off stays', async () => {
    const flux = scriptedFlux();
    const nudge = watchedNudge();
    let failures = 0;
    const failing: FetchLike = async (url, init) => {
      if (new URL(url).searchParams.get('id') === 'b' && failures < 1) {
        failures += 1;
        return new Response('busy', { status: 503 });
      }
      return flux.fetch(url, init);
    };
    // A 503's wait is twice the interval (80 ms): long enough to be "stuck" here.
    const slow = poll('b', failing, nudge, { maxPollIntervalMs: 60_000, stuckAfterMs: 80 });
    expect(await waitForAsync(() => slow.polls.length === 1, 10_000)).toBe(true);
    flux.state.ready = true;
    const quick = poll('a', flux.fetch, nudge, { maxPollIntervalMs: POLL_MS });
    await expect(quick.resultAsync).resolves.toEqual({ sampleUrl: 'https://delivery-eu1.bfl.ai/a.png' });
    // The nudge went out while the failed poller waited, and it was not listening.
    expect(nudge.listenersAtNudge).toEqual([0]);
    expect(slow.polls).toHaveLength(1);
  });
});
