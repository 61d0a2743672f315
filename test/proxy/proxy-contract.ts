// The proxy's behaviour as the plugin and an attacker see it, written once and run against every
// runtime the proxy ships on: in-process through app.request() and inside workerd via Miniflare.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBflClient, type FetchLike } from '../../ui/api/bfl-client';
import { BflError } from '../../ui/api/bfl-error';
import { startFakeBflAsync, type FakeBfl } from '../fake-bfl/fake-bfl-server';
import { checkPlacementAsync, makeReferencePngAsync, realSleepAsync } from '../fake-bfl/test-images';

/** What a runtime needs to give the suite: a fetch into the proxy, configured as asked. */
export interface ProxyTarget {
  fetch: FetchLike;
  closeAsync(): Promise<void>;
}

export interface ProxyConfig {
  upstream: string;
  /** Set both for team mode. */
  teamToken?: string;
  serverKey?: string;
  maxBodyBytes: number;
}

export type StartProxyAsync = (config: ProxyConfig) => Promise<ProxyTarget>;

/** The proxy's public URL as the tests address it; the runtimes accept any host. */
export const PROXY = 'http://proxy.test';
export const USER_KEY = 'test-key';
export const SERVER_KEY = 'server-held-key';
export const TEAM_TOKEN = 'team-token-0123456789';
export const BODY_LIMIT = 1_000_000;
/** Starting workerd takes seconds on a busy 2-core machine. */
const START_TIMEOUT_MS = 90_000;

export function ssrfTricks(upstream: string): string[] {
  const port = new URL(upstream).port;
  return [
    'https://evil.example/v1/get_result?id=1',
    'http://api.bfl.ai/v1/get_result?id=1',
    'https://api.bfl.ai.evil.example/v1/get_result?id=1',
    'https://evil.example/v1/get_result?id=1#.bfl.ai',
    'https://evil.example\\@api.bfl.ai/v1/get_result?id=1',
    'https://user:pw@api.bfl.ai/v1/get_result?id=1',
    'https://api.bfl.ai@evil.example/v1/get_result?id=1',
    'https://api.bfl.ai:8443/v1/get_result?id=1',
    'https://127.0.0.1/v1/get_result?id=1',
    'https://2130706433/v1/get_result?id=1',
    'https://0x7f.1/v1/get_result?id=1',
    'https://[::1]/v1/get_result?id=1',
    'https://169.254.169.254/v1/get_result?id=1',
    'https://bfl.ai.evil.example./v1/get_result?id=1',
    `http://127.0.0.1:${Number(port) + 1}/v1/get_result?id=1`,
    `http://localhost:${port}/v1/get_result?id=1`,
    'file:///etc/passwd',
    '/v1/get_result?id=1',
    '',
  ];
}

