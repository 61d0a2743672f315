// `npm run bench` part: the size of what Figma loads, freshly built into dist/ (scripts/build.mjs). ui.html
// is split into its largest parts so a change that grows it shows where: the PNG codec's wasm and the pixel
// worker's source (each inlined once, gzip-compressed, as base64), the CSS and the rest of the panel's script. Issue #11
// sets ui.html's budget at 400 KB; this prints the figure beside it and asserts nothing.
// Usage: node scripts/bench-bundle.mjs
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { UI_BUDGET_BYTES, buildAll } from './build.mjs';
import { inlinedParts } from './lib/ui-html-parts.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const report = await buildAll();
const html = await readFile(path.join(root, 'dist/ui.html'));
const code = await readFile(path.join(root, 'dist/code.js'));
const text = html.toString('utf8');

const { wasmRuns, workerRuns } = inlinedParts(text);
const wasmBytes = wasmRuns.reduce((sum, run) => sum + run.length, 0);
const workerBytes = workerRuns.reduce((sum, run) => sum + run.length, 0);
const cssBytes = Buffer.byteLength(/<style>([\s\S]*?)<\/style>/.exec(text)?.[1] ?? '');
const restBytes = report.uiBytes - wasmBytes - workerBytes - cssBytes;

const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
const row = (name, n, gz = '') => console.log(`| ${name} | ${n.toLocaleString('en')} B | ${kb(n)} | ${gz} |`);
console.log('| file | bytes | size | gzip -9 |');
console.log('|---|---|---|---|');
row('dist/ui.html', report.uiBytes, kb(gzipSync(html, { level: 9 }).length));
row(`├ PNG wasm, gzip + base64 (copies: ${wasmRuns.length})`, wasmBytes);
row(
  `├ pixel worker source, gzip + base64 (${report.workerBytes.toLocaleString('en')} B inflated, no wasm)`,
  workerBytes,
);
row('├ CSS', cssBytes);
row('└ panel script and page (the rest)', restBytes);
row('dist/code.js', code.length, kb(gzipSync(code, { level: 9 }).length));
const verdict = report.uiBytes <= UI_BUDGET_BYTES ? 'within' : 'OVER';
console.log(
  `\ndist/ui.html: ${report.uiBytes.toLocaleString('en')} B, ${verdict} issue #11's budget of ${UI_BUDGET_BYTES.toLocaleString('en')} B.`,
);
