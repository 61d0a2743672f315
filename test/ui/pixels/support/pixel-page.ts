// Serves the pipeline test page from 127.0.0.1 and drives it: the page script is built with esbuild exactly as
// scripts/build.mjs builds ui.html (worker bundled first and inlined gzip-compressed by workerDefinesAsync, the PNG wasm
// inlined gzip-compressed by the build's own plugin).
import { expectNotSecureContextAsync, nonSecureUrl } from '../../../support/non-secure-url';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { gzipBinaryPlugin, workerDefinesAsync } from '../../../../scripts/build.mjs';
import type { PixelPageApi } from './pixel-page-entry';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** A browser script built the way the panel is: the UI world's tsconfig, `?gzip` files inlined, one IIFE. */
export async function bundleForBrowserAsync(options: esbuild.BuildOptions): Promise<string> {
  const result = await esbuild.build({
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    plugins: [gzipBinaryPlugin],
    tsconfig: path.join(root, 'ui/tsconfig.json'),
    logLevel: 'error',
    ...options,
  });
  return result.outputFiles?.[0]?.text ?? '';
}

function bundleAsync(entry: string, define: Record<string, string>): Promise<string> {
  return bundleForBrowserAsync({ entryPoints: [path.join(root, entry)], define });
}

export async function buildPixelPageScriptAsync(): Promise<string> {
  const worker = await bundleAsync('ui/worker/pixel-worker.ts', {});
  return bundleAsync('test/ui/pixels/support/pixel-page-entry.ts', await workerDefinesAsync(worker));
}

export interface PixelPageServer {
  url: string;
  close(): Promise<void>;
}

export async function servePixelPageAsync(script: string): Promise<PixelPageServer> {
  const html = '<!doctype html><meta charset="utf-8"><title>pixels</title><script src="/page.js"></script>';
  const server: Server = createServer((req, res) => {
    if (req.url === '/page.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(script);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type Api = PixelPageApi;
type Method = keyof Api;

/** Calls one of the page's test API methods with structured-cloned arguments. */
export function callPage<M extends Method>(
  page: Page,
  method: M,
  ...args: Parameters<Api[M]>
): Promise<Awaited<ReturnType<Api[M]>>> {
  return page.evaluate(
    ([name, params]) => {
      const api = (globalThis as unknown as { __pixelTest: Api }).__pixelTest;
      const fn = api[name] as (...a: unknown[]) => unknown;
      return fn(...(params as unknown[]));
    },
    [method, args] as const,
  ) as Promise<Awaited<ReturnType<Api[M]>>>;
}

export async function openPixelPageAsync(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage();
  // Not a secure context, as the panel is not in Figma.
  await page.goto(nonSecureUrl(url));
  await page.waitForFunction(() => '__pixelTest' in globalThis);
  await expectNotSecureContextAsync(page);
  return page;
}
