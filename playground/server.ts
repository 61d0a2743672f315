// `npm start`: the playground. Builds the real plugin bundles and serves, on 127.0.0.1, a page that runs
// dist/ui.html framed as Figma frames it (playground/figma-frame.ts) beside a simulated Figma canvas driven by the real
// dist/code.js against a browser build of the typed `figma` fake.
//   no key:          the offline engine (no network at all)
//   BFL_API_KEY set: FLUX through a local proxy in team mode (the key stays in this process)
//   --fake-bfl:      FLUX through the local proxy to the strict fake BFL server (no network)
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile, readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { AddressInfo } from 'node:net';
import * as esbuild from 'esbuild';
import { serve } from '@hono/node-server';
import { buildAll } from '../scripts/build.mjs';
import { createApp } from '../proxy/create-app';
import { startFakeBflAsync, type FakeBfl, type FakeBflOptions } from '../test/fake-bfl/fake-bfl-server';
import type { PlaygroundConfig } from './playground-config';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Listed in this order: sample photos for a first look, then the test images (with the odd and broken files). */
const IMAGE_DIRS = [path.join(root, 'playground/sample-images'), path.join(root, 'test/fixtures/images')];
/** How many ports after the asked one `npm start` tries when it is busy. */
const PORT_ATTEMPTS = 20;
const IMAGE_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
};

export interface PlaygroundOptions {
  /** The port to listen on; when busy, the next free one up to 20 further (0: any free port). */
  port?: number;
  /** Run FLUX through the local proxy against the strict fake server (tests, demos without a key). */
  fakeBfl?: boolean | FakeBflOptions;
  /** A real BFL key: FLUX through the local proxy in team mode. */
  bflApiKey?: string;
  /** Build dist/ first (default true). */
  build?: boolean;
}

export interface Playground {
  url: string;
  /** Set when the asked port was busy and the playground took the next free one. */
  busyPort: number | null;
  config: PlaygroundConfig;
  fake: FakeBfl | null;
  closeAsync(): Promise<void>;
}

async function bundlePageAsync(): Promise<{ js: string; css: string }> {
  const result = await esbuild.build({
    entryPoints: [path.join(root, 'playground/page.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2020',
    platform: 'browser',
    outdir: 'out',
    tsconfig: path.join(root, 'playground/tsconfig.json'),
    loader: { '.wasm': 'binary' },
    logLevel: 'warning',
  });
  return {
    js: result.outputFiles.find((f) => f.path.endsWith('.js'))?.text ?? '',
    css: result.outputFiles.find((f) => f.path.endsWith('.css'))?.text ?? '',
  };
}

/** Image file name → its folder; the first folder wins a name both hold. */
async function listImagesAsync(): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const dir of IMAGE_DIRS) {
    if (!existsSync(dir)) continue;
    for (const name of (await readdir(dir)).sort()) {
      if (IMAGE_TYPES[path.extname(name).toLowerCase()] !== undefined && !found.has(name)) found.set(name, dir);
    }
  }
  return found;
}

/**
 * Listens on `port`, or on the next free one when it is taken (EADDRINUSE), so a second `npm start` or another
 * program on 8790 does not end in a stack trace. Resolves with the port actually used.
 */
export async function listenOnFreePortAsync(server: Server, port: number, host: string): Promise<number> {
  const last = port === 0 ? 0 : port + PORT_ATTEMPTS;
  for (let candidate = port; ; candidate += 1) {
    try {
      await new Promise<void>((resolve, reject) => {
        const onError = (error: Error): void => reject(error);
        server.once('error', onError);
        server.listen(candidate, host, () => {
          server.off('error', onError);
          resolve();
        });
      });
      return (server.address() as AddressInfo).port;
    } catch (error) {
      const busy = error instanceof Error && 'code' in error && error.code === 'EADDRINUSE';
      if (!busy || candidate >= last) {
        throw busy ? new Error(`Ports ${port}–${last} are all busy. Start with --port N to pick another.`) : error;
      }
    }
  }
}

function send(res: ServerResponse, status: number, type: string, body: string | Uint8Array): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  res.end(body);
}

