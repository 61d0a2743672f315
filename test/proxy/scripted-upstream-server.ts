// A real HTTP upstream on loopback for the Node server tests, scripted per test: each request is answered by
// `handle`, and every exchange records what arrived and whether the proxy let go of it (its connection closed
// before the answer finished). Real sockets are what show timeouts, aborts and content encoding as a Node
// proxy meets them; an in-process fetch stub cannot.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface UpstreamExchange {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Request body bytes received so far. */
  bodyBytes: number;
  /** The request body arrived whole. */
  bodyComplete: boolean;
  /** Answer body bytes written so far. */
  bytesWritten: number;
  /** The connection closed before the answer was finished: the proxy let go of this exchange. */
  released: boolean;
}

export type UpstreamHandler = (req: IncomingMessage, res: ServerResponse, exchange: UpstreamExchange) => void;

export interface ScriptedUpstream {
  /** Origin, e.g. http://127.0.0.1:40123: a development upstream as far as the proxy's policy goes. */
  url: string;
  exchanges: UpstreamExchange[];
  handle: UpstreamHandler;
  /** Connections the proxy holds open to this upstream right now. */
  openConnectionsAsync(): Promise<number>;
  closeAsync(): Promise<void>;
}

export async function startScriptedUpstreamAsync(): Promise<ScriptedUpstream> {
  const upstream: ScriptedUpstream = {
    url: '',
    exchanges: [],
    handle: (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{}');
    },
    openConnectionsAsync: async () => 0,
    closeAsync: async () => {},
  };
  const server = createServer((req, res) => {
    const exchange: UpstreamExchange = {
      method: req.method ?? '',
      path: req.url ?? '',
      headers: req.headers,
      bodyBytes: 0,
      bodyComplete: false,
      bytesWritten: 0,
      released: false,
    };
    upstream.exchanges.push(exchange);
    req.on('data', (chunk: Buffer) => void (exchange.bodyBytes += chunk.length));
    req.on('end', () => void (exchange.bodyComplete = true));
    const write = res.write.bind(res);
    res.write = ((chunk: Uint8Array | string, ...rest: never[]) => {
      exchange.bytesWritten += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
      return write(chunk, ...rest);
    }) as typeof res.write;
    res.on('close', () => void (exchange.released = !res.writableFinished));
    upstream.handle(req, res, exchange);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  upstream.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  upstream.openConnectionsAsync = () =>
    new Promise((resolve) => server.getConnections((_error, count) => resolve(count)));
  upstream.closeAsync = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return upstream;
}
