// A wrong or unreachable endpoint is named before anything is sent (never "FLUX may have started this task").
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { BflError } from '../../../ui/api/bfl-error';
import { checkEndpointAsync, unreachableMessage } from '../../../ui/jobs/check-endpoint';
import { NOTIFY_MAX_CHARS } from '../../../common/protocol/errors';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

async function serveAsync(type: string, body: string): Promise<string> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': type });
    res.end(body);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A port nothing listens on: bound, then closed. */
async function closedPortAsync(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const realFetch = (url: string, init: RequestInit) => fetch(url, init);

async function failureOfAsync(endpoint: string, fetchLike = realFetch): Promise<BflError> {
  const error = await checkEndpointAsync(endpoint, fetchLike, new AbortController().signal).then(
    () => null,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof BflError)) throw new Error(`expected a BflError, got ${String(error)}`);
  return error;
}

describe('the endpoint check before a paid submit', () => {
  it('names the address when nothing listens there (connection refused)', async () => {
    const port = await closedPortAsync();
    const error = await failureOfAsync(`http://127.0.0.1:${port}/`);
    expect(error.code).toBe('network');
    expect(error.message).toBe(`Can't reach the proxy at 127.0.0.1:${port} — check the endpoint in Settings`);
  });

  it('names the address when its name does not resolve (DNS failure)', async () => {
    const error = await failureOfAsync('https://no-such-proxy.invalid', async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(error.message).toBe("Can't reach the proxy at no-such-proxy.invalid — check the endpoint in Settings");
  });

  it('says when the address is a web page, not the proxy', async () => {
    const endpoint = await serveAsync('text/html; charset=utf-8', '<!doctype html><title>My site</title>');
    const error = await failureOfAsync(endpoint);
    expect(error.code).toBe('network');
    expect(error.message).toMatch(/^127\.0\.0\.1:\d+ is a web page, not the Outpaint proxy — check the endpoint/);
  });

  it('lets the proxy (and a BFL-compatible API answering JSON) through', async () => {
    const proxy = await serveAsync('application/json', JSON.stringify({ service: 'outpaint-proxy' }));
    await expect(checkEndpointAsync(proxy, realFetch, new AbortController().signal)).resolves.toBeUndefined();
    const api = await serveAsync('application/json', JSON.stringify({ detail: 'Not Found' }));
    await expect(checkEndpointAsync(api, realFetch, new AbortController().signal)).resolves.toBeUndefined();
  });

  it('keeps a long address within figma.notify’s 100 characters, the next step intact', () => {
    const message = unreachableMessage(`https://${'very-long-subdomain.'.repeat(8)}example.com/outpaint/proxy`);
    expect(message.length).toBeLessThanOrEqual(NOTIFY_MAX_CHARS);
    expect(message).toMatch(/… — check the endpoint in Settings$/);
  });

  it('passes a cancel through as a cancel', async () => {
    const controller = new AbortController();
    controller.abort();
    const thrown = await checkEndpointAsync('https://proxy.example.com', realFetch, controller.signal).catch(
      (e: unknown) => e,
    );
    expect(thrown).not.toBeInstanceOf(BflError);
  });
});
