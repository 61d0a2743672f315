// `npm run bench` part: the size of what Figma loads, freshly built into dist/ (scripts/build.mjs). ui.html
// is split into its largest parts so a change that grows it shows where: the PNG codec's wasm (inlined once,
// gzip-compressed, as base64), the pixel worker's source, the CSS and the rest of the panel's script. Issue #11
// sets ui.html's budget at 400 KB; this prints the figure beside it and asserts nothing.
// Usage: node scripts/bench-bundle.mjs
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { UI_BUDGET_BYTES, buildAll } from './build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const report = await buildAll();
const html = await readFile(path.join(root, 'dist/ui.html'));
const code = await readFile(path.join(root, 'dist/code.js'));
const text = html.toString('utf8');

// The only base64 run this long in ui.html is the wasm (esbuild's binary loader); the worker carries none.
const base64Runs = [...text.matchAll(/[A-Za-z0-9+/]{10000,}={0,2}/g)].map((m) => m[0].length);
const wasmBytes = base64Runs.reduce((sum, n) => sum + n, 0);
const cssBytes = Buffer.byteLength(/<style>([\s\S]*?)<\/style>/.exec(text)?.[1] ?? '');
const restBytes = report.uiBytes - wasmBytes - report.workerBytes - cssBytes;

const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
const row = (name, n, gz = '') => console.log(`| ${name} | ${n.toLocaleString('en')} B | ${kb(n)} | ${gz} |`);
console.log('| file | bytes | size | gzip -9 |');
console.log('|---|---|---|---|');
row('dist/ui.html', report.uiBytes, kb(gzipSync(html, { level: 9 }).length));
row(`├ PNG wasm, gzip + base64 (copies: ${base64Runs.length})`, wasmBytes);
row('├ pixel worker source (no wasm)', report.workerBytes);
row('├ CSS', cssBytes);
row('└ panel script and page (the rest)', restBytes);
row('dist/code.js', code.length, kb(gzipSync(code, { level: 9 }).length));
const verdict = report.uiBytes <= UI_BUDGET_BYTES ? 'within' : 'OVER';
console.log(
  `\ndist/ui.html: ${report.uiBytes.toLocaleString('en')} B, ${verdict} issue #11's budget of ${UI_BUDGET_BYTES.toLocaleString('en')} B.`,
);
