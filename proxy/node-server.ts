// The proxy as a Node HTTP server (Node only; node-main.ts runs it). The app itself streams and bounds what it
// relays; these are the limits only a server holding sockets can set, so that no client holds a socket or memory
// for long: Node's own timeouts (https://nodejs.org/api/http.html#httpcreateserveroptions-requestlistener), an idle
// timeout per socket, and a cap on connections. @hono/node-server's listener aborts the request's signal when
// its client disconnects (https://github.com/honojs/node-server), which the app turns into an aborted upstream fetch.
import { createServer, type Server } from 'node:http';
import { getRequestListener } from '@hono/node-server';

export interface NodeServerLimits {
  /** Time to receive a request's complete headers; Node then answers 408 and closes. */
  headersTimeoutMs: number;
  /** Time to receive a complete request, body included; Node then answers 408 and closes. */
  requestTimeoutMs: number;
  /** A socket with no traffic either way for this long is closed (longer than the app's 30 s API timeout). */
  idleTimeoutMs: number;
  /** An idle keep-alive connection is closed after this long. */
  keepAliveTimeoutMs: number;
  /**
   * Connections beyond this are closed as they arrive. Room for a team: one panel keeps up to 24 tasks in flight plus
   * its downloads, and this repo's own load test (24 jobs, 200 pollers) opens over 256 at once on a busy machine.
   */
  maxConnections: number;
}

export const NODE_SERVER_LIMITS: NodeServerLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 120_000,
  idleTimeoutMs: 60_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 1024,
};

export interface ProxyServerOptions {
  fetch: (request: Request) => Response | Promise<Response>;
  port: number;
  hostname: string;
  limits?: Partial<NodeServerLimits>;
}

/** Listens with the limits applied; resolves with the server once it is listening. */
export function listenProxyAsync(options: ProxyServerOptions): Promise<Server> {
  const limits = { ...NODE_SERVER_LIMITS, ...options.limits };
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      // Node checks the two timeouts above on this interval (default 30 s), so a short one would be late by that much.
      connectionsCheckingInterval: Math.max(100, Math.min(1_000, limits.headersTimeoutMs / 2)),
    },
    getRequestListener((request) => options.fetch(request)),
  );
  server.setTimeout(limits.idleTimeoutMs);
  server.maxConnections = limits.maxConnections;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.hostname, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
