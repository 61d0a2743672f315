import { describe, expect, it } from 'vitest';
import { createApp, type ProxyDeps, type ProxyLogEntry } from '../../proxy/create-app';
import { waitForAsync } from '../support/wait-for';
import { describeProxyContract, PROXY, ssrfTricks } from './proxy-contract';

describeProxyContract('Node (app.request)', async (config) => {
  const app = createApp({
    fetch: (input, init) => fetch(input, init),
    upstream: config.upstream,
    maxBodyBytes: config.maxBodyBytes,
    ...(config.teamToken && config.serverKey
      ? { keyMode: { kind: 'team', teamToken: config.teamToken, serverKey: config.serverKey } }
      : {}),
  });
  return { fetch: async (url, init) => app.request(url, init), closeAsync: async () => {} };
});

/** An upstream scripted per test: answers each request with the next response from `answer`. */
function appWithUpstream(
  answer: (url: string, init: RequestInit | undefined) => Promise<Response>,
  extra: Partial<ProxyDeps> = {},
) {
  const calls: { url: string; init: RequestInit | undefined }[] = [];
  const app = createApp({
    fetch: async (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      calls.push({ url, init });
      return answer(url, init);
    },
    ...extra,
  });
  return { app, calls };
}

const submit = (app: ReturnType<typeof createApp>, key = 'user-key') =>
  app.request(`${PROXY}/v1/flux-tools/outpainting-v1`, {
    method: 'POST',
    headers: { 'x-key': key, 'Content-Type': 'application/json' },
    body: JSON.stringify({ input_image: 'iVBOR', width: 64, height: 64, prompt: 'secret prompt' }),
  });

