#!/usr/bin/env node
// Offline engine bench: time and peak memory at 1 MP and 4 MP canvases, beside OpenCV Telea on the
// same canvases when Debian's python3-opencv is installed (Telea as the engine evaluation runs it,
// common/engine/README.md). The machine is shared, so compare the ratio to Telea measured in the
// same run, not absolute seconds.
//   node scripts/bench-engine.mjs [--json] [--sizes 1,4] [--repeat N]   (default: median of 3)
// Each engine run is a child process, so maxRSS is the engine's own peak. Besides wall seconds, both
// sides report CPU seconds (user + system): on a machine shared with other jobs the wall time
// mostly measures the queue for a core, the CPU time much less so. With --repeat, each cell is the
// median of N runs, engine and Telea alternating.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bilinearResize } from './lib/bilinear-resize.mjs';

// In the repo (test/fixtures/images/SOURCES.md), so the bench runs on a fresh clone with nothing beside it.
const HUBBLE = fileURLToPath(new URL('../test/fixtures/images/hubble_deep_field.jpg', import.meta.url));
const SIZES = { 1: [1071, 934], 4: [2142, 1868] };
// Engine CPU goals per canvas size (issue 14): seconds of CPU (user + system) for one run.
const CPU_GOALS = { 1: 1.0, 4: 2.5 };
const SELF = fileURLToPath(import.meta.url);

function centreCrop(image, w, h) {
  const x = (image.width - w) >> 1;
  const y = (image.height - h) >> 1;
  const data = new Uint8ClampedArray(w * h * 4);
  for (let row = 0; row < h; row++) {
    const from = ((y + row) * image.width + x) * 4;
    data.set(image.data.subarray(from, from + w * 4), row * w * 4);
  }
  return { reference: { data, width: w, height: h }, x, y };
}

async function childAsync(W, H) {
  const { readImageAsync } = await import('./lib/node-codecs.mjs');
  const { loadEngineAsync } = await import('./lib/load-engine.mjs');
  const canvas = bilinearResize(await readImageAsync(HUBBLE), W, H);
  const { reference, x, y } = centreCrop(canvas, Math.round(W * 0.6), Math.round(H * 0.6));
  canvas.data = null;
  const engine = await loadEngineAsync();
  const rssBefore = process.resourceUsage().maxRSS;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  engine.outpaintOffline({ reference, canvasWidth: W, canvasHeight: H, offsetX: x, offsetY: y, seed: 1 });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  process.stdout.write(
    JSON.stringify({
      seconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      setupRssMb: rssBefore / 1024,
    }),
  );
}

