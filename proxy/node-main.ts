// `npm run proxy -- [--port 8787] [--host 127.0.0.1] [--upstream https://api.bfl.ai]`
// Runs the proxy on Node. Configuration comes from the environment under the same names as on Workers
// (proxy-config.ts): team mode needs both BFL_API_KEY and TEAM_TOKEN; --upstream overrides UPSTREAM.
// A configuration error stops the proxy here with exit code 2 and the reason on stderr.
import { parseArgs } from 'node:util';
import type { AddressInfo } from 'node:net';
import { createApp } from './create-app';
import { listenProxyAsync } from './node-server';
import { nodeUpstreamFetch } from './node-upstream-fetch';
import { ENV_NAMES, readProxyConfig } from './proxy-config';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8787' },
    host: { type: 'string', default: '127.0.0.1' },
    upstream: { type: 'string' },
    quiet: { type: 'boolean', default: false },
  },
});

function fail(message: string): never {
  console.error(`Outpaint proxy not started: ${message}`);
  process.exit(2);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535)
  fail(`--port must be a number from 0 to 65535, got "${values.port}"`);
if (process.env['PROXY_TEAM_TOKEN'] !== undefined)
  fail(`PROXY_TEAM_TOKEN is now ${ENV_NAMES.teamToken}, the same name as on Workers; rename it.`);
const { config, error } = readProxyConfig({
  ...process.env,
  ...(values.upstream === undefined ? {} : { [ENV_NAMES.upstream]: values.upstream }),
});
if (config === undefined) fail(error);

const app = createApp({
  fetch: nodeUpstreamFetch,
  upstream: config.upstream,
  keyMode: config.keyMode,
  ...(config.maxBodyBytes === undefined ? {} : { maxBodyBytes: config.maxBodyBytes }),
  ...(config.maxDeliveryBytes === undefined ? {} : { maxDeliveryBytes: config.maxDeliveryBytes }),
  // One line per request with route, status and time only: no URLs, keys, prompts or images.
  log: values.quiet ? undefined : (e) => console.log(`${e.method} ${e.route} ${e.status} ${e.ms}ms`),
});

const server = await listenProxyAsync({ fetch: app.fetch, port, hostname: values.host }).catch((cause: unknown) =>
  fail(cause instanceof Error ? cause.message : String(cause)),
);
const { port: actualPort } = server.address() as AddressInfo;
console.log(
  `Outpaint proxy listening on http://${values.host}:${actualPort} → ${config.upstream} (${config.keyMode.kind} key mode)`,
);
const stop = (): void => {
  server.close(() => process.exit(0));
  // Keep-alive and streaming sockets would hold close() open; they get no new requests once closing.
  server.closeIdleConnections();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
