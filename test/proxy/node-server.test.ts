// Issue #12 items 2 and 3 on the real Node server (proxy/node-server.ts, what `npm run proxy` runs) between real
// sockets: a client (fetch or a raw socket) and a scripted upstream on loopback. Limits are set small here so
// each case ends quickly; waits are for the condition itself with a generous real-time deadline, never a fixed
// sleep (test/support/wait-for.ts). Memory figures are in `npm run bench` (scripts/bench-proxy.mjs), not here.
import { Agent, request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type ProxyDeps } from '../../proxy/create-app';
import { listenProxyAsync, type NodeServerLimits } from '../../proxy/node-server';
import { nodeUpstreamFetch } from '../../proxy/node-upstream-fetch';
import { waitForAsync } from '../support/wait-for';
import { startScriptedUpstreamAsync, type ScriptedUpstream } from './scripted-upstream-server';

const DEADLINE_MS = 20_000;
const KEY = 'bfl_user_key_for_node_server';
const IMAGE = new Uint8Array(256 * 1024).map((_, i) => (i * 131 + (i >> 8)) & 255);

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Running {
  upstream: ScriptedUpstream;
  server: Server;
  url: string;
}

async function startAsync(limits: Partial<NodeServerLimits> = {}, deps: Partial<ProxyDeps> = {}): Promise<Running> {
  const upstream = await startScriptedUpstreamAsync();
  cleanups.push(() => upstream.closeAsync());
  const app = createApp({ fetch: nodeUpstreamFetch, upstream: upstream.url, ...deps });
  const server = await listenProxyAsync({ fetch: app.fetch, port: 0, hostname: '127.0.0.1', limits });
  cleanups.push(
    () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { upstream, server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

interface RawClient {
  socket: Socket;
  received(): string;
  closed(): boolean;
}

/** A client on a raw socket, to send half a request and stall the way a slow or hostile client does. */
async function openRawAsync(url: string, text: string): Promise<RawClient> {
  const { port } = new URL(url);
  const socket = connect(Number(port), '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let received = '';
  let closed = false;
  socket.on('data', (chunk: Buffer) => void (received += chunk.toString('latin1')));
  socket.on('close', () => void (closed = true));
  socket.on('error', () => {});
  socket.write(text);
  cleanups.push(async () => void socket.destroy());
  return { socket, received: () => received, closed: () => closed };
}

const deliveryPath = (upstream: ScriptedUpstream, file = 'sample.png') =>
  `/delivery?u=${encodeURIComponent(`${upstream.url}/delivery/eu1/${file}`)}`;

describe('the proxy on a Node server, bounded in time', () => {
  it('answers 408 and closes a connection whose headers do not arrive in time', async () => {
    const { url } = await startAsync({ headersTimeoutMs: 300, requestTimeoutMs: 5_000 });
    const client = await openRawAsync(url, 'GET /health HTTP/1.1\r\nHost: proxy\r\nX-Slow: ');
    expect(await waitForAsync(client.closed, DEADLINE_MS)).toBe(true);
    expect(client.received()).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('closes a submit whose body stalls, and lets go of the upstream request at once', async () => {
    const { url, upstream } = await startAsync({ headersTimeoutMs: 300, requestTimeoutMs: 1_000 });
    upstream.handle = () => {}; // reads the body, answers nothing: the proxy must end it
    const head = `POST /v1/flux-tools/outpainting-v1 HTTP/1.1\r\nHost: proxy\r\nx-key: ${KEY}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n`;
    const client = await openRawAsync(url, `${head}{"input_image":"`);
    // The body streams upstream as it arrives: the upstream holds the request before the body is complete.
    expect(await waitForAsync(() => upstream.exchanges.length === 1, DEADLINE_MS)).toBe(true);
    expect(await waitForAsync(client.closed, DEADLINE_MS)).toBe(true);
    expect(client.received()).toMatch(/^(HTTP\/1\.1 408 |)/);
    expect(await waitForAsync(() => upstream.exchanges[0]?.released === true, DEADLINE_MS)).toBe(true);
    expect(upstream.exchanges[0]?.bodyComplete).toBe(false);
  });

  it('closes a connection that goes quiet mid-download, and lets go of the upstream download', async () => {
    const { url, upstream } = await startAsync({ idleTimeoutMs: 500 });
    upstream.handle = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': String(IMAGE.length) });
      res.write(IMAGE.subarray(0, 1024)); // then nothing
    };
    const res = await fetch(`${url}${deliveryPath(upstream)}`);
    expect(res.status).toBe(200);
    const download = res.arrayBuffer().then(
      () => 'completed',
      () => 'failed',
    );
    expect(await download).toBe('failed');
    expect(await waitForAsync(() => upstream.exchanges[0]?.released === true, DEADLINE_MS)).toBe(true);
  });

  it('answers 504 with a message when the upstream sends its headers and then stalls', async () => {
    const { url, upstream } = await startAsync({}, { timeoutMs: 300 });
    upstream.handle = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"id":"t","status":'); // then nothing
    };
    const res = await fetch(`${url}/poll?u=${encodeURIComponent(`${upstream.url}/eu2/v1/get_result?id=t`)}`, {
      headers: { 'x-key': KEY },
    });
    expect(res.status).toBe(504);
    expect(await res.json()).toEqual({ detail: expect.stringMatching(/timed out/) });
    expect(await waitForAsync(() => upstream.exchanges[0]?.released === true, DEADLINE_MS)).toBe(true);
  });
});

describe('the proxy on a Node server, bounded in connections and memory', () => {
  it('closes connections beyond its cap as they arrive, and takes new ones once one closes', async () => {
    const { url, server } = await startAsync({ maxConnections: 2, headersTimeoutMs: 60_000, requestTimeoutMs: 60_000 });
    const held = [await openRawAsync(url, ''), await openRawAsync(url, '')];
    const connections = () =>
      new Promise<number>((resolve) => server.getConnections((_error, count) => resolve(count)));
    expect(await waitForAsync(async () => (await connections()) === 2, DEADLINE_MS)).toBe(true);
    const refused = await fetch(`${url}/health`).then(
      () => 'answered',
      () => 'refused',
    );
    expect(refused).toBe('refused');
    held[0]?.socket.destroy();
    expect(
      await waitForAsync(async () => (await fetch(`${url}/health`).catch(() => null))?.status === 200, DEADLINE_MS),
    ).toBe(true);
  });

  it('refuses a declared oversize submit with 413 before reading it, in pass-through mode, contacting nobody', async () => {
    const { url, upstream } = await startAsync({}, { maxBodyBytes: 1024 * 1024 });
    const head = `POST /v1/flux-tools/outpainting-v1 HTTP/1.1\r\nHost: proxy\r\nx-key: any-non-empty-key\r\nContent-Type: application/json\r\nContent-Length: ${50 * 1024 * 1024}\r\n\r\n`;
    const client = await openRawAsync(url, head);
    expect(await waitForAsync(() => client.received().includes('\r\n\r\n'), DEADLINE_MS)).toBe(true);
    expect(client.received()).toMatch(/^HTTP\/1\.1 413 /);
    expect(upstream.exchanges).toEqual([]);
  });

  it('streams a large submit body upstream as it arrives instead of holding it whole', async () => {
    const { url, upstream } = await startAsync();
    upstream.handle = (req, res) => {
      req.on('end', () => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ id: 't', polling_url: `${upstream.url}/eu2/v1/get_result?id=t` }));
      });
    };
    const total = 4 * 1024 * 1024;
    const half = Buffer.alloc(total / 2, 0x41);
    const head = `POST /v1/flux-tools/outpainting-v1 HTTP/1.1\r\nHost: proxy\r\nx-key: ${KEY}\r\nContent-Type: application/json\r\nContent-Length: ${total}\r\nConnection: close\r\n\r\n`;
    const client = await openRawAsync(url, head);
    client.socket.write(half);
    // Most of the first half is upstream while the second half has not been sent yet.
    expect(await waitForAsync(() => (upstream.exchanges[0]?.bodyBytes ?? 0) >= total / 4, DEADLINE_MS)).toBe(true);
    expect(upstream.exchanges[0]?.headers['content-length']).toBe(String(total));
    client.socket.write(half);
    expect(await waitForAsync(() => client.received().includes('"polling_url"'), DEADLINE_MS)).toBe(true);
    expect(client.received()).toMatch(/^HTTP\/1\.1 200 /);
    expect(upstream.exchanges[0]?.bodyBytes).toBe(total);
  });

  it('answers 502 to a redirect of a streamed submit and follows it nowhere', async () => {
    const { url, upstream } = await startAsync();
    upstream.handle = (req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(307, { Location: 'http://127.0.0.1:9/steal' });
        res.end();
      });
    };
    // A stream body without a length: more than the proxy's small-body head, so the proxy streams it on.
    const init: RequestInit & { duplex: 'half' } = {
      method: 'POST',
      headers: { 'x-key': KEY, 'Content-Type': 'application/json' },
      body: new ReadableStream({ start: (c) => (c.enqueue(new Uint8Array(2 * 1024 * 1024).fill(0x41)), c.close()) }),
      duplex: 'half',
    };
    const res = await fetch(`${url}/v1/flux-tools/outpainting-v1`, init);
    expect(res.status).toBe(502);
    expect(upstream.exchanges).toHaveLength(1);
  });

  it('cuts off a chunked submit at the limit with 413, failing the upstream request before it completes', async () => {
    const { url, upstream } = await startAsync({}, { maxBodyBytes: 2 * 1024 * 1024 });
    upstream.handle = (req, res) => {
      req.on('end', () => res.end('{}'));
    };
    const head = `POST /v1/flux-tools/outpainting-v1 HTTP/1.1\r\nHost: proxy\r\nx-key: ${KEY}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`;
    const client = await openRawAsync(url, head);
    const chunk = Buffer.alloc(256 * 1024, 0x41);
    for (let i = 0; i < 12 && !client.closed() && !client.received().includes('\r\n\r\n'); i++) {
      client.socket.write(`${chunk.length.toString(16)}\r\n`);
      client.socket.write(chunk);
      client.socket.write('\r\n');
      await waitForAsync(() => client.socket.writableLength === 0 || client.closed(), DEADLINE_MS);
    }
    expect(await waitForAsync(() => client.received().includes('\r\n\r\n'), DEADLINE_MS)).toBe(true);
    expect(client.received()).toMatch(/^HTTP\/1\.1 413 /);
    expect(upstream.exchanges.every((e) => !e.bodyComplete)).toBe(true);
  });
});

