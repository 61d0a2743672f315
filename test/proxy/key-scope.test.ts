// Issue #12 item 1: the key (the user's in pass-through mode, the server's in team mode) reaches only
// https://api.bfl.ai or a regional https://api.<region>.bfl.ai, on exactly /v1/flux-tools/outpainting-v1,
// /v1/get_result or /v1/credits, and never a delivery host. Every route is given host, path and encoding tricks, in
// both key modes, in-process (app.request) and inside workerd; a scripted upstream records every request on the
// wire, so "refused" means nobody was contacted (proxy/README.md, What it will fetch).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startNodeProxy,
  startWorkerdProxyAsync,
  type ProxySetup,
  type ProxyUnderTest,
  type UpstreamCall,
} from '../security/support/proxy-under-test';

const USER_KEY = 'bfl_user_key_for_key_scope';
const TEAM_TOKEN = 'team-token-for-key-scope-0123';
const SERVER_KEY = 'bfl_server_key_for_key_scope';
const DOCUMENTED_PATHS = ['/v1/flux-tools/outpainting-v1', '/v1/get_result', '/v1/credits'];

/** The rule, stated independently of proxy/upstream-policy.ts. */
function isApiTarget(raw: string): boolean {
  const url = new URL(raw);
  return (
    url.protocol === 'https:' &&
    url.port === '' &&
    url.username === '' &&
    url.password === '' &&
    /^api(\.[a-z][a-z0-9]*)?\.bfl\.ai$/.test(url.hostname) &&
    DOCUMENTED_PATHS.includes(url.pathname)
  );
}

/** polling_url values that must never be polled: other bfl.ai hosts, and paths that are not /v1/get_result as written. */
const POLL_TRICKS: [string, string][] = [
  ['the docs host', 'https://docs.bfl.ai/v1/get_result?id=t'],
  ['the status page host', 'https://status.bfl.ai/v1/get_result?id=t'],
  ['a delivery host', 'https://delivery-eu1.bfl.ai/v1/get_result?id=t'],
  ['bfl.ai itself', 'https://bfl.ai/v1/get_result?id=t'],
  ['two labels between api and bfl.ai', 'https://api.eu.x.bfl.ai/v1/get_result?id=t'],
  ['a hyphenated look-alike', 'https://api-eu.bfl.ai/v1/get_result?id=t'],
  ['a prefix look-alike', 'https://apix.bfl.ai/v1/get_result?id=t'],
  ['a punycode region label', 'https://api.xn--eu-xyz.bfl.ai/v1/get_result?id=t'],
  ['a trailing dot on the host', 'https://api.bfl.ai./v1/get_result?id=t'],
  ['a trailing dot on a regional host', 'https://api.eu.bfl.ai./v1/get_result?id=t'],
  ['the API host under a foreign domain', 'https://api.bfl.ai.evil.example/v1/get_result?id=t'],
  ['plain http', 'http://api.bfl.ai/v1/get_result?id=t'],
  ['a port', 'https://api.bfl.ai:8443/v1/get_result?id=t'],
  ['userinfo', 'https://user@api.bfl.ai/v1/get_result?id=t'],
  ['encoded slashes and dots into another path', 'https://api.bfl.ai/v1/finetune_delete%2F..%2F/v1/get_result'],
  ['encoded dot segments', 'https://api.bfl.ai/v1/%2e%2e/v1/get_result?id=t'],
  ['dot segments that resolve to get_result', 'https://api.bfl.ai/v1/finetune/../get_result?id=t'],
  ['a single-dot segment', 'https://api.bfl.ai/v1/./get_result?id=t'],
  ['get_result followed by dot segments', 'https://api.bfl.ai/v1/get_result/../credits'],
  ['a leading double slash', 'https://api.bfl.ai//v1/get_result?id=t'],
  ['a double slash inside', 'https://api.bfl.ai/v1//get_result?id=t'],
  ['a trailing slash', 'https://api.bfl.ai/v1/get_result/?id=t'],
  ['an encoded slash', 'https://api.bfl.ai/v1%2Fget_result?id=t'],
  ['an encoded underscore', 'https://api.bfl.ai/v1/get%5Fresult?id=t'],
  ['an encoded question mark', 'https://api.bfl.ai/v1/get_result%3Fid=t'],
  ['a path parameter', 'https://api.bfl.ai/v1/get_result;x=1?id=t'],
  ['an upper-case path', 'https://api.bfl.ai/V1/GET_RESULT?id=t'],
  ['backslashes as slashes', 'https://api.bfl.ai\\v1\\get_result?id=t'],
  ['a backslash inside the path', 'https://api.bfl.ai/v1\\get_result?id=t'],
  ['a tab inside the path', 'https://api.bfl.ai/v1/get_\tresult?id=t'],
  ['another API path', 'https://api.bfl.ai/v1/finetune_delete?id=t'],
  ['the credits path', 'https://api.bfl.ai/v1/credits'],
];

