// Builds what Figma loads: dist/code.js (sandbox, es2017) and dist/ui.html (one self-contained file:
// JS, CSS, the pixel worker and its wasm inlined; no external URL — docs/figma-plugin-api.md, Manifest and network access `ui`).
// Usage: node scripts/build.mjs [--watch] [--outdir DIR]
import * as esbuild from 'esbuild';
import { gzipAsync } from '@gfx/zopfli';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { watch } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const outdirArg = args.indexOf('--outdir');
const outdir = path.resolve(root, outdirArg >= 0 ? args[outdirArg + 1] : 'dist');

/**
 * The most dist/ui.html may weigh (issue #11): Figma loads the whole panel, the PNG wasm and the pixel worker from
 * this one file at every launch. `npm run bench` prints the size against it and test/security/bundle-scan.test.ts
 * holds it.
 */
export const UI_BUDGET_BYTES = 400_000;

/** Zopfli's passes over the file: 15 is its own default (https://github.com/google/zopfli, README). */
const ZOPFLI_ITERATIONS = 15;
const ZOPFLI_CACHE = path.join(root, 'node_modules', '.cache', 'outpaint-zopfli');

/**
 * The file gzip-compressed by Zopfli: a plain gzip stream any inflater reads, about 7 % smaller than zlib's level 9
 * (the PNG wasm: 79 KB instead of 85 KB, some 8 KB less of dist/ui.html once in base64), for ~1.5 s of CPU. Kept in
 * node_modules/.cache by the file's hash, so tests and watch builds pay it once. Zopfli is deterministic.
 */
async function zopfliGzipAsync(bytes) {
  const key = createHash('sha256').update(bytes).digest('hex');
  const cached = path.join(ZOPFLI_CACHE, `${key}-i${ZOPFLI_ITERATIONS}.gz`);
  try {
    return await readFile(cached);
  } catch {
    const gzipped = await gzipAsync(bytes, { numiterations: ZOPFLI_ITERATIONS });
    await mkdir(ZOPFLI_CACHE, { recursive: true });
    // Written aside, then renamed: a build stopped halfway never leaves a cut-off file to be read as whole.
    const partial = `${cached}.${process.pid}.tmp`;
    await writeFile(partial, gzipped);
    await rename(partial, cached);
    return gzipped;
  }
}

/**
 * `import bytes from 'some/file?gzip'` gives the file gzip-compressed, as a Uint8Array (esbuild's binary loader).
 * The PNG codec's wasm (181 KB) is inlined this way, about 79 KB before base64; the page or worker inflates it
 * with DecompressionStream (https://developer.mozilla.org/en-US/docs/Web/API/DecompressionStream) before compiling
 * it (ui/pixels/wasm-png-codec.ts). Every bundle of ui/pixels uses this plugin, tests and bench included.
 */
export const gzipBinaryPlugin = {
  name: 'gzip-binary',
  setup(build) {
    build.onResolve({ filter: /\?gzip$/ }, async (args) => {
      const resolved = await build.resolve(args.path.slice(0, -'?gzip'.length), {
        kind: args.kind,
        resolveDir: args.resolveDir,
      });
      if (resolved.errors.length > 0) return { errors: resolved.errors };
      return { path: resolved.path, namespace: 'gzip-binary' };
    });
    build.onLoad({ filter: /.*/, namespace: 'gzip-binary' }, async (args) => ({
      // No timestamp in the gzip header, so the same file gives the same bytes on every build.
      contents: await zopfliGzipAsync(await readFile(args.path)),
      loader: 'binary',
      watchFiles: [args.path],
    }));
  },
};

/**
 * The build-time names that carry the pixel worker's bundled source into a page script: gzip-compressed (Zopfli,
 * cached like the wasm) and base64-encoded. About 58 KB of minified JavaScript ships as about 22 KB, which keeps
 * ui.html within its budget although the engine is in it twice (in the worker, and on the page for the main-thread
 * fallback). ui/pixels/built-worker-source.ts inflates it when the pipeline first starts a worker.
 */
export async function workerDefinesAsync(workerSource) {
  const gzipped = await zopfliGzipAsync(Buffer.from(workerSource, 'utf8'));
  return { __PIXEL_WORKER_GZIP__: JSON.stringify(Buffer.from(gzipped).toString('base64')) };
}

