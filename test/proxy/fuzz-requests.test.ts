// Issue #7 item 3: property tests of the proxy's request validation (proxy/upstream-policy.ts,
// proxy/create-app.ts). Whatever URL, method, path, header or body arrives, and whatever the upstream
// answers, the proxy never crashes (no 500), always answers with CORS, and only ever fetches https on
// *.bfl.ai (default port, no userinfo) or the configured upstream's exact origin. Seeds are fixed so a
// failure replays; fast-check prints the shrunk counterexample.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../proxy/create-app';

const UPSTREAM = 'http://127.0.0.1:8788';
const PROXY = 'http://proxy.test';
const KEY = 'fuzz-key';

interface Recorded {
  url: string;
  headers: Headers;
}

function proxyWith(answer: (url: string) => Response = () => Response.json({})) {
  const calls: Recorded[] = [];
  const app = createApp({
    fetch: async (input, init) => {
      const request = new Request(input, init);
      calls.push({ url: request.url, headers: request.headers });
      return answer(request.url);
    },
    upstream: UPSTREAM,
  });
  return { app, calls };
}

/** The policy stated independently of its implementation: what a fetched URL must look like. */
function isAllowedTarget(raw: string): boolean {
  const url = new URL(raw);
  if (url.username !== '' || url.password !== '') return false;
  if (url.origin === UPSTREAM && url.protocol === 'http:') return true;
  return (
    url.protocol === 'https:' &&
    url.port === '' &&
    url.hostname.endsWith('.bfl.ai') &&
    !/^[\d.]+$|^\[/.test(url.hostname)
  );
}

const schemes = fc.constantFrom(
  'https:',
  'http:',
  'HTTPS:',
  'ftp:',
  'file:',
  'blob:https:',
  'data:',
  'javascript:',
  'wss:',
  '',
);
const slashes = fc.constantFrom('//', '/', '', '\\\\', '/\\', '///');
const userinfo = fc.constantFrom('', 'user@', 'user:pw@', ':@', 'api.bfl.ai@', 'evil.example@', '%40@', 'a\\@');
const hosts = fc.oneof(
  fc.constantFrom(
    'api.bfl.ai',
    'api.eu2.bfl.ai',
    'delivery-us1.bfl.ai',
    'bfl.ai',
    '.bfl.ai',
    'evilbfl.ai',
    'api.bfl.ai.evil.example',
    'api.bfl.ai.',
    'api%2ebfl%2eai',
    'evil.example%2f.bfl.ai',
    'evil.example%23.bfl.ai',
    'xn--bfl-ai.example',
    'api.bfl.\u0430i',
    '127.0.0.1',
    '127.0.0.1:8788',
    'localhost:8788',
    '2130706433',
    '0x7f.1',
    '0177.0.0.1',
    '[::1]',
    '[::ffff:127.0.0.1]',
    '169.254.169.254',
    '',
  ),
  fc.stringMatching(/^[a-z0-9.%-]{1,20}$/).map((label) => `${label}.bfl.ai`),
  fc.stringMatching(/^[a-z0-9.%\\@:[\]-]{0,24}$/),
);
const ports = fc.constantFrom('', ':443', ':8443', ':80', ':0', ':8788', ':65536', ':-1', ':abc');
const paths = fc.constantFrom(
  '/v1/get_result',
  '/v1/get_result?id=1',
  '/results/x/sample.png?sig=1',
  '/v1/credits',
  '/v1/get_result/../credits',
  '',
  '#/v1/get_result',
  '?/v1/get_result',
);
const fragments = fc.constantFrom('', '#x', '#.bfl.ai', '?u=https://api.bfl.ai');

/** Near-valid URLs, so the property also covers the "followed" side of the policy. */
const nearValid = fc
  .tuple(
    fc.constantFrom('https://', 'HTTPS://', 'https://:@', 'https:\\\\', `${UPSTREAM}/`),
    fc
      .oneof(fc.constantFrom('api', 'api.eu2', 'delivery-eu1', 'API.US1'), fc.stringMatching(/^[a-z0-9-]{1,12}$/))
      .map((label) => `${label}.bfl.ai`),
    fc.constantFrom('', ':443'),
    fc.constantFrom('/v1/get_result?id=1', '/eu2/v1/get_result?id=2', '/results/x/sample.png?sig=1'),
  )
  .map(([scheme, host, port, path]) =>
    scheme.startsWith('http://127') ? `${scheme}${path}` : `${scheme}${host}${port}${path}`,
  );

/** URL-ish strings built from tricky parts, plus arbitrary text. */
const candidateUrls = fc.oneof(
  { weight: 2, arbitrary: nearValid },
  {
    weight: 4,
    arbitrary: fc.tuple(schemes, slashes, userinfo, hosts, ports, paths, fragments).map((parts) => parts.join('')),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 80 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }) },
);