describe('deliveries through a Node server', () => {
  it('lets go of the upstream download at once when the client goes away', async () => {
    const { url, upstream } = await startAsync();
    upstream.handle = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'image/png' });
      const timer = setInterval(() => res.write(IMAGE.subarray(0, 16 * 1024)), 5);
      res.on('close', () => clearInterval(timer));
    };
    const controller = new AbortController();
    const res = await fetch(`${url}${deliveryPath(upstream)}`, { signal: controller.signal });
    const reader = res.body?.getReader();
    expect((await reader?.read())?.done).toBe(false);
    controller.abort();
    expect(await waitForAsync(() => upstream.exchanges[0]?.released === true, DEADLINE_MS)).toBe(true);
  });

  it('answers HEADs with HEADs upstream, downloading nothing', async () => {
    const { url, upstream } = await startAsync();
    upstream.handle = (req, res) => {
      res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': String(IMAGE.length) });
      if (req.method === 'HEAD') res.end();
      else res.end(IMAGE);
    };
    for (let i = 0; i < 20; i++) {
      const res = await fetch(`${url}${deliveryPath(upstream)}`, { method: 'HEAD' });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-length')).toBe(String(IMAGE.length));
    }
    expect(upstream.exchanges.map((e) => e.method)).toEqual(Array.from({ length: 20 }, () => 'HEAD'));
    expect(upstream.exchanges.reduce((sum, e) => sum + e.bytesWritten, 0)).toBe(0);
  });

  it('relays a gzip-encoded delivery as exactly the image bytes with a consistent length, keeping the connection usable', async () => {
    const { url, upstream } = await startAsync();
    const gzipped = gzipSync(IMAGE);
    upstream.handle = (_req, res) => {
      res.writeHead(200, {
        'Content-Type': 'image/png',
        'Content-Encoding': 'gzip',
        'Content-Length': String(gzipped.length),
      });
      res.end(gzipped);
    };
    // Two downloads on one keep-alive socket: a wrong Content-Length would cut the first or corrupt the second.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    cleanups.push(async () => agent.destroy());
    const getAsync = () =>
      new Promise<{ bytes: Buffer; length: string | undefined; encoding: string | undefined; reused: boolean }>(
        (resolve, reject) => {
          const req = httpRequest(`${url}${deliveryPath(upstream)}`, { agent }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () =>
              resolve({
                bytes: Buffer.concat(chunks),
                length: res.headers['content-length'],
                encoding: res.headers['content-encoding'],
                reused: req.reusedSocket,
              }),
            );
            res.on('error', reject);
          });
          req.on('error', reject);
          req.end();
        },
      );
    const first = await getAsync();
    const second = await getAsync();
    for (const got of [first, second]) {
      expect(got.bytes.equals(Buffer.from(IMAGE))).toBe(true);
      expect(got.encoding).toBeUndefined();
      if (got.length !== undefined) expect(Number(got.length)).toBe(IMAGE.length);
    }
    expect(second.reused).toBe(true);
  });
});