const common = {
  bundle: true,
  write: false,
  logLevel: 'warning',
  legalComments: 'none',
  absWorkingDir: root,
  plugins: [gzipBinaryPlugin],
  jsx: 'automatic',
  jsxImportSource: 'preact',
};

async function buildSandbox() {
  const result = await esbuild.build({
    ...common,
    entryPoints: ['plugin/main.ts'],
    // Figma's sandbox: object spread/rest in the main thread is the known problem (docs/toolchain.md, gotcha 8).
    target: 'es2017',
    // An ES2018 regex feature (valibot's unused EMOJI_REGEX has \p{…}) would otherwise be lowered to `new RegExp(…)`,
    // which esbuild must keep as a possible side effect; left a literal, an unused one is tree-shaken, and a used
    // one fails the ES2017 parse in test/plugin/bundle-smoke.test.ts (https://esbuild.github.io/api/#supported).
    supported: { 'regexp-unicode-property-escapes': true },
    format: 'iife',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    tsconfig: 'plugin/tsconfig.json',
    outfile: 'code.js',
  });
  return result.outputFiles[0].text;
}

// Figma's plugin iframe is not a secure context, so CacheStorage (`caches`) does not exist there
// (https://developer.mozilla.org/en-US/docs/Web/API/Window/caches: secure contexts only). @jsquash/png's glue
// only reads `globalThis.caches` to detect Cloudflare Workers; the build states the fact, so no bundle names a
// secure-context-only API (test/security/bundle-scan.test.ts).
const INSECURE_CONTEXT_DEFINES = { 'globalThis.caches': 'undefined' };

async function buildWorker() {
  const result = await esbuild.build({
    ...common,
    entryPoints: ['ui/worker/pixel-worker.ts'],
    target: 'es2020',
    format: 'iife',
    platform: 'browser',
    tsconfig: 'ui/tsconfig.json',
    outfile: 'worker.js',
    minify: true,
    define: INSECURE_CONTEXT_DEFINES,
  });
  return result.outputFiles[0].text;
}

async function buildUi(workerSource) {
  const result = await esbuild.build({
    ...common,
    entryPoints: ['ui/main.tsx'],
    target: 'es2020',
    format: 'iife',
    platform: 'browser',
    tsconfig: 'ui/tsconfig.json',
    outdir: 'out',
    minify: true,
    define: {
      ...INSECURE_CONTEXT_DEFINES,
      ...(await workerDefinesAsync(workerSource)),
      __OUTPAINT_VERSION__: JSON.stringify(JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')).version),
    },
  });
  const js = result.outputFiles.find((f) => f.path.endsWith('.js'))?.text ?? '';
  const css = result.outputFiles.find((f) => f.path.endsWith('.css'))?.text ?? '';
  const template = await readFile(path.join(root, 'ui/index.html'), 'utf8');
  // Inline scripts must not close their own tag early.
  const safeJs = js.replace(/<\/script/gi, '<\\/script');
  const safeCss = css.replace(/<\/style/gi, '<\\/style');
  return template
    .replace('<!--STYLE-->', () => `<style>${safeCss}</style>`)
    .replace('<!--SCRIPT-->', () => `<script>${safeJs}</script>`);
}

export async function buildAll() {
  const started = Date.now();
  const [code, worker] = await Promise.all([buildSandbox(), buildWorker()]);
  const html = await buildUi(worker);
  await mkdir(outdir, { recursive: true });
  await writeFile(path.join(outdir, 'code.js'), code);
  await writeFile(path.join(outdir, 'ui.html'), html);
  return {
    ms: Date.now() - started,
    codeBytes: Buffer.byteLength(code),
    uiBytes: Buffer.byteLength(html),
    workerBytes: Buffer.byteLength(worker),
  };
}

async function main() {
  const report = (r) =>
    console.log(
      `built ${path.relative(root, outdir)}/code.js (${r.codeBytes} B) and ui.html (${r.uiBytes} B) in ${r.ms} ms`,
    );
  report(await buildAll());
  if (!args.includes('--watch')) return;
  let timer = null;
  const rebuild = () => {
    clearTimeout(timer);
    timer = setTimeout(() => buildAll().then(report, (e) => console.error(e.message)), 80);
  };
  for (const dir of ['plugin', 'ui', 'common']) watch(path.join(root, dir), { recursive: true }, rebuild);
  console.log('watching plugin/, ui/, common/ …');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(e.message ?? e);
    process.exit(1);
  });
}
