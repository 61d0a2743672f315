// `npm run bench` part: the wall time of a 20-frame batch divided by one frame's wall time, through the real
// batch runner, the real sandbox controller (on the figma fake) and the real FLUX client against the strict fake
// BFL server with its latency fixed. The ideal is close to 1: the 20 tasks overlap under the 24-task ceiling.
// The pixel pipeline passes bytes through (its own cost is measured by bench-ui.mjs).
// Usage: node scripts/bench-batch.mjs [--runs N] [--latency MS] [--frames N]
import { loadTsModuleAsync } from './lib/load-ts-module.mjs';
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  const value = i >= 0 ? Number(args[i + 1]) : NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
};
const RUNS = option('--runs', 3);
const LATENCY_MS = option('--latency', 2000);
const FRAMES = option('--frames', 20);
const POLL_MS = 250;

function loadHarnessAsync() {
  return loadTsModuleAsync(
    [
      "export * from './test/ui/jobs/support/engine-harness';",
      "export { startFakeBflAsync } from './test/fake-bfl/fake-bfl-server';",
    ],
    'batch',
  );
}

async function timeBatchAsync(h, frames) {
  const bfl = await h.startFakeBflAsync({ latencyMs: LATENCY_MS, concurrencyLimit: 24 });
  const figma = h.createFigmaFake();
  for (let i = 0; i < frames; i += 1) await h.addFrameAsync(figma, { name: `F${i}`, width: 200 + i, height: 120 });
  figma.currentPage.selection = figma.currentPage.children.slice();
  const session = await h.openPanelAsync(figma, { settings: h.fluxSettings(bfl.url), pollIntervalMs: POLL_MS });
  await h.waitForAsync(() => session.store.getState().selection?.targets.length === frames, 'targets');
  const started = performance.now();
  await session.runner.outpaintSelectionAsync();
  await session.settleAsync();
  const ms = performance.now() - started;
  const rows = session.store.getState().batch.rows;
  const written = rows.filter((r) => r.status === 'done').length;
  const maxActive = bfl.state.maxActiveObserved;
  session.close();
  await bfl.closeAsync();
  if (written !== frames) throw new Error(`only ${written} of ${frames} frames were written`);
  return { ms, maxActive };
}

const h = await loadHarnessAsync();
console.log(`Fake BFL latency ${LATENCY_MS} ms per task, polls every ${POLL_MS} ms, ${RUNS} runs (median).\n`);
const ones = [];
const many = [];
let maxActive = 0;
for (let run = 0; run < RUNS; run += 1) {
  // Alternated, so drift on this shared machine hits both sides alike.
  ones.push((await timeBatchAsync(h, 1)).ms);
  const batch = await timeBatchAsync(h, FRAMES);
  many.push(batch.ms);
  maxActive = Math.max(maxActive, batch.maxActive);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const one = median(ones);
const all = median(many);
console.log('| case | wall time (median) | tasks in flight at most |');
console.log('|---|---|---|');
console.log(`| 1 frame | ${(one / 1000).toFixed(2)} s | 1 |`);
console.log(`| ${FRAMES} frames | ${(all / 1000).toFixed(2)} s | ${maxActive} |`);
console.log(
  `\n${FRAMES}-frame batch / one frame = ${(all / one).toFixed(2)} (ideal ≈ 1; ${FRAMES} frames one after another would be ${FRAMES})`,
);
process.exit(0);