function teleaSeconds(W, H) {
  const python = '/usr/bin/python3';
  if (!existsSync(python)) return null;
  const script = `
import cv2, numpy as np, time, sys
img = cv2.imread(sys.argv[1]); W, H = int(sys.argv[2]), int(sys.argv[3])
img = cv2.resize(img, (W, H), interpolation=cv2.INTER_LINEAR)
w, h = round(0.6 * W), round(0.6 * H); x, y = (W - w) // 2, (H - h) // 2
mask = np.full((H, W), 255, np.uint8); mask[y:y + h, x:x + w] = 0
img[mask > 0] = 0
t = time.perf_counter(); c = time.process_time()
cv2.inpaint(img, mask, 3, cv2.INPAINT_TELEA)
print(time.perf_counter() - t, time.process_time() - c)
`;
  const r = spawnSync(python, ['-c', script, HUBBLE, String(W), String(H)], { encoding: 'utf8' });
  if (r.status !== 0) return null;
  const [seconds, cpuSeconds] = r.stdout.trim().split(/\s+/).map(Number);
  return { seconds, cpuSeconds };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function mainAsync() {
  const { values } = parseArgs({
    options: {
      json: { type: 'boolean' },
      sizes: { type: 'string' },
      repeat: { type: 'string' },
      child: { type: 'string' },
    },
  });
  if (values.child !== undefined) {
    const [W, H] = values.child.split('x').map(Number);
    await childAsync(W, H);
    return;
  }
  const sizes = (values.sizes ?? '1,4').split(',').map((s) => s.trim());
  const repeat = Number(values.repeat ?? '3');
  if (!Number.isInteger(repeat) || repeat < 1)
    throw new Error(`--repeat must be a whole number ≥ 1, got ${values.repeat}.`);
  const rows = [];
  for (const mp of sizes) {
    const dims = SIZES[mp];
    if (dims === undefined) throw new Error(`Unknown size ${mp}: use 1 or 4 (MP).`);
    const [W, H] = dims;
    const engineRuns = [];
    const teleaRuns = [];
    for (let run = 0; run < repeat; run++) {
      const r = spawnSync(process.execPath, [SELF, '--child', `${W}x${H}`], { encoding: 'utf8', maxBuffer: 1 << 20 });
      if (r.status !== 0) throw new Error(`Engine bench at ${W}×${H} failed:\n${r.stderr}`);
      engineRuns.push(JSON.parse(r.stdout));
      const telea = teleaSeconds(W, H);
      if (telea !== null) teleaRuns.push(telea);
    }
    const engineSeconds = median(engineRuns.map((e) => e.seconds));
    const engineCpuSeconds = median(engineRuns.map((e) => e.cpuSeconds));
    const teleaWall = teleaRuns.length > 0 ? median(teleaRuns.map((t) => t.seconds)) : null;
    const teleaCpu = teleaRuns.length > 0 ? median(teleaRuns.map((t) => t.cpuSeconds)) : null;
    rows.push({
      mp: Number(mp),
      width: W,
      height: H,
      runs: repeat,
      engineSeconds,
      engineCpuSeconds,
      peakRssMb: Math.max(...engineRuns.map((e) => e.peakRssMb)),
      // RSS before the engine starts (JPEG decode, upscale, bundling): the engine's own share is the difference.
      setupRssMb: Math.max(...engineRuns.map((e) => e.setupRssMb)),
      teleaSeconds: teleaWall,
      teleaCpuSeconds: teleaCpu,
      ratioToTelea: teleaWall ? engineSeconds / teleaWall : null,
      cpuRatioToTelea: teleaCpu ? engineCpuSeconds / teleaCpu : null,
      cpuGoalSeconds: CPU_GOALS[mp] ?? null,
    });
  }
  if (values.json) {
    console.log(JSON.stringify(rows, null, 2));
    return;
  }
  console.log(`offline engine (hubble_deep_field upscaled, centred 60 % crop: 64 % generated), median of ${repeat}`);
  console.log(
    '| MP | canvas | engine wall s | engine CPU s (goal) | peak RSS MB (engine) | Telea wall s | Telea CPU s | ratio wall | ratio CPU |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  const na = 'n/a (no python3-opencv)';
  for (const r of rows) {
    const cells = [
      r.mp,
      `${r.width}×${r.height}`,
      r.engineSeconds.toFixed(2),
      r.cpuGoalSeconds === null
        ? r.engineCpuSeconds.toFixed(2)
        : `${r.engineCpuSeconds.toFixed(2)} (≤ ${r.cpuGoalSeconds.toFixed(1)}: ${r.engineCpuSeconds <= r.cpuGoalSeconds ? 'met' : 'missed'})`,
      `${r.peakRssMb.toFixed(0)} (${Math.max(0, r.peakRssMb - r.setupRssMb).toFixed(0)})`,
      r.teleaSeconds === null ? na : r.teleaSeconds.toFixed(2),
      r.teleaCpuSeconds === null ? na : r.teleaCpuSeconds.toFixed(2),
      r.ratioToTelea === null ? 'n/a' : `${r.ratioToTelea.toFixed(1)}×`,
      r.cpuRatioToTelea === null ? 'n/a' : `${r.cpuRatioToTelea.toFixed(1)}×`,
    ];
    console.log(`| ${cells.join(' | ')} |`);
  }
}

mainAsync().catch((error) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
