// `npm run bench` part: the sandbox's time per selection change, for a frame holding 1, 20 and 200 image layers,
// through the real controller and planner on the typed figma fake. Planning reads image sizes only, so the time
// should stay flat (ratio to the 1-layer frame near 1) and the files Figma is made to load stay at one: the
// chosen layer's, for the panel's preview. The fake answers getBytesAsync at once; in Figma every read may be a
// download, so the count of reads is the figure that matters there.
// Usage: node scripts/bench-selection.mjs [--runs N]
import { loadTsModuleAsync } from './lib/load-ts-module.mjs';

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const RUNS = runsAt >= 0 && Number(args[runsAt + 1]) > 0 ? Number(args[runsAt + 1]) : 15;
const LAYERS = [1, 20, 200];

const h = await loadTsModuleAsync(
  [
    "export { createFigmaFake, imagePaint } from './test/fakes/figma-fake';",
    "export { pngHeaderBytes } from './test/fakes/read-image-header';",
    "export { createTestController } from './test/plugin/controller-harness';",
  ],
  'selection',
);

let salt = 0;
function moodboard(fake, layers) {
  const children = [];
  for (let i = 0; i < layers; i += 1) {
    salt += 1;
    const hash = fake.storeImage(h.pngHeaderBytes(100 + (i % 50), 80 + (salt % 50), salt));
    children.push({
      type: 'RECTANGLE',
      name: `Photo ${i}`,
      x: (i % 20) * 200,
      y: Math.floor(i / 20) * 200,
      width: 100,
      height: 80,
      fills: [h.imagePaint(hash, 'FILL')],
    });
  }
  return fake.build({ name: `Moodboard ${layers}`, width: 4000, height: 2200, children });
}

/** Median ms from a selection change to the controller being idle (report and preview bytes sent), and reads. */
async function measureAsync(layers) {
  const times = [];
  let reads = 0;
  for (let run = 0; run < RUNS; run += 1) {
    const fake = h.createFigmaFake();
    const controller = h.createTestController(fake, { selectionDebounceMs: 0 });
    await fake.ui.sendFromUi({ type: 'ui/ready' });
    await controller.whenIdleAsync();
    // A new frame each run, with images the controller has never seen: nothing is cached.
    const frame = moodboard(fake, layers);
    let count = 0;
    fake.onImageBytesRead = () => (count += 1);
    const started = performance.now();
    fake.currentPage.selection = [frame];
    await new Promise((resolve) => setTimeout(resolve, 0)); // Figma's selectionchange event
    await controller.whenIdleAsync();
    times.push(performance.now() - started);
    reads = Math.max(reads, count);
    controller.dispose();
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], reads };
}

const rows = [];
for (const layers of LAYERS) rows.push({ layers, ...(await measureAsync(layers)) });
const base = rows[0]?.ms ?? 1;
console.log(`Sandbox time per selection change (real controller and planner on the figma fake), median of ${RUNS}`);
console.log('| image layers in the frame | ms per selection change | ratio to 1 layer | image files read |');
console.log('| --- | --- | --- | --- |');
for (const row of rows)
  console.log(`| ${row.layers} | ${row.ms.toFixed(1)} | ${(row.ms / base).toFixed(2)}× | ${row.reads} |`);
for (const row of rows)
  console.log(
    `selection of ${row.layers} image layers ÷ 1 layer = ${(row.ms / base).toFixed(2)} (${row.reads} file read)`,
  );
