// proxy/worker.ts as Cloudflare runs it: bundled by esbuild the way wrangler would, loaded into workerd through
// Miniflare (docs/toolchain.md: drive Miniflare directly). Shared by the contract, security and load tests.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Miniflare } from 'miniflare';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The date the worker is tested at; proxy/wrangler.toml deploys with the same. */
export const WORKERD_COMPATIBILITY_DATE = '2026-04-01';

let bundle: Promise<string> | null = null;

/** The worker bundle, built once per test process. */
export function bundleProxyWorkerAsync(): Promise<string> {
  bundle ??= build({
    entryPoints: [path.join(root, 'proxy/worker.ts')],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    write: false,
    logLevel: 'error',
  }).then((out) => {
    const file = out.outputFiles[0];
    if (!file) throw new Error('esbuild produced no worker bundle');
    return file.text;
  });
  return bundle;
}

/** A request into the worker, answered as a plain Web Response (the body read whole, as the tests compare it). */
export async function dispatchToWorkerAsync(mf: Miniflare, url: string, init: RequestInit = {}): Promise<Response> {
  const body = typeof init.body === 'string' || init.body instanceof Uint8Array ? init.body : undefined;
  const res = await mf.dispatchFetch(url, {
    method: init.method ?? 'GET',
    headers: Object.fromEntries(new Headers(init.headers).entries()),
    ...(body === undefined ? {} : { body }),
  });
  const headers = new Headers();
  res.headers.forEach((value, name) => headers.set(name, value));
  const nullBody = res.status === 204 || res.status === 304;
  return new Response(nullBody ? null : new Uint8Array(await res.arrayBuffer()), { status: res.status, headers });
}