describe('proxy against a scripted upstream', () => {
  it('forwards submit to https://api.bfl.ai by default with the caller key', async () => {
    const { app, calls } = appWithUpstream(async () =>
      Response.json({ id: 't', polling_url: 'https://api.us3.bfl.ai/v1/get_result?id=t' }),
    );
    const res = await submit(app);
    expect(res.status).toBe(200);
    expect(calls[0]?.url).toBe('https://api.bfl.ai/v1/flux-tools/outpainting-v1');
    expect(new Headers(calls[0]?.init?.headers).get('x-key')).toBe('user-key');
    expect(calls[0]?.init?.redirect).toBe('manual');
    expect((await res.json()).polling_url).toBe(
      `${PROXY}/poll?u=${encodeURIComponent('https://api.us3.bfl.ai/v1/get_result?id=t')}`,
    );
  });

  it('refuses to relay a polling_url on a foreign host', async () => {
    const { app } = appWithUpstream(async () =>
      Response.json({ id: 't', polling_url: 'https://evil.example/v1/get_result?id=t' }),
    );
    const res = await submit(app);
    expect(res.status).toBe(502);
    expect(JSON.stringify(await res.json())).not.toContain('evil.example');
  });

  it('refuses to relay a result.sample on a foreign host', async () => {
    const { app } = appWithUpstream(async () =>
      Response.json({ id: 't', status: 'Ready', result: { sample: 'http://169.254.169.254/latest' } }),
    );
    const res = await app.request(
      `${PROXY}/poll?u=${encodeURIComponent('https://api.eu2.bfl.ai/v1/get_result?id=t')}`,
      { headers: { 'x-key': 'k' } },
    );
    expect(res.status).toBe(502);
  });

  it('does not follow an upstream redirect to elsewhere', async () => {
    const { app, calls } = appWithUpstream(
      async () => new Response(null, { status: 302, headers: { Location: 'http://127.0.0.1:22/' } }),
    );
    const res = await app.request(
      `${PROXY}/delivery?u=${encodeURIComponent('https://delivery-eu1.bfl.ai/results/x/sample.png?sig=1')}`,
    );
    expect(res.status).toBe(502);
    expect(calls).toHaveLength(1);
  });

  it('answers 504 when the upstream does not answer in time', async () => {
    const { app } = appWithUpstream(
      (_url, init) =>
        new Promise((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
        }),
      { timeoutMs: 30 },
    );
    const res = await submit(app);
    expect(res.status).toBe(504);
  });

  it('answers 504 with a message, not a 500, when the upstream sends its headers and then stalls', async () => {
    const stalled = () =>
      new Response(new ReadableStream<Uint8Array>({ start: (c) => c.enqueue(new TextEncoder().encode('{"id":')) }), {
        headers: { 'Content-Type': 'application/json' },
      });
    const { app } = appWithUpstream(async () => stalled(), { timeoutMs: 50 });
    const res = await app.request(`${PROXY}/v1/credits`, { headers: { 'x-key': 'k' } });
    expect(res.status).toBe(504);
    expect(await res.json()).toEqual({ detail: expect.stringMatching(/stopped sending its answer and timed out/) });
  });

  it('aborts the upstream request as soon as the caller goes away', async () => {
    const { app, calls } = appWithUpstream(
      (_url, init) =>
        new Promise((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
        }),
    );
    const caller = new AbortController();
    const answer = app.request(`${PROXY}/v1/credits`, { headers: { 'x-key': 'k' }, signal: caller.signal });
    expect(await waitForAsync(() => calls.length === 1, 10_000)).toBe(true);
    caller.abort();
    await answer;
    expect(calls[0]?.init?.signal?.aborted).toBe(true);
  });

  it('lets a submit whose body has been sent finish when the caller leaves, since BFL may already be charging for it', async () => {
    let answer: (res: Response) => void = () => {};
    const { app, calls } = appWithUpstream(
      () =>
        new Promise((resolve) => {
          answer = resolve;
        }),
    );
    const caller = new AbortController();
    const submitted = app.request(`${PROXY}/v1/flux-tools/outpainting-v1`, {
      method: 'POST',
      headers: { 'x-key': 'k', 'Content-Type': 'application/json' },
      body: '{"width":64,"height":64}',
      signal: caller.signal,
    });
    expect(await waitForAsync(() => calls.length === 1, 10_000)).toBe(true);
    caller.abort();
    answer(Response.json({ id: 't', polling_url: 'https://api.eu2.bfl.ai/v1/get_result?id=t' }));
    expect((await submitted).status).toBe(200);
    expect(calls[0]?.init?.signal?.aborted).toBe(false);
  });

  it('answers 502 when the upstream is unreachable', async () => {
    const { app } = appWithUpstream(async () => {
      throw new TypeError('fetch failed');
    });
    expect((await submit(app)).status).toBe(502);
  });

  it('streams the delivery body instead of buffering the whole image', async () => {
    let finish: () => void = () => {};
    const rest = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const upstreamBody = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(new Uint8Array([1, 2, 3]));
        await rest;
        controller.enqueue(new Uint8Array([4, 5]));
        controller.close();
      },
    });
    const { app, calls } = appWithUpstream(
      async () => new Response(upstreamBody, { headers: { 'Content-Type': 'image/png' } }),
    );
    const res = await app.request(
      `${PROXY}/delivery?u=${encodeURIComponent('https://delivery-us1.bfl.ai/results/a/sample.png?se=1&sig=2')}`,
      {
        headers: { 'x-key': 'user-key' },
      },
    );
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const reader = res.body?.getReader();
    const first = await reader?.read();
    expect(Array.from(first?.value ?? [])).toEqual([1, 2, 3]);
    finish();
    const second = await reader?.read();
    expect(Array.from(second?.value ?? [])).toEqual([4, 5]);
    expect(new Headers(calls[0]?.init?.headers).get('x-key')).toBeNull();
  });

  it('refuses an oversize body announced by Content-Length without reading it', async () => {
    const { app, calls } = appWithUpstream(async () => Response.json({}), { maxBodyBytes: 100 });
    const res = await app.request(`${PROXY}/v1/flux-tools/outpainting-v1`, {
      method: 'POST',
      headers: { 'x-key': 'k', 'Content-Type': 'application/json', 'Content-Length': '1000' },
      body: 'x'.repeat(1000),
    });
    expect(res.status).toBe(413);
    expect(calls).toHaveLength(0);
  });

  it('logs route, status and time only: no key, prompt, URL or image', async () => {
    const entries: ProxyLogEntry[] = [];
    const { app } = appWithUpstream(
      async () => Response.json({ id: 't', polling_url: 'https://api.us3.bfl.ai/v1/get_result?id=t' }),
      {
        log: (entry) => entries.push(entry),
      },
    );
    await submit(app, 'bfl_very_secret_key');
    await app.request(`${PROXY}/poll?u=${encodeURIComponent(ssrfTricks('http://127.0.0.1:1')[0] ?? '')}`, {
      headers: { 'x-key': 'bfl_very_secret_key' },
    });
    expect(entries.map((e) => [e.method, e.route, e.status])).toEqual([
      ['POST', 'submit', 200],
      ['GET', 'poll', 400],
    ]);
    const logged = JSON.stringify(entries);
    for (const secret of ['bfl_very_secret_key', 'secret prompt', 'iVBOR', 'evil.example', 'get_result'])
      expect(logged).not.toContain(secret);
  });
});
