// Issue #7 item 4: the proxy must refuse every SSRF trick on the two routes that take a URL from the
// caller (/poll?u=, /delivery?u=), on Node and inside workerd. "Refused" is checked on the wire: the
// scripted upstream records every outbound request, so a refusal means nobody was contacted.
// Policy: https on *.bfl.ai with the default port, no userinfo, no IP literal, or exactly the
// configured upstream's origin (proxy/README.md "What it will fetch"; docs/bfl-api.md, Hosts and regions / Delivery URLs).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startNodeProxy,
  startWorkerdProxyAsync,
  type ProxyUnderTest,
  type UpstreamCall,
} from './support/proxy-under-test';

const PRODUCTION = 'https://api.bfl.ai';
const DEVELOPMENT = 'http://127.0.0.1:8788';
const KEY = 'bfl_user_key_for_ssrf_tests';

/** Tricks that must be refused whatever the upstream, each labelled with what it tries. */
const TRICKS: [string, string][] = [
  ['a foreign host', 'https://evil.example/v1/get_result?id=1'],
  ['plain http on the real host', 'http://api.bfl.ai/v1/get_result?id=1'],
  ['the real host as a subdomain of a foreign one', 'https://api.bfl.ai.evil.com/v1/get_result?id=1'],
  ['a look-alike registrable domain', 'https://evilbfl.ai/v1/get_result?id=1'],
  ['bfl.ai itself without the dot', 'https://bfl.ai.evil.com/v1/get_result?id=1'],
  ['a percent-encoded dot into a foreign host', 'https://api.bfl.ai%2eevil.com/v1/get_result?id=1'],
  ['a percent-encoded slash in the host', 'https://evil.com%2f.bfl.ai/v1/get_result?id=1'],
  ['a percent-encoded @ in the host', 'https://evil.com%40api.bfl.ai/v1/get_result?id=1'],
  ['a percent-encoded # in the host', 'https://evil.com%23.bfl.ai/v1/get_result?id=1'],
  ['a percent-encoded NUL in the host', 'https://evil.com%00.bfl.ai/v1/get_result?id=1'],
  ['a punycode look-alike (Cyrillic a)', 'https://api.bfl.\u0430i/v1/get_result?id=1'],
  ['a raw punycode host', 'https://xn--api-bfl-ai.com/v1/get_result?id=1'],
  ['a trailing dot on a foreign host', 'https://evil.example./v1/get_result?id=1'],
  ['a trailing dot on the real host (not the exact suffix)', 'https://api.bfl.ai./v1/get_result?id=1'],
  ['a foreign host with a fragment that ends in .bfl.ai', 'https://evil.example/v1/get_result?id=1#.bfl.ai'],
  ['a query that ends in .bfl.ai', 'https://evil.example/v1/get_result?id=.bfl.ai'],
  ['userinfo naming the real host', 'https://api.bfl.ai@evil.example/v1/get_result?id=1'],
  ['userinfo on the real host', 'https://user:pw@api.bfl.ai/v1/get_result?id=1'],
  ['a user name only on the real host', 'https://user@api.bfl.ai/v1/get_result?id=1'],
  ['a newline hiding userinfo', 'https://api.bfl.ai\n@evil.example/v1/get_result?id=1'],
  ['a backslash before @ (special-scheme slash)', 'https://evil.example\\@api.bfl.ai/v1/get_result?id=1'],
  ['a backslash scheme separator', 'https:\\\\evil.example/v1/get_result?id=1'],
  ['a backslash then .bfl.ai path', 'https://evil.example\\.bfl.ai/v1/get_result?id=1'],
  ['a single-slash scheme', 'https:/evil.example/v1/get_result?id=1'],
  ['a scheme with no slashes', 'https:evil.example/v1/get_result?id=1'],
  ['a protocol-relative URL', '//evil.example/v1/get_result?id=1'],
  ['a relative path', '/v1/get_result?id=1'],
  ['a non-default port on the real host', 'https://api.bfl.ai:8443/v1/get_result?id=1'],
  ['port 80 on the real host over https', 'https://api.bfl.ai:80/v1/get_result?id=1'],
  ['loopback IPv4', 'https://127.0.0.1/v1/get_result?id=1'],
  ['loopback as one decimal number', 'https://2130706433/v1/get_result?id=1'],
  ['loopback in octal', 'https://0177.0.0.1/v1/get_result?id=1'],
  ['loopback as one octal number', 'https://017700000001/v1/get_result?id=1'],
  ['loopback as one hex number', 'https://0x7f000001/v1/get_result?id=1'],
  ['loopback in short hex form', 'https://0x7f.1/v1/get_result?id=1'],
  ['loopback in short decimal form', 'https://127.1/v1/get_result?id=1'],
  ['the unspecified address', 'https://0.0.0.0/v1/get_result?id=1'],
  ['zero as a host', 'https://0/v1/get_result?id=1'],
  ['IPv6 loopback', 'https://[::1]/v1/get_result?id=1'],
  ['IPv6 loopback written out', 'https://[0:0:0:0:0:0:0:1]/v1/get_result?id=1'],
  ['IPv4-mapped IPv6 loopback', 'https://[::ffff:127.0.0.1]/v1/get_result?id=1'],
  ['IPv6 link-local with a zone', 'https://[fe80::1%25eth0]/v1/get_result?id=1'],
  ['the cloud metadata address', 'https://169.254.169.254/latest/meta-data/v1/get_result'],
  ['the cloud metadata address in hex', 'https://0xa9fea9fe/v1/get_result?id=1'],
  ['a metadata host name', 'https://metadata.google.internal/v1/get_result?id=1'],
  ['localhost', 'https://localhost/v1/get_result?id=1'],
  ['a DNS name that resolves to loopback', 'https://127.0.0.1.nip.io/v1/get_result?id=1'],
  ['a file URL', 'file:///etc/passwd'],
  ['a data URL', 'data:application/json,{"status":"Ready"}'],
  ['a javascript URL', 'javascript:alert(1)//v1/get_result'],
  ['a blob URL on the real host', 'blob:https://api.bfl.ai/v1/get_result'],
  ['an ftp URL on the real host', 'ftp://api.bfl.ai/v1/get_result?id=1'],
  ['a websocket URL on the real host', 'wss://api.bfl.ai/v1/get_result?id=1'],
  ['leading whitespace and a foreign host', ' https://evil.example/v1/get_result?id=1'],
  ['an over-long URL on the real host', `https://api.bfl.ai/v1/get_result?id=${'a'.repeat(5000)}`],
  ['an empty value', ''],
];

