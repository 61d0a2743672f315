// Done-when of the API issue: from a null-origin page that is not a secure context in real Chromium (a
// sandbox="allow-scripts" iframe in a page on a non-loopback plain-http host, like Figma's plugin UI:
// docs/figma-iframe.md), the real client reaches the fake BFL API through the proxy on Node: preflight,
// submit, poll and download all pass CORS.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type ProxyLogEntry } from '../../proxy/create-app';
import { startFakeBflAsync, type FakeBfl } from '../fake-bfl/fake-bfl-server';
import { checkPlacementAsync, makeReferencePngAsync } from '../fake-bfl/test-images';
import { launchChromiumAsync } from '../support/chromium';
import { nonSecureUrl } from '../support/non-secure-url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface FrameReport {
  origin: string;
  secure: boolean;
  ok: boolean;
  bytes?: number[];
  cost?: number | null;
  error?: string;
}

let fake: FakeBfl;
let proxyServer: ServerType;
let proxyUrl: string;
let pageServer: Server;
let pageUrl: string;
let browser: Browser;
const proxyLog: ProxyLogEntry[] = [];

function listenAsync(server: Server): Promise<string> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

beforeAll(async () => {
  fake = await startFakeBflAsync({ latencyMs: 100 });
  const app = createApp({
    fetch: (input, init) => fetch(input, init),
    upstream: fake.url,
    log: (e) => proxyLog.push(e),
  });
  proxyUrl = await new Promise<string>((resolve) => {
    proxyServer = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
      resolve(`http://127.0.0.1:${info.port}`),
    );
  });

  const bundle = await build({
    entryPoints: [path.join(root, 'ui/api/bfl-client.ts')],
    bundle: true,
    format: 'iife',
    globalName: 'BflApi',
    target: 'es2020',
    write: false,
  });
  const clientJs = bundle.outputFiles[0]?.text ?? '';
  const { png } = await makeReferencePngAsync(40, 30);
  const refBase64 = Buffer.from(png).toString('base64');

  const frameHtml = `<!doctype html><script src="/client.js"></script><script>
    const png = Uint8Array.from(atob(${JSON.stringify(refBase64)}), (c) => c.charCodeAt(0));
    const api = BflApi.createBflClient({
      baseUrl: ${JSON.stringify(proxyUrl)}, apiKey: 'test-key', fetch: (u, i) => fetch(u, i),
      now: () => Date.now(), sleepAsync: (ms) => new Promise((r) => setTimeout(r, ms)), pollIntervalMs: 20,
    });
    api.outpaintAsync({ image: png, width: 96, height: 72, offsetX: 50, offsetY: 40 })
      .then((r) => parent.postMessage({ origin: self.origin, secure: isSecureContext, ok: true, bytes: Array.from(r.bytes), cost: r.cost }, '*'))
      .catch((e) => parent.postMessage({ origin: self.origin, secure: isSecureContext, ok: false, error: String(e && e.message) }, '*'));
  </script>`;
  const hostHtml = `<!doctype html><script>
    window.report = new Promise((resolve) => addEventListener('message', (e) => resolve(e.data)));
  </script><iframe sandbox="allow-scripts" src="/frame.html"></iframe>`;
  pageServer = createServer((req, res) => {
    const pages: Record<string, [string, string]> = {
      '/host.html': ['text/html', hostHtml],
      '/frame.html': ['text/html', frameHtml],
      '/client.js': ['text/javascript', clientJs],
    };
    const page = pages[req.url ?? ''];
    res.writeHead(page ? 200 : 404, { 'Content-Type': page?.[0] ?? 'text/plain' });
    res.end(page?.[1] ?? 'not found');
  });
  pageUrl = await listenAsync(pageServer);
  browser = await launchChromiumAsync();
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => pageServer?.close(() => resolve()));
  await new Promise<void>((resolve) => proxyServer?.close(() => resolve()));
  await fake?.closeAsync();
});

describe('a null-origin plugin page talking to FLUX through the proxy', () => {
  it('submits, polls and downloads end to end, and gets the reference placed pixel-exactly', async () => {
    const page = await browser.newPage();
    await page.goto(nonSecureUrl(`${pageUrl}/host.html`));
    const report = await page.evaluate(() => (window as unknown as { report: Promise<FrameReport> }).report);
    await page.close();

    expect(report.error).toBeUndefined();
    expect(report.ok).toBe(true);
    expect(report.origin).toBe('null');
    expect(report.secure).toBe(false);
    const { image } = await makeReferencePngAsync(40, 30);
    expect(await checkPlacementAsync(Uint8Array.from(report.bytes ?? []), image, 50, 40)).toEqual({
      width: 96,
      height: 72,
      wrongPixels: 0,
    });
    expect(report.cost).toBe(fake.state.tasks.values().next().value?.cost);

    // The browser really preflighted the x-key POST, and every leg went through the proxy.
    const routes = new Set(proxyLog.map((e) => e.route));
    expect(routes).toEqual(new Set(['preflight', 'submit', 'poll', 'delivery']));
    expect(fake.state.requestsOn('delivery').every((r) => r.headers['x-key'] === undefined)).toBe(true);
    expect(fake.state.requestsOn('poll').every((r) => r.url.startsWith('/eu2/v1/get_result?id='))).toBe(true);
  });
});
