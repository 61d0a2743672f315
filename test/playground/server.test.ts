// `npm start` as a newcomer meets it: a busy port moves to the next free one and says so (no stack trace), and
// Ctrl+C stops the server even while a browser tab holds keep-alive connections open.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect, createServer as createNetServer, type Server as NetServer } from 'node:net';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startPlaygroundAsync } from '../../playground/server';
import { waitForAsync } from '../support/wait-for';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TSX = path.join(root, 'node_modules/.bin/tsx');

interface Started {
  child: ChildProcess;
  output: () => string;
  errors: () => string;
  exit: Promise<number | null>;
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined)
      process.kill(-child.pid, 'SIGKILL');
  }
});

/** `npm start` without the build (dist/ is not needed until a page asks for it), as its own process group. */
function startServer(port: number): Started {
  const child = spawn(TSX, ['playground/server.ts', '--no-build', '--port', String(port)], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => void (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => void (err += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => out, errors: () => err, exit };
}

async function urlOfAsync(started: Started): Promise<string> {
  const printed = await waitForAsync(() => /http:\/\/127\.0\.0\.1:\d+\//.test(started.output()), 60_000, 20);
  if (!printed) throw new Error(`no URL printed:\n${started.output()}\n${started.errors()}`);
  return /http:\/\/127\.0\.0\.1:\d+\//.exec(started.output())![0];
}

async function holdPortAsync(): Promise<{ server: NetServer; port: number }> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { server, port: address.port };
}

describe('npm start', () => {
  it('takes the next free port when the asked one is busy, and says which, without a stack trace', async () => {
    const held = await holdPortAsync();
    try {
      const started = startServer(held.port);
      const url = await urlOfAsync(started);
      expect(url).not.toContain(`:${held.port}/`);
      expect(started.output()).toContain(`Port ${held.port} is busy`);
      expect(started.errors()).not.toMatch(/EADDRINUSE|\n\s+at /);
      process.kill(-started.child.pid!, 'SIGINT');
      expect(await started.exit).toBe(0);
    } finally {
      held.server.close();
    }
  });

  it('stops on Ctrl+C while a browser tab keeps a connection open', async () => {
    const { port, server } = await holdPortAsync();
    server.close();
    const started = startServer(port);
    const url = await urlOfAsync(started);
    // A tab: a keep-alive connection that stays open after its answer.
    const agent = new http.Agent({ keepAlive: true });
    const body = await new Promise<string>((resolve, reject) => {
      http
        .get(`${url}config.json`, { agent }, (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => void (text += chunk.toString()));
          res.on('end', () => resolve(text));
        })
        .on('error', reject);
    });
    expect(JSON.parse(body)).toHaveProperty('engine', 'offline');
    // And a connection opened ahead of the next request (Chromium preconnects), which close() alone waits for.
    const { port: usedPort } = new URL(url);
    const preconnected = connect(Number(usedPort), '127.0.0.1');
    await new Promise<void>((resolve) => preconnected.once('connect', () => resolve()));
    // A terminal's Ctrl+C: SIGINT to the whole foreground group (tsx and the node it runs).
    process.kill(-started.child.pid!, 'SIGINT');
    const stopped = await waitForAsync(() => started.child.exitCode !== null, 20_000, 20);
    agent.destroy();
    preconnected.destroy();
    expect(stopped).toBe(true);
    expect(await started.exit).toBe(0);
  });
});

describe('the playground in a fresh clone', () => {
  it('lists sample images that are in the repo, each credited in a SOURCES.md beside it', async () => {
    const playground = await startPlaygroundAsync({ build: false });
    try {
      const names = (await (await fetch(`${playground.url}fixtures.json`)).json()) as string[];
      const samples = ['raccoon.jpg', 'grace-hopper.jpg', 'meadow-open.jpg', 'clock.jpg'];
      expect(names.slice(0, samples.length).sort()).toEqual([...samples].sort());
      const { readFile } = await import('node:fs/promises');
      const credits = await readFile(path.join(root, 'playground/sample-images/SOURCES.md'), 'utf8');
      for (const name of samples) {
        expect(existsSync(path.join(root, 'playground/sample-images', name))).toBe(true);
        expect(credits).toContain(`| ${name}`);
        const res = await fetch(`${playground.url}fixtures/${name}`);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toBe('image/jpeg');
      }
    } finally {
      await playground.closeAsync();
    }
  });
});