describe('proxy URL policy under fuzzing', () => {
  it.each(['poll', 'delivery'] as const)(
    'on /%s fetches only allowed targets, once, or refuses with 400 and fetches nothing',
    async (route) => {
      const { app, calls } = proxyWith();
      let refused = 0;
      let followed = 0;
      await fc.assert(
        fc.asyncProperty(candidateUrls, async (u) => {
          const before = calls.length;
          const res = await app.request(`${PROXY}/${route}?u=${encodeURIComponent(u)}`, { headers: { 'x-key': KEY } });
          expect(res.headers.get('access-control-allow-origin')).toBe('*');
          const made = calls.slice(before);
          if (res.status === 400) {
            refused += 1;
            expect(made).toEqual([]);
          } else {
            followed += 1;
            expect(made).toHaveLength(1);
            expect(isAllowedTarget(made[0]?.url ?? 'about:blank')).toBe(true);
            if (route === 'delivery') expect(made[0]?.headers.get('x-key')).toBeNull();
          }
        }),
        { numRuns: 1500, seed: 7_2026 },
      );
      expect(refused + followed).toBe(1500);
      // The generator reaches both sides of the policy.
      expect(refused).toBeGreaterThan(100);
      expect(followed).toBeGreaterThan(10);
    },
  );
});

const methods = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD');
const requestPaths = fc.oneof(
  fc.constantFrom(
    '/v1/flux-tools/outpainting-v1',
    '/v1/credits',
    '/poll',
    '/delivery',
    '/health',
    '/',
    '/v1/get_result',
    '/poll/',
    '/POLL',
    '/%2e%2e/v1/credits',
    '//evil.example/poll',
  ),
  fc.stringMatching(/^\/[\w%./-]{0,30}$/),
);
const queries = fc.oneof(
  fc.constant(''),
  candidateUrls.map((u) => `?u=${encodeURIComponent(u)}`),
  fc.string({ maxLength: 40 }).map((q) => `?${q}`),
);
const headerValues = fc.stringMatching(/^[\x20-\x7e]{0,40}$/);
const bodies = fc.oneof(
  fc.constant(undefined),
  fc.string({ maxLength: 200 }),
  fc.json({ maxDepth: 3 }),
  fc.uint8Array({ maxLength: 200 }),
);

describe('proxy requests under fuzzing', () => {
  it('never answers 500 and always carries CORS, whatever method, path, headers and body arrive', async () => {
    const { app, calls } = proxyWith();
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        methods,
        requestPaths,
        queries,
        fc.option(headerValues),
        fc.option(headerValues),
        bodies,
        async (method, path, query, key, type, body) => {
          const headers: Record<string, string> = {};
          if (key !== null) headers['x-key'] = key;
          if (type !== null) headers['content-type'] = type;
          const canHaveBody = method !== 'GET' && method !== 'HEAD';
          let url: string;
          try {
            url = new URL(`${path}${query}`, PROXY).href;
          } catch {
            return;
          }
          const before = calls.length;
          const res = await app.request(url, {
            method,
            headers,
            ...(canHaveBody && body !== undefined ? { body } : {}),
          });
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          expect(res.status).not.toBe(500);
          expect(res.headers.get('access-control-allow-origin')).toBe('*');
          for (const call of calls.slice(before)) expect(isAllowedTarget(call.url)).toBe(true);
        },
      ),
      { numRuns: 1500, seed: 7_2027 },
    );
    // Refusals of several kinds were exercised, not only 404s.
    expect([...statuses.keys()].filter((s) => s >= 400).length).toBeGreaterThanOrEqual(3);
  });
});

const upstreamJson = fc.oneof(
  fc.json({ maxDepth: 3 }).map((text) => JSON.parse(text) as unknown),
  fc.record({ id: fc.string(), polling_url: candidateUrls }),
  fc.record({
    id: fc.string(),
    status: fc.constantFrom('Ready', 'Pending'),
    result: fc.oneof(fc.constant(null), fc.record({ sample: candidateUrls }), fc.anything()),
  }),
);

describe('upstream answers under fuzzing', () => {
  it('relays only polling and sample URLs that point back at the proxy and wrap an allowed target', async () => {
    let answer: unknown = {};
    const { app } = proxyWith(() => Response.json(answer));
    await fc.assert(
      fc.asyncProperty(upstreamJson, fc.constantFrom('submit', 'poll'), async (json, route) => {
        answer = json;
        const res =
          route === 'submit'
            ? await app.request(`${PROXY}/v1/flux-tools/outpainting-v1`, {
                method: 'POST',
                headers: { 'x-key': KEY, 'content-type': 'application/json' },
                body: '{}',
              })
            : await app.request(`${PROXY}/poll?u=${encodeURIComponent(`${UPSTREAM}/eu2/v1/get_result?id=1`)}`, {
                headers: { 'x-key': KEY },
              });
        expect(res.status).not.toBe(500);
        expect(res.headers.get('access-control-allow-origin')).toBe('*');
        if (res.status !== 200) return;
        const relayed: unknown = await res.json();
        const links: string[] = [];
        if (typeof relayed === 'object' && relayed !== null) {
          const record = relayed as Record<string, unknown>;
          if (route === 'submit' && typeof record['polling_url'] === 'string') links.push(record['polling_url']);
          const result = record['result'];
          if (
            route === 'poll' &&
            typeof result === 'object' &&
            result !== null &&
            typeof (result as Record<string, unknown>)['sample'] === 'string'
          ) {
            links.push(String((result as Record<string, unknown>)['sample']));
          }
        }
        for (const link of links) {
          const url = new URL(link);
          expect(url.origin).toBe(PROXY);
          expect(['/poll', '/delivery']).toContain(url.pathname);
          expect(isAllowedTarget(url.searchParams.get('u') ?? 'about:blank')).toBe(true);
        }
      }),
      { numRuns: 1000, seed: 7_2028 },
    );
  });
});