/** Tricks aimed at the development setup, where the upstream is the fake on loopback. */
function developmentTricks(upstream: string): [string, string][] {
  const port = Number(new URL(upstream).port);
  return [
    ['the next port on the same loopback host', `http://127.0.0.1:${port + 1}/v1/get_result?id=1`],
    ['the same port by the name localhost', `http://localhost:${port}/v1/get_result?id=1`],
    [
      'the same port as a decimal IPv4',
      `http://2130706433:${port}/v1/get_result?id=1`.replace('2130706433', '2130706434'),
    ],
    ['the same port on IPv6 loopback', `http://[::1]:${port}/v1/get_result?id=1`],
    ['https on the same host and port', `https://127.0.0.1:${port}/v1/get_result?id=1`],
    ['a blob URL wrapping the upstream origin', `blob:${upstream}/v1/get_result`],
    ['userinfo on the upstream origin', `http://x:y@127.0.0.1:${port}/v1/get_result?id=1`],
  ];
}

/** URLs the proxy may fetch: they must reach exactly the host that was checked, with nothing added. */
const ALLOWED: [string, string, string][] = [
  ['the global API host', 'https://api.bfl.ai/v1/get_result?id=1', 'api.bfl.ai'],
  ['a regional cluster', 'https://api.eu2.bfl.ai/v1/get_result?id=1', 'api.eu2.bfl.ai'],
  ['upper case, normalised', 'https://API.BFL.AI/v1/get_result?id=1', 'api.bfl.ai'],
  ['an explicit default port', 'https://api.bfl.ai:443/v1/get_result?id=1', 'api.bfl.ai'],
  ['percent-encoded dots that spell the real host', 'https://api%2ebfl%2eai/v1/get_result?id=1', 'api.bfl.ai'],
  [
    'full-width letters that IDNA maps to the real host',
    'https://api.\uff42\uff46\uff4c.ai/v1/get_result?id=1',
    'api.bfl.ai',
  ],
  ['an ideographic full stop before bfl.ai', 'https://api\u3002bfl.ai/v1/get_result?id=1', 'api.bfl.ai'],
  ['a tab inside the host (stripped by the URL parser)', 'https://api.b\tfl.ai/v1/get_result?id=1', 'api.bfl.ai'],
];

function routePath(route: 'poll' | 'delivery', u: string): string {
  return `/${route}?u=${encodeURIComponent(u)}`;
}