export function describeProxyContract(runtime: string, startProxyAsync: StartProxyAsync): void {
  describe(`proxy contract on ${runtime}: pass-through key`, () => {
    let fake: FakeBfl;
    let proxy: ProxyTarget;

    beforeAll(async () => {
      fake = await startFakeBflAsync({ latencyMs: 30, retryAfterSeconds: 3 });
      proxy = await startProxyAsync({ upstream: fake.url, maxBodyBytes: BODY_LIMIT });
    }, START_TIMEOUT_MS);
    afterAll(async () => {
      await proxy.closeAsync();
      await fake.closeAsync();
    });

    const client = () =>
      createBflClient({
        baseUrl: PROXY,
        apiKey: USER_KEY,
        fetch: proxy.fetch,
        now: Date.now,
        sleepAsync: realSleepAsync,
        pollIntervalMs: 5,
        maxPollIntervalMs: 20,
      });

    it('runs submit, poll and download end to end with the reference placed pixel-exactly', async () => {
      const { image, png } = await makeReferencePngAsync(40, 30);
      const result = await client().outpaintAsync({ image: png, width: 90, height: 70, offsetX: 25, offsetY: 3 });
      expect(await checkPlacementAsync(result.bytes, image, 25, 3)).toEqual({ width: 90, height: 70, wrongPixels: 0 });
    });

    it('rewrites polling_url and result.sample onto itself, keeping the regional URL inside', async () => {
      const { png } = await makeReferencePngAsync(40, 30);
      const api = client();
      const task = await api.submitOutpaintAsync({ image: png, width: 90, height: 70, offsetX: 0, offsetY: 0 });
      expect(task.pollingUrl).toBe(
        `${PROXY}/poll?u=${encodeURIComponent(`${fake.url}/eu2/v1/get_result?id=${task.id}`)}`,
      );
      const { sampleUrl } = await api.pollUntilDoneAsync(task.pollingUrl);
      expect(sampleUrl.startsWith(`${PROXY}/delivery?u=${encodeURIComponent(`${fake.url}/delivery/`)}`)).toBe(true);
    });

    it('never forwards x-key to the delivery path', async () => {
      const { png } = await makeReferencePngAsync(40, 30);
      await client().outpaintAsync({ image: png, width: 90, height: 70, offsetX: 0, offsetY: 0 });
      expect(fake.state.requestsOn('delivery').length).toBeGreaterThan(0);
      expect(fake.state.requestsOn('delivery').every((r) => r.headers['x-key'] === undefined)).toBe(true);
      expect(fake.state.deliveryRequestsWithKey).toBe(0);
    });

    it('answers a preflight from a null origin with Access-Control-Allow-Origin: *', async () => {
      const res = await proxy.fetch(`${PROXY}/v1/flux-tools/outpainting-v1`, {
        method: 'OPTIONS',
        headers: {
          Origin: 'null',
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'x-key,content-type',
        },
      });
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('access-control-allow-headers')).toMatch(/x-key/);
      expect(res.headers.get('access-control-allow-headers')).toMatch(/content-type/);
      expect(res.headers.get('access-control-allow-methods')).toMatch(/POST/);
    });

    it('puts CORS headers on API answers, errors and downloads alike', async () => {
      const credits = await proxy.fetch(`${PROXY}/v1/credits`, {
        method: 'GET',
        headers: { 'x-key': USER_KEY, Origin: 'null' },
      });
      const missing = await proxy.fetch(`${PROXY}/nowhere`, { method: 'GET' });
      const refused = await proxy.fetch(`${PROXY}/delivery?u=${encodeURIComponent('https://evil.example/x.png')}`, {
        method: 'GET',
      });
      for (const res of [credits, missing, refused]) expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect([credits.status, missing.status, refused.status]).toEqual([200, 404, 400]);
    });

    it('relays a 429 with its Retry-After, readable cross-origin', async () => {
      fake.controls.addFault({ route: 'submit', nth: fake.state.requestsOn('submit').length + 1, kind: 429 });
      const res = await proxy.fetch(`${PROXY}/v1/flux-tools/outpainting-v1`, {
        method: 'POST',
        headers: { 'x-key': USER_KEY, 'Content-Type': 'application/json' },
        body: '{}',
      });
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('3');
      expect(res.headers.get('access-control-expose-headers')).toMatch(/Retry-After/i);
    });

    it('relays the API key error for a wrong key and refuses a missing key without calling upstream', async () => {
      const before = fake.state.requestsOn('credits').length;
      const missing = await proxy.fetch(`${PROXY}/v1/credits`, { method: 'GET' });
      expect(missing.status).toBe(403);
      expect(fake.state.requestsOn('credits').length).toBe(before);
      const wrong = await proxy.fetch(`${PROXY}/v1/credits`, { method: 'GET', headers: { 'x-key': 'wrong' } });
      expect(wrong.status).toBe(403);
      expect(await wrong.json()).toEqual({ detail: 'Not authenticated - Invalid Authentication' });
    });

    it('refuses every SSRF trick on /poll and /delivery without contacting anyone', async () => {
      const seen = fake.state.requests.length;
      for (const route of ['poll', 'delivery']) {
        for (const trick of ssrfTricks(fake.url)) {
          const res = await proxy.fetch(`${PROXY}/${route}?u=${encodeURIComponent(trick)}`, {
            method: 'GET',
            headers: { 'x-key': USER_KEY },
          });
          expect({ route, trick, status: res.status }).toEqual({ route, trick, status: 400 });
        }
      }
      expect(fake.state.requests.length).toBe(seen);
    });

    it('polls only get_result URLs, even on an allowed host', async () => {
      const res = await proxy.fetch(`${PROXY}/poll?u=${encodeURIComponent(`${fake.url}/v1/credits`)}`, {
        method: 'GET',
        headers: { 'x-key': USER_KEY },
      });
      expect(res.status).toBe(400);
    });

    it('refuses a body over the limit with 413 before it reaches the API', async () => {
      const before = fake.state.requestsOn('submit').length;
      const body = JSON.stringify({ input_image: 'A'.repeat(BODY_LIMIT + 10), width: 64, height: 64 });
      const res = await proxy.fetch(`${PROXY}/v1/flux-tools/outpainting-v1`, {
        method: 'POST',
        headers: { 'x-key': USER_KEY, 'Content-Type': 'application/json' },
        body,
      });
      expect(res.status).toBe(413);
      expect(fake.state.requestsOn('submit').length).toBe(before);
    });

    it('surfaces an expired delivery link as 403, which the client reports as expired', async () => {
      const { png } = await makeReferencePngAsync(40, 30);
      const api = client();
      const task = await api.submitOutpaintAsync({ image: png, width: 90, height: 70, offsetX: 0, offsetY: 0 });
      const { sampleUrl } = await api.pollUntilDoneAsync(task.pollingUrl);
      fake.controls.advanceClock(601_000);
      try {
        await expect(api.downloadAsync(sampleUrl)).rejects.toSatisfy(
          (e: unknown) => e instanceof BflError && e.code === 'expired',
        );
      } finally {
        fake.controls.advanceClock(-601_000);
      }
    });
  });

  describe(`proxy contract on ${runtime}: server-held key with a team token`, () => {
    let fake: FakeBfl;
    let proxy: ProxyTarget;

    beforeAll(async () => {
      fake = await startFakeBflAsync({ latencyMs: 0, keys: [SERVER_KEY] });
      proxy = await startProxyAsync({
        upstream: fake.url,
        maxBodyBytes: BODY_LIMIT,
        teamToken: TEAM_TOKEN,
        serverKey: SERVER_KEY,
      });
    }, START_TIMEOUT_MS);
    afterAll(async () => {
      await proxy.closeAsync();
      await fake.closeAsync();
    });

    it.each([
      ['missing', undefined],
      ['wrong', 'team-token-0123456780'],
      ['a prefix of the', 'team-token'],
      ['the server key instead of the', SERVER_KEY],
    ])('refuses a %s team token with 403 and never calls the API', async (_what, token) => {
      const before = fake.state.requests.length;
      const res = await proxy.fetch(`${PROXY}/v1/credits`, {
        method: 'GET',
        headers: token === undefined ? {} : { 'x-key': token },
      });
      expect(res.status).toBe(403);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(fake.state.requests.length).toBe(before);
    });

    it('swaps a valid team token for the server key on every API call, and sends neither to delivery', async () => {
      const { image, png } = await makeReferencePngAsync(40, 30);
      const api = createBflClient({
        baseUrl: PROXY,
        apiKey: TEAM_TOKEN,
        fetch: proxy.fetch,
        now: Date.now,
        sleepAsync: realSleepAsync,
        pollIntervalMs: 5,
      });
      const result = await api.outpaintAsync({ image: png, width: 64, height: 64, offsetX: 1, offsetY: 2 });
      expect((await checkPlacementAsync(result.bytes, image, 1, 2)).wrongPixels).toBe(0);
      const apiCalls = fake.state.requests.filter((r) => r.route === 'submit' || r.route === 'poll');
      expect(apiCalls.every((r) => r.headers['x-key'] === SERVER_KEY)).toBe(true);
      expect(fake.state.requests.some((r) => r.headers['x-key'] === TEAM_TOKEN)).toBe(false);
      expect(fake.state.requestsOn('delivery').every((r) => r.headers['x-key'] === undefined)).toBe(true);
    });
  });
}
