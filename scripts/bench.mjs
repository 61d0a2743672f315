// `npm run bench`: bundle sizes, speed and memory, never asserted in tests. Each part prints its own table with
// ratios against a baseline measured in the same run (these machines are noisy).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const parts = [
  ['Bundle sizes: what Figma loads (dist/ui.html, dist/code.js)', 'scripts/bench-bundle.mjs'],
  ["UI pipeline in Chromium (prepare + finish) vs the browser's plain decode + encode", 'scripts/bench-ui.mjs'],
  ['Offline engine vs OpenCV Telea', 'scripts/bench-engine.mjs'],
  ['Batch of frames and a variant set vs one frame (fake BFL latency fixed)', 'scripts/bench-batch.mjs'],
  ['FLUX passes: detail past 4 MP and extreme ratios in steps (strict fake BFL)', 'scripts/bench-passes.mjs'],
  ['Sandbox time per selection change: 1, 20 and 200 image layers', 'scripts/bench-selection.mjs'],
  ['Proxy under loopback load (Node and workerd) vs calling the fake directly', 'scripts/bench-proxy.mjs'],
  ['Proxy on Node held by slow-body clients and HEADs: RSS vs idle', 'scripts/bench-proxy-limits.mjs'],
];
let failed = 0;
for (const [title, script] of parts) {
  const file = path.join(root, script);
  if (!existsSync(file)) continue;
  console.log(`\n## ${title}\n`);
  const run = spawnSync(process.execPath, [file, ...process.argv.slice(2)], { stdio: 'inherit', cwd: root });
  if (run.status !== 0) failed += 1;
}
process.exit(failed ? 1 : 0);