/** polling_url values that are polled, with the key, at exactly this URL. */
const POLL_ALLOWED: [string, string][] = [
  ['https://api.bfl.ai/v1/get_result?id=t', 'https://api.bfl.ai/v1/get_result?id=t'],
  ['https://api.eu.bfl.ai/v1/get_result?id=t', 'https://api.eu.bfl.ai/v1/get_result?id=t'],
  ['https://api.us.bfl.ai/v1/get_result?id=t', 'https://api.us.bfl.ai/v1/get_result?id=t'],
  ['https://api.eu1.bfl.ai/v1/get_result?id=t', 'https://api.eu1.bfl.ai/v1/get_result?id=t'],
  ['https://api.us3.bfl.ai/v1/get_result?id=t', 'https://api.us3.bfl.ai/v1/get_result?id=t'],
  // The same URL in another spelling is the same URL once parsed, and the parsed one is what is fetched.
  ['https://API.EU2.BFL.AI/v1/get_result?id=t', 'https://api.eu2.bfl.ai/v1/get_result?id=t'],
  ['https://api.bfl.ai:443/v1/get_result?id=t', 'https://api.bfl.ai/v1/get_result?id=t'],
];

/** Spellings of the submit and credits routes: each is either not a route (404) or reaches exactly the documented URL. */
const ROUTE_SPELLINGS = [
  '/v1/credits/',
  '//v1/credits',
  '/V1/CREDITS',
  '/v1/credits%2F..%2Ffinetune_delete',
  '/v1/credits;x=1',
  '/v1/./credits',
  '/v1/finetune/../credits',
  '/%2e%2e/v1/credits',
  '/v1/credits?u=https://evil.example/',
  '/v1/flux-tools/outpainting-v1/../../finetune_delete',
  '/v1/flux-tools/outpainting-v1%2F..%2F..%2Ffinetune_delete',
  '/v1/flux-tools//outpainting-v1',
];

const DELIVERY_ALLOWED = [
  'https://delivery-eu1.bfl.ai/results/t/sample.png?se=1&sig=2',
  'https://delivery-us1.bfl.ai/results/t/sample.png?se=1&sig=2',
  'https://delivery.eu.bfl.ai/results/t/sample.png?se=1&sig=2',
  'https://api.bfl.ai/v1/credits',
];

const DELIVERY_TRICKS = [
  'https://evil.example/x.png',
  'https://delivery-eu1.bfl.ai.evil.example/x.png',
  'https://delivery-eu1.bfl.ai./x.png',
  'https://delivery-eu1.bfl.ai:8443/x.png',
  'http://delivery-eu1.bfl.ai/x.png',
  'https://user:pw@delivery-eu1.bfl.ai/x.png',
  'https://evil.example\\@delivery-eu1.bfl.ai/x.png',
  'https://127.0.0.1/x.png',
];

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

/** Answers like BFL: the submit's polling_url and the poll's sample are regional and valid. */
function bflLike(call: UpstreamCall): Response {
  const path = new URL(call.url).pathname;
  if (path.endsWith('/outpainting-v1'))
    return Response.json({ id: 't', polling_url: 'https://api.eu2.bfl.ai/v1/get_result?id=t' });
  if (path.endsWith('/get_result'))
    return Response.json({
      id: 't',
      status: 'Ready',
      result: { sample: 'https://delivery-eu1.bfl.ai/results/t/sample.png?sig=1' },
    });
  if (path.endsWith('/credits')) return Response.json({ credits: 5 });
  return new Response(PNG, { headers: { 'Content-Type': 'image/png' } });
}

const modes = [
  ['pass-through', USER_KEY, USER_KEY, {}],
  ['team', TEAM_TOKEN, SERVER_KEY, { teamToken: TEAM_TOKEN, serverKey: SERVER_KEY }],
] as const;

const runtimes: [string, (setup: ProxySetup) => Promise<ProxyUnderTest>][] = [
  ['Node (app.request)', async (setup) => startNodeProxy(setup)],
  ['workerd', (setup) => startWorkerdProxyAsync(setup)],
];

