// Issue #7 item 4: the BFL key goes only to the API host. A full client job runs through the proxy
// against the strict fake while everything is recorded: the proxy's log, every request the fake saw,
// every request the client made, every answer it got, and all console output. The key (and in team
// mode the team token and the server-held key) must show up only where it belongs. Saved jobs are not
// checked yet: the resume store does not exist.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApp, type ProxyLogEntry } from '../../proxy/create-app';
import { createBflClient, type FetchLike } from '../../ui/api/bfl-client';
import { BflError } from '../../ui/api/bfl-error';
import { bytesToBase64 } from '../../ui/api/bytes-to-base64';
import { startFakeBflAsync, type FakeBfl } from '../fake-bfl/fake-bfl-server';
import { makeReferencePngAsync, realSleepAsync } from '../fake-bfl/test-images';
import { LOAD_KEY, startNodeProxyProcessAsync, type LoadTarget } from '../proxy/load-harness';

const USER_KEY = 'bfl_user_key_7f3a9c1e_do_not_leak';
const TEAM_TOKEN = 'team_token_41b8d2_do_not_leak';
const SERVER_KEY = 'bfl_server_key_c0ffee_do_not_leak';
const PROMPT = 'a secret prompt about the quarterly roadmap';
const PROXY = 'http://proxy.test';

interface ClientExchange {
  url: string;
  headers: Record<string, string>;
  answerHeaders: string;
  answerBody: string;
}

/** Everything printed through console.* while a test runs. */
let consoleOutput: string[] = [];
beforeEach(() => {
  consoleOutput = [];
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      consoleOutput.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
    });
  }
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** A fetch that records each request the client makes and the answer it reads (non-image answers only). */
function recordingFetch(inner: FetchLike, exchanges: ClientExchange[]): FetchLike {
  return async (url, init) => {
    const res = await inner(url, init);
    const isImage = (res.headers.get('content-type') ?? '').startsWith('image/');
    const body = isImage ? '' : await res.clone().text();
    const answerHeaders = JSON.stringify([...res.headers.entries()]);
    exchanges.push({
      url,
      headers: Object.fromEntries(new Headers(init.headers).entries()),
      answerHeaders,
      answerBody: body,
    });
    return res;
  };
}

function proxiedClient(app: ReturnType<typeof createApp>, apiKey: string, exchanges: ClientExchange[]) {
  return createBflClient({
    baseUrl: PROXY,
    apiKey,
    fetch: recordingFetch(async (url, init) => app.request(url, init), exchanges),
    now: Date.now,
    sleepAsync: realSleepAsync,
    pollIntervalMs: 5,
    maxPollIntervalMs: 20,
  });
}

describe('the user key in pass-through mode', () => {
  let fake: FakeBfl;
  beforeAll(async () => {
    fake = await startFakeBflAsync({ latencyMs: 20, keys: [USER_KEY] });
  });
  afterAll(async () => {
    await fake.closeAsync();
  });

  it('reaches only the API routes of the fake, never a delivery, a log line or the console', async () => {
    const log: ProxyLogEntry[] = [];
    const exchanges: ClientExchange[] = [];
    const app = createApp({
      fetch: (input, init) => fetch(input, init),
      upstream: fake.url,
      log: (entry) => log.push(entry),
    });
    const { png } = await makeReferencePngAsync(48, 40);
    const result = await proxiedClient(app, USER_KEY, exchanges).outpaintAsync({
      image: png,
      width: 96,
      height: 80,
      offsetX: 10,
      offsetY: 12,
      prompt: PROMPT,
    });
    expect(result.bytes.length).toBeGreaterThan(0);

    // The fake saw the key on submit and every poll, and on nothing else.
    const seen = fake.state.requests;
    expect(seen.filter((r) => r.route === 'delivery').length).toBe(1);
    for (const request of seen) {
      const carriesKey = JSON.stringify(request).includes(USER_KEY);
      expect({ route: request.route, carriesKey }).toEqual({
        route: request.route,
        carriesKey: request.route === 'submit' || request.route === 'poll',
      });
    }
    // The client sent the key to the proxy's API routes only, never to /delivery.
    const delivery = exchanges.filter((e) => new URL(e.url).pathname === '/delivery');
    expect(delivery).toHaveLength(1);
    expect(JSON.stringify(delivery)).not.toContain(USER_KEY);
    expect(
      exchanges
        .filter((e) => e.headers['x-key'] === USER_KEY)
        .every((e) => e.url.startsWith(PROXY) && new URL(e.url).pathname !== '/delivery'),
    ).toBe(true);
    // No answer echoes the key back.
    expect(exchanges.some((e) => e.answerBody.includes(USER_KEY) || e.answerHeaders.includes(USER_KEY))).toBe(false);

    const logged = JSON.stringify(log);
    expect(log.map((e) => e.route)).toEqual(expect.arrayContaining(['submit', 'poll', 'delivery']));
    for (const secret of [USER_KEY, PROMPT, bytesToBase64(png).slice(0, 40), 'get_result', '/delivery/', fake.url]) {
      expect(logged).not.toContain(secret);
    }
    expect(consoleOutput.join('\n')).not.toContain(USER_KEY);
  });

  it('never puts the key into an error the user sees, whatever went wrong', async () => {
    const wrongKey = `${USER_KEY}_typo`;
    const app = createApp({ fetch: (input, init) => fetch(input, init), upstream: fake.url });
    const { png } = await makeReferencePngAsync(48, 40);
    const messages: string[] = [];
    for (const [key, request] of [
      [wrongKey, { image: png, width: 96, height: 80, offsetX: 0, offsetY: 0 }],
      [USER_KEY, { image: png, width: 10, height: 80, offsetX: 0, offsetY: 0 }],
      [USER_KEY, { image: new Uint8Array([1, 2, 3]), width: 96, height: 80, offsetX: 0, offsetY: 0 }],
    ] as const) {
      const error = await proxiedClient(app, key, [])
        .outpaintAsync(request)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BflError);
      if (error instanceof BflError) messages.push(error.message, JSON.stringify(error.appError));
    }
    expect(messages.length).toBe(6);
    for (const message of messages) {
      expect(message).not.toContain(USER_KEY);
      expect(message).not.toContain(wrongKey);
    }
    expect(consoleOutput.join('\n')).not.toContain(USER_KEY);
  });
});

