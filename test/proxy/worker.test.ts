// The same proxy contract inside Cloudflare's runtime: proxy/worker.ts bundled by esbuild (as
// wrangler would) and run by workerd through Miniflare (toolchain.md: drive Miniflare directly).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { describeProxyContract } from './proxy-contract';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

async function bundleWorkerAsync(): Promise<string> {
  const out = await build({
    entryPoints: [path.join(root, 'proxy/worker.ts')],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    write: false,
  });
  const file = out.outputFiles[0];
  if (!file) throw new Error('esbuild produced no worker bundle');
  return file.text;
}

let script: Promise<string> | null = null;

describeProxyContract('workerd (Miniflare)', async (config) => {
  script ??= bundleWorkerAsync();
  const mf = new Miniflare({
    modules: true,
    script: await script,
    compatibilityDate: '2026-04-01',
    bindings: {
      UPSTREAM: config.upstream,
      MAX_BODY_BYTES: String(config.maxBodyBytes),
      ...(config.teamToken && config.serverKey ? { TEAM_TOKEN: config.teamToken, BFL_API_KEY: config.serverKey } : {}),
    },
  });
  await mf.ready;
  return {
    fetch: async (url, init) => {
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
    },
    closeAsync: () => mf.dispose(),
  };
});