describe.each(runtimes)('key scope on %s', (_runtime, startAsync) => {
  describe.each(modes)('in %s mode', (mode, presented, sentUpstream, secrets) => {
    let proxy: ProxyUnderTest;
    beforeAll(async () => {
      proxy = await startAsync({ upstream: 'https://api.bfl.ai', answer: bflLike, ...secrets });
    }, 120_000);
    afterAll(async () => {
      await proxy?.closeAsync();
    });

    const poll = (u: string) =>
      proxy.requestAsync(`/poll?u=${encodeURIComponent(u)}`, { headers: { 'x-key': presented } });

    it('refuses every host, path and encoding trick on /poll with 400 and contacts nobody', async () => {
      const before = proxy.calls.length;
      const answers: { label: string; status: number }[] = [];
      for (const [label, trick] of POLL_TRICKS) answers.push({ label, status: (await poll(trick)).status });
      expect(answers.filter((a) => a.status !== 400)).toEqual([]);
      expect(proxy.calls.slice(before)).toEqual([]);
    });

    it('polls BFL API hosts, global and regional, at exactly the parsed URL with the key', async () => {
      for (const [given, fetched] of POLL_ALLOWED) {
        const before = proxy.calls.length;
        const res = await poll(given);
        expect({ given, status: res.status }).toEqual({ given, status: 200 });
        expect(proxy.calls.slice(before).map((c) => [c.url, c.headers['x-key']])).toEqual([[fetched, sentUpstream]]);
      }
    });

    it('answers every other spelling of the submit and credits routes with 404, or calls exactly the documented URL', async () => {
      for (const path of ROUTE_SPELLINGS) {
        const before = proxy.calls.length;
        const isSubmit = path.includes('outpainting');
        const res = await proxy.requestAsync(path, {
          method: isSubmit ? 'POST' : 'GET',
          headers: { 'x-key': presented, 'Content-Type': 'application/json' },
          ...(isSubmit ? { body: '{"width":64,"height":64}' } : {}),
        });
        const made = proxy.calls.slice(before).map((c) => c.url);
        if (res.status === 404) expect({ path, made }).toEqual({ path, made: [] });
        else
          expect({ path, status: res.status, made }).toEqual({
            path,
            status: 200,
            made: [isSubmit ? 'https://api.bfl.ai/v1/flux-tools/outpainting-v1' : 'https://api.bfl.ai/v1/credits'],
          });
      }
    });

    it('downloads deliveries from *.bfl.ai hosts with no key at all, and refuses other hosts without contacting them', async () => {
      for (const u of DELIVERY_ALLOWED) {
        const before = proxy.calls.length;
        await proxy.requestAsync(`/delivery?u=${encodeURIComponent(u)}`, { headers: { 'x-key': presented } });
        const made = proxy.calls.slice(before);
        expect(made.map((c) => c.url)).toEqual([u]);
        expect(made[0]?.headers['x-key']).toBeUndefined();
      }
      const before = proxy.calls.length;
      for (const u of DELIVERY_TRICKS)
        expect({ u, status: (await proxy.requestAsync(`/delivery?u=${encodeURIComponent(u)}`)).status }).toEqual({
          u,
          status: 400,
        });
      expect(proxy.calls.slice(before)).toEqual([]);
    });

    it('sends the key only to API hosts on documented paths, and the team token nowhere, whatever each route is given', async () => {
      const before = proxy.calls.length;
      for (const [, u] of [...POLL_TRICKS, ...POLL_ALLOWED]) await poll(u);
      for (const path of ROUTE_SPELLINGS) await proxy.requestAsync(path, { headers: { 'x-key': presented } });
      for (const u of [...DELIVERY_ALLOWED, ...DELIVERY_TRICKS])
        await proxy.requestAsync(`/delivery?u=${encodeURIComponent(u)}`, { headers: { 'x-key': presented } });
      // A whole job as the plugin runs it: submit, the rewritten polling URL, the rewritten delivery URL.
      const submitted = await proxy.requestAsync('/v1/flux-tools/outpainting-v1', {
        method: 'POST',
        headers: { 'x-key': presented, 'Content-Type': 'application/json' },
        body: '{"width":64,"height":64}',
      });
      const pollUrl = new URL(((await submitted.json()) as { polling_url: string }).polling_url);
      const polled = await proxy.requestAsync(`${pollUrl.pathname}${pollUrl.search}`, {
        headers: { 'x-key': presented },
      });
      const sample = new URL(((await polled.json()) as { result: { sample: string } }).result.sample);
      expect(
        (await proxy.requestAsync(`${sample.pathname}${sample.search}`, { headers: { 'x-key': presented } })).status,
      ).toBe(200);

      const made = proxy.calls.slice(before);
      const keyed = made.filter((c) => c.headers['x-key'] !== undefined);
      expect(keyed.length).toBeGreaterThanOrEqual(POLL_ALLOWED.length + 2);
      expect(keyed.filter((c) => !isApiTarget(c.url) || c.headers['x-key'] !== sentUpstream)).toEqual([]);
      expect(made.filter((c) => !isApiTarget(c.url)).length).toBeGreaterThanOrEqual(DELIVERY_ALLOWED.length);
      if (mode === 'team') expect(JSON.stringify(made)).not.toContain(TEAM_TOKEN);
    });

    it('refuses an answer whose polling_url or sample the key must not follow', async () => {
      const forged = await startAsync({
        upstream: 'https://api.bfl.ai',
        ...secrets,
        answer: (call) =>
          call.url.includes('outpainting')
            ? Response.json({ id: 't', polling_url: 'https://docs.bfl.ai/v1/get_result?id=t' })
            : Response.json({ id: 't', status: 'Ready', result: { sample: 'https://evil.example/sample.png' } }),
      });
      try {
        const submitted = await forged.requestAsync('/v1/flux-tools/outpainting-v1', {
          method: 'POST',
          headers: { 'x-key': presented, 'Content-Type': 'application/json' },
          body: '{}',
        });
        const polled = await forged.requestAsync(
          `/poll?u=${encodeURIComponent('https://api.eu2.bfl.ai/v1/get_result?id=t')}`,
          { headers: { 'x-key': presented } },
        );
        expect([submitted.status, polled.status]).toEqual([502, 502]);
        expect(await submitted.text()).not.toContain('docs.bfl.ai');
      } finally {
        await forged.closeAsync();
      }
    }, 120_000);
  });
});
