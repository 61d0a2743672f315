// UI-side bench: in headless Chromium, the time per job of the real pixel pipeline (prepare the reference +
// finish the written image, worker included) at 1 MP and 4 MP canvases, the bytes uploaded, and beside it, in
// the same run, the browser's plain decode + encode of the same images as a floor. Prints a table with the ratio.
// Usage: node scripts/bench-ui.mjs [--runs N]
/* global OffscreenCanvas, createImageBitmap, Blob -- runCaseInPage runs in the browser page */
import * as esbuild from 'esbuild';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { gzipBinaryPlugin, workerDefinesAsync } from './build.mjs';
import { CHROMIUM_FLAGS, ensureChromium } from './find-chromium.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const runsArg = args.indexOf('--runs');
const RUNS = runsArg >= 0 ? Math.max(1, Number(args[runsArg + 1]) || 3) : 3;

// Canvas sizes in API pixels; the source photo fills most of it and the plan crops a margin off it, so the
// reference is re-encoded (the costlier path) rather than sent untouched.
const CASES = [
  {
    label: '1 MP',
    canvas: { width: 1024, height: 1024 },
    source: { width: 1000, height: 872 },
    crop: { x: 50, y: 36, width: 900, height: 800 },
    at: { x: 62, y: 112 },
  },
  {
    label: '4 MP',
    canvas: { width: 2048, height: 2048 },
    source: { width: 2000, height: 1744 },
    crop: { x: 100, y: 72, width: 1800, height: 1600 },
    at: { x: 124, y: 224 },
  },
];

async function bundleAsync(options) {
  const result = await esbuild.build({
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    plugins: [gzipBinaryPlugin],
    tsconfig: path.join(root, 'ui/tsconfig.json'),
    absWorkingDir: root,
    logLevel: 'error',
    ...options,
  });
  return result.outputFiles[0].text;
}

async function buildPageScriptAsync() {
  const worker = await bundleAsync({ entryPoints: ['ui/worker/pixel-worker.ts'], minify: true });
  return bundleAsync({
    stdin: {
      contents:
        "import { createPixelPipeline } from './ui/pixels/pixel-pipeline';\nglobalThis.__bench = { createPixelPipeline };",
      resolveDir: root,
      loader: 'ts',
    },
    minify: true,
    define: await workerDefinesAsync(worker),
  });
}

function planFor(c) {
  return {
    width: c.canvas.width,
    height: c.canvas.height,
    offsetX: c.at.x,
    offsetY: c.at.y,
    autoCrop: false,
    quarterTurns: 0,
    crop: c.crop,
    reference: { width: c.crop.width, height: c.crop.height },
    scale: 1,
    density: 1,
    limitedBy: [],
    output: { width: c.canvas.width, height: c.canvas.height, offsetX: c.at.x, offsetY: c.at.y, scale: 1 },
    fastMode: { allowed: true, problems: [] },
    megapixels: (c.canvas.width * c.canvas.height) / 1e6,
  };
}

// Runs inside the page. Makes a PNG source (the photo scaled to the case's size) and a PNG "result" (the photo
// stretched over the canvas, as an engine would return), then times the pipeline and the floor alternately.
async function runCaseInPage({ photo, plan, source, runs }) {
  const { createPixelPipeline } = globalThis.__bench;
  const encodePng = async (bitmap, width, height) => {
    const canvas = new OffscreenCanvas(width, height);
    canvas.getContext('2d').drawImage(bitmap, 0, 0, width, height);
    return new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
  };
  const photoBitmap = await createImageBitmap(new Blob([photo], { type: 'image/jpeg' }));
  const sourceBytes = await encodePng(photoBitmap, source.width, source.height);
  const resultBytes = await encodePng(photoBitmap, plan.width, plan.height);
  const pipeline = createPixelPipeline();
  const status = await pipeline.statusAsync();

  const job = async () => {
    const t0 = performance.now();
    const prepared = await pipeline.prepareReferenceAsync(sourceBytes, plan);
    const t1 = performance.now();
    const finished = await pipeline.finishAsync({
      source: sourceBytes,
      result: resultBytes,
      plan,
      feather: 4,
      format: 'png',
    });
    const t2 = performance.now();
    return { prepare: t1 - t0, finish: t2 - t1, uploaded: prepared.bytes.length, written: finished.bytes.length };
  };
  // The floor: what the browser itself needs to decode both images and encode one canvas-sized PNG.
  const floor = async () => {
    const t0 = performance.now();
    for (const bytes of [sourceBytes, resultBytes]) {
      const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const context = canvas.getContext('2d', { willReadFrequently: true });
      context.drawImage(bitmap, 0, 0);
      context.getImageData(0, 0, bitmap.width, bitmap.height);
      bitmap.close();
    }
    const out = new OffscreenCanvas(plan.width, plan.height);
    out.getContext('2d').drawImage(photoBitmap, 0, 0, plan.width, plan.height);
    await out.convertToBlob({ type: 'image/png' });
    return performance.now() - t0;
  };
  await job();
  await floor();
  const jobs = [];
  const floors = [];
  for (let i = 0; i < runs; i++) {
    jobs.push(await job());
    floors.push(await floor());
  }
  pipeline.dispose();
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return {
    mode: status.mode,
    prepare: median(jobs.map((j) => j.prepare)),
    finish: median(jobs.map((j) => j.finish)),
    total: median(jobs.map((j) => j.prepare + j.finish)),
    floor: median(floors),
    uploaded: jobs[0].uploaded,
    sourceBytes: sourceBytes.length,
    written: jobs[0].written,
  };
}

async function main() {
  const executablePath = ensureChromium();
  const [script, photo] = await Promise.all([
    buildPageScriptAsync(),
    readFile(path.join(root, 'test/fixtures/images/hubble_deep_field.jpg')),
  ]);
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_FLAGS, headless: true });
  try {
    const page = await browser.newPage();
    await page.route('http://bench.local/', (route) =>
      route.fulfill({ contentType: 'text/html', body: '<!doctype html><meta charset="utf-8"><title>bench</title>' }),
    );
    await page.goto('http://bench.local/');
    await page.addScriptTag({ content: script });
    const rows = [];
    for (const c of CASES) {
      const r = await page.evaluate(runCaseInPage, {
        photo: new Uint8Array(photo),
        plan: planFor(c),
        source: c.source,
        runs: RUNS,
      });
      rows.push({ c, r });
    }
    const kb = (n) => `${(n / 1024).toFixed(0)} KiB`;
    const ms = (n) => `${n.toFixed(0)} ms`;
    console.log(`UI pixel pipeline, headless Chromium, median of ${RUNS} runs (mode: ${rows[0]?.r.mode})`);
    console.table(
      rows.map(({ c, r }) => ({
        canvas: `${c.label} (${c.canvas.width}×${c.canvas.height})`,
        prepare: ms(r.prepare),
        finish: ms(r.finish),
        'job (prepare+finish)': ms(r.total),
        'floor (decode+encode)': ms(r.floor),
        ratio: `${(r.total / r.floor).toFixed(2)}×`,
        uploaded: `${kb(r.uploaded)} (source ${kb(r.sourceBytes)})`,
        written: kb(r.written),
      })),
    );
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  console.error(error?.message ?? error);
  process.exit(1);
});
