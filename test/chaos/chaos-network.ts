// The network of a chaos run: the UI's fetch → the real proxy app (in process) → the strict fake BFL on
// 127.0.0.1, with faults injected at three places: in the fake itself (429, 5xx, dropped sockets, task
// outcomes), between proxy and fake (malformed JSON, expired delivery links), and between UI and proxy
// (slow and stalled downloads, which need the UI's own abort signal to end).
import { createApp } from '../../proxy/create-app';
import type { FetchLike } from '../../ui/api/bfl-client';
import { startFakeBflAsync, type FakeBfl, type FakeRoute } from '../fake-bfl/fake-bfl-server';
import type { Fault } from './schedule';
import type { VirtualClock } from './virtual-clock';

export const CHAOS_KEY = 'test-key';
export const PROXY_ORIGIN = 'http://proxy.chaos.test';
/** Delivery links live 10 minutes (docs/bfl-api.md, Delivery URLs). */
const LINK_TTL_MS = 600_000;
/** Virtual time a task takes at the fake: a few polls at the client's 1 s → 5 s backoff. */
const TASK_LATENCY_MS = 3_000;

export interface ChaosNetwork {
  fake: FakeBfl;
  /** The UI's fetch: through the proxy app to the fake. */
  uiFetch: FetchLike;
  /** Arms one job's network faults; nth counts start at this job's first request. Returns labels fired so far. */
  arm(faults: readonly Fault[]): void;
  /** Faults that actually happened since the last arm, by label. */
  fired(): string[];
  /**
   * Takes the UI's network away (or gives it back): every request fails as a real fetch does with no network
   * (a TypeError), before reaching the proxy.
   */
  setOffline(offline: boolean): void;
  /** Resolves when no request through the proxy is in flight (a closed UI's last request included). */
  drainAsync(): Promise<void>;
  closeAsync(): Promise<void>;
}

const EPOCH = Date.UTC(2026, 10, 25, 9, 0, 0);

function stalledBody(first: Uint8Array, signal: AbortSignal | null | undefined): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(first);
      // A real fetch body errors when its request is aborted; nothing else ever ends it.
      const fail = (): void => controller.error(new DOMException('The operation was aborted', 'AbortError'));
      if (signal?.aborted) fail();
      else signal?.addEventListener('abort', fail, { once: true });
    },
  });
}

export interface ChaosNetworkOptions {
  retryAfterSeconds: number | null;
  /** What every delivery link serves instead of the rendered image (a broken engine answer). */
  deliveryBody?: Uint8Array;
}

export async function startChaosNetworkAsync(clock: VirtualClock, options: ChaosNetworkOptions): Promise<ChaosNetwork> {
  const fake = await startFakeBflAsync({
    keys: [CHAOS_KEY],
    latencyMs: TASK_LATENCY_MS,
    now: () => EPOCH + clock.now(),
    retryAfterSeconds: options.retryAfterSeconds,
    credits: 1_000_000,
    ...(options.deliveryBody ? { deliveryBody: options.deliveryBody } : {}),
  });
  let armed: readonly Fault[] = [];
  let fired: string[] = [];
  const upstreamCounts = new Map<string, number>();
  const uiCounts = new Map<string, number>();
  const inFlight = new Set<Promise<unknown>>();
  let baseCounts = new Map<FakeRoute, number>();

  const bump = (counts: Map<string, number>, key: string): number => {
    const next = (counts.get(key) ?? 0) + 1;
    counts.set(key, next);
    return next;
  };

  const upstreamFetch: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const route = url.pathname.endsWith('/outpainting-v1')
      ? 'submit'
      : url.pathname.endsWith('/get_result')
        ? 'poll'
        : url.pathname.startsWith('/delivery/')
          ? 'delivery'
          : 'other';
    const nth = bump(upstreamCounts, route);
    if (route === 'delivery' && nth === 1 && armed.some((f) => f.kind === 'link-expired')) {
      fake.controls.advanceClock(LINK_TTL_MS + 1_000);
      fired.push('link-expired');
    }
    const response = await fetch(input, init);
    const garble = armed.find((f) => f.kind === 'malformed-json' && f.route === route && f.nth === nth);
    if (garble && response.ok) {
      await response.arrayBuffer();
      fired.push(`malformed-json/${route}`);
      return new Response('{"id": "7c1f", "polling_url": "http', {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
      });
    }
    return response;
  };

  const app = createApp({ fetch: upstreamFetch, upstream: fake.url, timeoutMs: 5_000, deliveryTimeoutMs: 5_000 });

  let offline = false;
  const uiFetch: FetchLike = (url, init) => {
    const work = (async (): Promise<Response> => {
      if (offline) throw new TypeError('fetch failed');
      const isDelivery = new URL(url).pathname === '/delivery';
      const nth = isDelivery ? bump(uiCounts, 'delivery') : 0;
      const slow = armed.find((f) => f.kind === 'slow-download');
      const stall = armed.find((f) => f.kind === 'stalled-download');
      const response = await app.request(url, init);
      if (isDelivery && slow?.kind === 'slow-download') {
        await new Promise((resolve) => setTimeout(resolve, slow.ms));
        if (nth === 1) fired.push('slow-download');
      }
      if (isDelivery && stall?.kind === 'stalled-download' && nth <= stall.count && response.ok) {
        const bytes = new Uint8Array(await response.arrayBuffer());
        fired.push('stalled-download');
        return new Response(stalledBody(bytes.subarray(0, Math.floor(bytes.length / 2)), init.signal), {
          status: 200,
          headers: response.headers,
        });
      }
      return response;
    })();
    inFlight.add(work);
    void work.then(
      () => inFlight.delete(work),
      () => inFlight.delete(work),
    );
    return work;
  };

  const fakeRoute = (fault: Fault): FakeRoute | null => ('route' in fault ? fault.route : null);

  return {
    fake,
    uiFetch,
    arm(faults) {
      armed = faults;
      fired = [];
      upstreamCounts.clear();
      uiCounts.clear();
      baseCounts = new Map(
        (['submit', 'poll', 'delivery'] as const).map((route) => [route, fake.state.requestsOn(route).length]),
      );
      for (const fault of faults) {
        const route = fakeRoute(fault);
        const base = route ? (baseCounts.get(route) ?? 0) : 0;
        if (fault.kind === '429-storm') {
          for (let n = 1; n <= fault.count; n++)
            fake.controls.addFault({ route: fault.route, nth: base + n, kind: 429 });
        } else if (fault.kind === 'server-error' || fault.kind === 'dropped-connection') {
          fake.controls.addFault({
            route: fault.route,
            nth: base + fault.nth,
            kind: fault.kind === 'server-error' ? fault.status : 'drop',
            // The fake does the work first only where there is work to lose: a created task on submit.
            afterEffect: fault.afterEffect && fault.route === 'submit',
          });
        }
      }
    },
    fired() {
      const fromFake: string[] = [];
      for (const fault of armed) {
        const route = fakeRoute(fault);
        if (
          route === null ||
          (fault.kind !== '429-storm' && fault.kind !== 'server-error' && fault.kind !== 'dropped-connection')
        )
          continue;
        const reached = fake.state.requestsOn(route).length - (baseCounts.get(route) ?? 0);
        const nth = fault.kind === '429-storm' ? 1 : fault.nth;
        if (reached >= nth) fromFake.push(`${fault.kind}/${route}`);
      }
      return [...fromFake, ...fired];
    },
    setOffline(value) {
      offline = value;
    },
    async drainAsync() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    closeAsync: () => fake.closeAsync(),
  };
}
