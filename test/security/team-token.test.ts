// Issue #7 item 4, team mode (proxy/README.md "Key modes"): the plugin presents a team token, the
// proxy checks it (constant-time, proxy/team-token.ts) and sends its own key upstream. Any token but the
// exact one is refused with 403 on every authenticated route before anything goes upstream; the right
// one is swapped for the server key and never forwarded itself. Checked on the wire, Node and workerd.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNodeProxy, startWorkerdProxyAsync, type ProxyUnderTest } from './support/proxy-under-test';

const TEAM_TOKEN = 'Team-Token-9f2c41d7e3';
const SERVER_KEY = 'bfl_server_held_key_5a1b';
const UPSTREAM = 'https://api.bfl.ai';
const POLL = `/poll?u=${encodeURIComponent('https://api.eu2.bfl.ai/v1/get_result?id=t')}`;
const DELIVERY = `/delivery?u=${encodeURIComponent('https://delivery-eu1.bfl.ai/results/t/sample.png?se=1&sig=2')}`;

const WRONG_TOKENS: [string, string | undefined][] = [
  ['no x-key header', undefined],
  ['an empty token', ''],
  ['a different token of the same length', 'Team-Token-9f2c41d7e4'],
  ['a prefix of the token', 'Team-Token-9f2c41d7e'],
  ['the token with a suffix', `${TEAM_TOKEN}0`],
  ['the token in lower case', TEAM_TOKEN.toLowerCase()],
  // (Surrounding spaces are not a different token: HTTP strips them from header values, RFC 9110 §5.5.)
  ['the token with a space inside', TEAM_TOKEN.replace('-9', '- 9')],
  ['the server key itself', SERVER_KEY],
  ['a look-alike with a Cyrillic letter', TEAM_TOKEN.replace('e', '\u0435')],
  ['a 10 kB token', 'x'.repeat(10_000)],
];

const ROUTES: [string, string, RequestInit][] = [
  [
    'submit',
    '/v1/flux-tools/outpainting-v1',
    { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"width":64,"height":64}' },
  ],
  ['credits', '/v1/credits', {}],
  ['poll', POLL, {}],
];

function withToken(init: RequestInit, token: string | undefined): RequestInit {
  const headers = new Headers(init.headers);
  if (token !== undefined) headers.set('x-key', token);
  return { ...init, headers: Object.fromEntries(headers.entries()) };
}

const runtimes: [string, () => Promise<ProxyUnderTest>][] = [
  [
    'Node',
    async () =>
      startNodeProxy({
        upstream: UPSTREAM,
        teamToken: TEAM_TOKEN,
        serverKey: SERVER_KEY,
        answer: (call) =>
          call.url.includes('outpainting')
            ? Response.json({ id: 't', polling_url: 'https://api.eu2.bfl.ai/v1/get_result?id=t' })
            : Response.json({ credits: 5 }),
      }),
  ],
  [
    'workerd',
    () =>
      startWorkerdProxyAsync({
        upstream: UPSTREAM,
        teamToken: TEAM_TOKEN,
        serverKey: SERVER_KEY,
        answer: (call) =>
          call.url.includes('outpainting')
            ? Response.json({ id: 't', polling_url: 'https://api.eu2.bfl.ai/v1/get_result?id=t' })
            : Response.json({ credits: 5 }),
      }),
  ],
];

describe.each(runtimes)('team token on %s', (_name, startAsync) => {
  let proxy: ProxyUnderTest;
  beforeAll(async () => {
    proxy = await startAsync();
  }, 120_000);
  afterAll(async () => {
    await proxy?.closeAsync();
  });

  it('refuses every wrong token on every authenticated route with 403, sending nothing upstream', async () => {
    const answers: { route: string; token: string; status: number }[] = [];
    for (const [label, token] of WRONG_TOKENS.filter(([, t]) => t === undefined || /^[\x20-\x7e]*$/.test(t))) {
      for (const [route, path, init] of ROUTES) {
        const res = await proxy.requestAsync(path, withToken(init, token));
        answers.push({ route, token: label, status: res.status });
        expect(res.headers.get('access-control-allow-origin')).toBe('*');
        const body = await res.text();
        expect(body).not.toContain(SERVER_KEY);
      }
    }
    expect(answers.filter((a) => a.status !== 403)).toEqual([]);
    expect(answers.length).toBeGreaterThanOrEqual(27);
    expect(proxy.calls).toEqual([]);
  });

  it('refuses a token with a non-ASCII look-alike letter, sent as UTF-8 bytes', async () => {
    const lookAlike = WRONG_TOKENS.find(([label]) => label.includes('Cyrillic'))?.[1] ?? '';
    const asLatin1 = Buffer.from(lookAlike, 'utf8').toString('latin1');
    const res = await proxy.requestAsync('/v1/credits', { headers: { 'x-key': asLatin1 } });
    expect(res.status).toBe(403);
    expect(proxy.calls).toEqual([]);
  });

  it('swaps the right token for the server key on submit, poll and credits, and forwards the token nowhere', async () => {
    for (const [route, path, init] of ROUTES) {
      const res = await proxy.requestAsync(path, withToken(init, TEAM_TOKEN));
      expect({ route, status: res.status }).toEqual({ route, status: 200 });
      expect(await res.text()).not.toContain(SERVER_KEY);
    }
    expect(proxy.calls.map((c) => c.headers['x-key'])).toEqual([SERVER_KEY, SERVER_KEY, SERVER_KEY]);
    expect(JSON.stringify(proxy.calls)).not.toContain(TEAM_TOKEN);
  });

  it('sends neither the token nor the server key with a delivery download', async () => {
    const before = proxy.calls.length;
    await proxy.requestAsync(DELIVERY, withToken({}, TEAM_TOKEN));
    const sent = proxy.calls.slice(before);
    expect(sent).toHaveLength(1);
    expect(JSON.stringify(sent)).not.toContain(TEAM_TOKEN);
    expect(JSON.stringify(sent)).not.toContain(SERVER_KEY);
    expect(sent[0]?.headers['x-key']).toBeUndefined();
  });
});