const runtimes: [string, (upstream: string) => Promise<ProxyUnderTest>][] = [
  ['Node', async (upstream) => startNodeProxy({ upstream })],
  ['workerd', (upstream) => startWorkerdProxyAsync({ upstream })],
];

describe.each(runtimes)('SSRF tricks on %s', (_name, startAsync) => {
  let production: ProxyUnderTest;
  let development: ProxyUnderTest;

  beforeAll(async () => {
    production = await startAsync(PRODUCTION);
    development = await startAsync(DEVELOPMENT);
  }, 120_000);
  afterAll(async () => {
    await production?.closeAsync();
    await development?.closeAsync();
  });

  it('refuses every trick on /poll and /delivery with 400, contacting nobody', async () => {
    const answers: { route: string; label: string; status: number }[] = [];
    for (const proxy of [production, development]) {
      const tricks = proxy === development ? [...TRICKS, ...developmentTricks(DEVELOPMENT)] : TRICKS;
      for (const route of ['poll', 'delivery'] as const) {
        for (const [label, trick] of tricks) {
          const res = await proxy.requestAsync(routePath(route, trick), { headers: { 'x-key': KEY } });
          answers.push({ route, label, status: res.status });
          expect(res.headers.get('access-control-allow-origin')).toBe('*');
        }
      }
    }
    expect(answers.filter((a) => a.status !== 400)).toEqual([]);
    expect(answers.length).toBe(2 * (2 * TRICKS.length + developmentTricks(DEVELOPMENT).length));
    expect([...production.calls, ...development.calls]).toEqual([]);
  });

  it('explains a refusal without echoing the refused URL back', async () => {
    const res = await production.requestAsync(routePath('delivery', 'https://evil.example/x.png'));
    const body = await res.text();
    expect(body).toMatch(/bfl\.ai/);
    expect(body).not.toContain('evil.example');
  });

  it('refuses a double-encoded u instead of decoding it twice', async () => {
    const twice = encodeURIComponent(encodeURIComponent('https://evil.example/v1/get_result?id=1'));
    const res = await production.requestAsync(`/poll?u=${twice}`, { headers: { 'x-key': KEY } });
    expect(res.status).toBe(400);
    expect(production.calls).toEqual([]);
  });

  it('fetches an allowed URL on exactly the host it checked, over https on the default port', async () => {
    const fetched: string[] = [];
    for (const [, url, host] of ALLOWED) {
      const before = production.calls.length;
      const res = await production.requestAsync(routePath('poll', url), { headers: { 'x-key': KEY } });
      expect({ url, status: res.status }).toEqual({ url, status: 200 });
      const call: UpstreamCall | undefined = production.calls[before];
      expect(production.calls.length).toBe(before + 1);
      const sent = new URL(call?.url ?? 'about:blank');
      expect({ url, protocol: sent.protocol, host: sent.host, userinfo: sent.username + sent.password }).toEqual({
        url,
        protocol: 'https:',
        host,
        userinfo: '',
      });
      fetched.push(sent.host);
    }
    expect(fetched).toHaveLength(ALLOWED.length);
  });

  it('follows only the first of two u parameters, and only after checking that one', async () => {
    const good = encodeURIComponent('https://api.bfl.ai/v1/get_result?id=1');
    const evil = encodeURIComponent('https://evil.example/v1/get_result?id=1');
    const evilFirst = await production.requestAsync(`/poll?u=${evil}&u=${good}`, { headers: { 'x-key': KEY } });
    expect(evilFirst.status).toBe(400);
    const before = production.calls.length;
    await production.requestAsync(`/poll?u=${good}&u=${evil}`, { headers: { 'x-key': KEY } });
    expect(production.calls.slice(before).map((c) => new URL(c.url).host)).toEqual(['api.bfl.ai']);
  });

  it('polls only get_result paths, even with dot segments or a query that mentions get_result', async () => {
    const before = production.calls.length;
    for (const url of [
      'https://api.bfl.ai/v1/credits',
      'https://api.bfl.ai/v1/get_result/../credits',
      'https://api.bfl.ai/v1/get_result/%2e%2e/credits',
      'https://api.bfl.ai/v1/credits?next=/v1/get_result',
      'https://api.bfl.ai/v1/flux-tools/outpainting-v1#/v1/get_result',
    ]) {
      const res = await production.requestAsync(routePath('poll', url), { headers: { 'x-key': KEY } });
      expect({ url, status: res.status }).toEqual({ url, status: 400 });
    }
    expect(production.calls.length).toBe(before);
  });
});