export async function startPlaygroundAsync(options: PlaygroundOptions = {}): Promise<Playground> {
  if (options.build !== false) await buildAll();
  const page = await bundlePageAsync();
  const html = (await readFile(path.join(root, 'playground/index.html'), 'utf8'))
    .replace('<!--STYLE-->', () => `<style>${page.css}</style>`)
    .replace('<!--SCRIPT-->', () => `<script>${page.js.replace(/<\/script/gi, '<\\/script')}</script>`);

  let fake: FakeBfl | null = null;
  let proxyServer: ReturnType<typeof serve> | null = null;
  let config: PlaygroundConfig = {
    engine: 'offline',
    endpoint: '',
    apiKey: '',
    label: 'Offline engine (no key, no network)',
  };

  const startProxyAsync = async (
    upstream: string,
    keyMode: Parameters<typeof createApp>[0]['keyMode'],
  ): Promise<string> => {
    const app = createApp({ fetch: (input, init) => fetch(input, init), upstream, keyMode });
    return new Promise((resolve) => {
      proxyServer = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
        resolve(`http://127.0.0.1:${info.port}`),
      );
    });
  };

  if (options.fakeBfl) {
    // Results rendered while their tasks run, as BFL's delivery links serve a file made meanwhile: a story-sized result
    // then downloads at once instead of after the fake draws it (test/fake-bfl/README.md).
    const fakeOptions: FakeBflOptions =
      typeof options.fakeBfl === 'object' ? options.fakeBfl : { latencyMs: 1200, renderAheadMs: 600 };
    fake = await startFakeBflAsync(fakeOptions);
    const endpoint = await startProxyAsync(fake.url, { kind: 'pass-through' });
    config = {
      engine: 'flux',
      endpoint,
      apiKey: (fakeOptions.keys ?? ['test-key'])[0] ?? 'test-key',
      label: 'FLUX via local proxy → strict fake BFL server',
    };
  } else if (options.bflApiKey) {
    // Team mode: the page only ever sees a one-off token; the real key stays in this process.
    const teamToken = randomBytes(16).toString('hex');
    const endpoint = await startProxyAsync('https://api.bfl.ai', {
      kind: 'team',
      teamToken,
      serverKey: options.bflApiKey,
    });
    config = { engine: 'flux', endpoint, apiKey: teamToken, label: 'FLUX via local proxy → api.bfl.ai (BFL_API_KEY)' };
  }

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET') return send(res, 405, 'text/plain', 'Method not allowed');
    if (url.pathname === '/') return send(res, 200, 'text/html; charset=utf-8', html);
    if (url.pathname === '/config.json') return send(res, 200, 'application/json', JSON.stringify(config));
    if (url.pathname === '/plugin/code.js')
      return send(res, 200, 'text/javascript', await readFile(path.join(root, 'dist/code.js')));
    if (url.pathname === '/plugin/ui.html')
      return send(res, 200, 'text/html; charset=utf-8', await readFile(path.join(root, 'dist/ui.html')));
    if (url.pathname === '/fixtures.json')
      return send(res, 200, 'application/json', JSON.stringify([...(await listImagesAsync()).keys()]));
    const fixture = /^\/fixtures\/([\w.-]+)$/.exec(url.pathname)?.[1];
    const dir = fixture === undefined ? undefined : (await listImagesAsync()).get(fixture);
    if (fixture && dir) {
      return send(
        res,
        200,
        IMAGE_TYPES[path.extname(fixture).toLowerCase()] ?? 'application/octet-stream',
        await readFile(path.join(dir, fixture)),
      );
    }
    return send(res, 404, 'text/plain', 'Not found');
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) =>
      send(res, 500, 'text/plain', error instanceof Error ? error.message : 'error'),
    );
  });
  const asked = options.port ?? 0;
  const port = await listenOnFreePortAsync(server, asked, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${port}/`,
    busyPort: asked !== 0 && port !== asked ? asked : null,
    config,
    fake,
    async closeAsync() {
      // An open tab keeps keep-alive sockets; close() alone waits for them, so Ctrl+C would hang
      // (https://nodejs.org/api/http.html#servercloseallconnections).
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      const proxy: ReturnType<typeof serve> | null = proxyServer;
      if (proxy) {
        const proxyClosed = new Promise<void>((resolve) => proxy.close(() => resolve()));
        if ('closeAllConnections' in proxy) proxy.closeAllConnections();
        await proxyClosed;
      }
      if (fake) await fake.closeAsync();
    },
  };
}

async function mainAsync(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8790' },
      'fake-bfl': { type: 'boolean', default: false },
      // dist/ as it is (tests of the server itself; the page still bundles).
      'no-build': { type: 'boolean', default: false },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port ${values.port} is not a port number.`);
  const key = process.env['BFL_API_KEY'];
  const playground = await startPlaygroundAsync({
    port,
    fakeBfl: values['fake-bfl'],
    bflApiKey: key || undefined,
    build: !values['no-build'],
  });
  if (playground.busyPort !== null)
    console.log(`Port ${playground.busyPort} is busy, so the playground uses the next free one.`);
  console.log(`Outpaint playground: ${playground.url}`);
  console.log(`Engine: ${playground.config.label}`);
  console.log('Open the URL in a browser. Ctrl+C stops.');
  let stopping = false;
  const stop = (): void => {
    // A second Ctrl+C while closing exits at once.
    if (stopping) process.exit(130);
    stopping = true;
    console.log('Stopping the playground…');
    void playground.closeAsync().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  mainAsync().catch((error: unknown) => {
    // A message, never a stack trace: what went wrong and what to do.
    console.error(`The playground could not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
