// `npm run proxy -- [--port 8787] [--host 127.0.0.1] [--upstream https://api.bfl.ai]`
// Runs the proxy on Node. Team mode: set BFL_API_KEY and PROXY_TEAM_TOKEN in the environment.
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import { createApp, DEFAULT_UPSTREAM, type KeyMode } from './create-app';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8787' },
    host: { type: 'string', default: '127.0.0.1' },
    upstream: { type: 'string', default: DEFAULT_UPSTREAM },
    quiet: { type: 'boolean', default: false },
  },
});

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a number from 0 to 65535, got "${values.port}"`);
try {
  new URL(values.upstream);
} catch {
  fail(`--upstream must be an absolute URL such as ${DEFAULT_UPSTREAM}, got "${values.upstream}"`);
}
const serverKey = process.env['BFL_API_KEY'];
const teamToken = process.env['PROXY_TEAM_TOKEN'];
const keyMode: KeyMode = serverKey && teamToken ? { kind: 'team', teamToken, serverKey } : { kind: 'pass-through' };

const app = createApp({
  fetch: (input, init) => fetch(input, init),
  upstream: values.upstream,
  keyMode,
  // One line per request with route, status and time only: no URLs, keys, prompts or images.
  log: values.quiet ? undefined : (e) => console.log(`${e.method} ${e.route} ${e.status} ${e.ms}ms`),
});

const server = serve({ fetch: app.fetch, port, hostname: values.host }, (info) => {
  console.log(`Outpaint proxy listening on http://${values.host}:${info.port} → ${values.upstream} (${keyMode.kind} key mode)`);
});
const stop = (): void => {
  server.close(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