describe('the team token and the server-held key in team mode', () => {
  let fake: FakeBfl;
  beforeAll(async () => {
    fake = await startFakeBflAsync({ latencyMs: 20, keys: [SERVER_KEY] });
  });
  afterAll(async () => {
    await fake.closeAsync();
  });

  it('keeps the team token between plugin and proxy, and the server key between proxy and API', async () => {
    const log: ProxyLogEntry[] = [];
    const exchanges: ClientExchange[] = [];
    const app = createApp({
      fetch: (input, init) => fetch(input, init),
      upstream: fake.url,
      keyMode: { kind: 'team', teamToken: TEAM_TOKEN, serverKey: SERVER_KEY },
      log: (entry) => log.push(entry),
    });
    const { png } = await makeReferencePngAsync(48, 40);
    await proxiedClient(app, TEAM_TOKEN, exchanges).outpaintAsync({
      image: png,
      width: 96,
      height: 80,
      offsetX: 3,
      offsetY: 4,
      prompt: PROMPT,
    });

    const seenByApi = JSON.stringify(fake.state.requests);
    expect(seenByApi).not.toContain(TEAM_TOKEN);
    expect(JSON.stringify(fake.state.requestsOn('delivery'))).not.toContain(SERVER_KEY);
    expect(
      fake.state.requests
        .filter((r) => r.route === 'submit' || r.route === 'poll')
        .every((r) => r.headers['x-key'] === SERVER_KEY),
    ).toBe(true);
    // The plugin never sees the server key, in any answer.
    expect(exchanges.length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(exchanges)).not.toContain(SERVER_KEY);
    const logged = JSON.stringify(log) + consoleOutput.join('\n');
    for (const secret of [TEAM_TOKEN, SERVER_KEY, PROMPT]) expect(logged).not.toContain(secret);
  });
});

describe('npm run proxy (Node process) with its request log on', () => {
  let fake: FakeBfl;
  let proxy: LoadTarget;
  beforeAll(async () => {
    fake = await startFakeBflAsync({ latencyMs: 20, keys: [SERVER_KEY, LOAD_KEY] });
    proxy = await startNodeProxyProcessAsync(fake.url, {
      log: true,
      env: { BFL_API_KEY: SERVER_KEY, TEAM_TOKEN: TEAM_TOKEN },
    });
  }, 90_000);
  afterAll(async () => {
    await proxy?.closeAsync();
    await fake?.closeAsync();
  });

  it('prints one line per request with no key, token, prompt, image or URL in it', async () => {
    const { png } = await makeReferencePngAsync(48, 40);
    const client = createBflClient({
      baseUrl: proxy.baseUrl,
      apiKey: TEAM_TOKEN,
      fetch: (url, init) => fetch(url, init),
      now: Date.now,
      sleepAsync: realSleepAsync,
      pollIntervalMs: 5,
    });
    await client.outpaintAsync({ image: png, width: 96, height: 80, offsetX: 1, offsetY: 2, prompt: PROMPT });
    await fetch(`${proxy.baseUrl}/v1/credits`, { headers: { 'x-key': 'a-wrong-token-typed-by-someone' } });
    const output = proxy.output?.() ?? '';
    const requestLines = output.split('\n').filter((line) => /^(GET|POST|OPTIONS) /.test(line));
    expect(requestLines.length).toBeGreaterThanOrEqual(4);
    expect(
      requestLines.every((line) =>
        /^(GET|POST|OPTIONS) (submit|credits|poll|delivery|preflight|other) \d{3} \d+ms$/.test(line),
      ),
    ).toBe(true);
    for (const secret of [
      TEAM_TOKEN,
      SERVER_KEY,
      'a-wrong-token-typed-by-someone',
      PROMPT,
      bytesToBase64(png).slice(0, 40),
      'get_result',
      '/delivery/',
    ]) {
      expect(output).not.toContain(secret);
    }
    // The start-up line names the upstream on purpose; request lines name no URL at all.
    expect(requestLines.join('\n')).not.toMatch(/https?:/);
  });
});
