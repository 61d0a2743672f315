#!/usr/bin/env node
// Fingerprints of the offline engine's output on 13 cases (canvas sizes from 64×64 to 4 MP, offsets on
// every side and negative, seeds, a transparent hole and partial alpha), so a change meant only to make
// the engine faster can be shown to leave every byte as it was (common/engine/README.md, speed):
//   node scripts/engine-output-hashes.mjs --write before.json   (on the commit before the change)
//   node scripts/engine-output-hashes.mjs --compare before.json (after it: exit 1 on any difference)
// Images come from test/fixtures, so it runs on a fresh clone. About 10 s.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadEngineAsync } from './lib/load-engine.mjs';
import { readImageAsync } from './lib/node-codecs.mjs';
import { bilinearResize } from './lib/bilinear-resize.mjs';

const fixture = (path) => fileURLToPath(new URL(`../test/fixtures/${path}`, import.meta.url));

async function imageAsync(path) {
  const image = await readImageAsync(fixture(path));
  return { data: new Uint8ClampedArray(image.data), width: image.width, height: image.height };
}

function crop(image, x, y, w, h) {
  const data = new Uint8ClampedArray(w * h * 4);
  for (let row = 0; row < h; row++) {
    const from = ((y + row) * image.width + x) * 4;
    data.set(image.data.subarray(from, from + w * 4), row * w * 4);
  }
  return { data, width: w, height: h };
}

async function casesAsync() {
  const hubble = await imageAsync('images/hubble_deep_field.jpg');
  // The bench case: hubble upscaled to the canvas, its centred 60 % crop as the reference.
  const bench = (W, H) => {
    const w = Math.round(W * 0.6);
    const h = Math.round(H * 0.6);
    const x = (W - w) >> 1;
    const y = (H - h) >> 1;
    return {
      reference: crop(bilinearResize(hubble, W, H), x, y, w, h),
      canvasWidth: W,
      canvasHeight: H,
      offsetX: x,
      offsetY: y,
    };
  };
  const astronaut = await imageAsync('images/astronaut.png');
  const chelsea = await imageAsync('images/chelsea.png');
  const brick = await imageAsync('images/brick.png');
  const coffee = await imageAsync('images/coffee.png');
  const wood = await imageAsync('engine-images/wood.jpg');
  const grace = await imageAsync('engine-images/grace-hopper.jpg');
  const camera = await imageAsync('engine-images/camera.jpg');
  const meadow = await imageAsync('engine-images/meadow-open.jpg');
  // A transparent hole in the middle and a half-transparent strip along the top.
  const holed = { data: new Uint8ClampedArray(camera.data), width: camera.width, height: camera.height };
  for (let y = 40; y < 90; y++) for (let x = 60; x < 130; x++) holed.data[(y * holed.width + x) * 4 + 3] = 0;
  for (let y = 0; y < 20; y++) for (let x = 0; x < holed.width; x++) holed.data[(y * holed.width + x) * 4 + 3] = 128;
  const at = (reference, canvasWidth, canvasHeight, offsetX, offsetY, seed) => ({
    reference,
    canvasWidth,
    canvasHeight,
    offsetX,
    offsetY,
    seed,
  });
  return [
    ['bench 1 MP, seed 1', { ...bench(1071, 934), seed: 1 }],
    ['bench 4 MP, seed 1', { ...bench(2142, 1868), seed: 1 }],
    ['bench 1 MP, seed 7', { ...bench(1071, 934), seed: 7 }],
    ['astronaut, right', at(astronaut, 717, 512, 0, 0, 1)],
    ['chelsea, all sides, seed 2', at(chelsea, 700, 400, 100, 50, 2)],
    ['brick, negative offset', at(brick, 600, 520, -50, 8, 3)],
    ['coffee 900×600, left and bottom', at(bilinearResize(coffee, 900, 600), 1300, 900, 400, 0, 1)],
    [
      'wood, small canvas',
      at(crop(wood, 0, 0, Math.min(120, wood.width), Math.min(90, wood.height)), 200, 150, 40, 30, 1),
    ],
    ['grace-hopper crop, 64×64', at(crop(grace, 0, 0, 40, 30), 64, 64, 12, 17, 5)],
    ['grace-hopper, top', at(grace, grace.width, grace.height + 300, 0, 300, 1)],
    ['camera, hole and partial alpha', at(holed, holed.width + 100, holed.height + 60, 50, 60, 4)],
    ['meadow, right', at(meadow, meadow.width * 2, meadow.height, 0, 0, 1)],
    ['astronaut, portrait, seed 9', at(astronaut, 512, 900, 0, 200, 9)],
  ];
}

async function mainAsync() {
  const { values } = parseArgs({ options: { write: { type: 'string' }, compare: { type: 'string' } } });
  const engine = await loadEngineAsync();
  const hashes = {};
  for (const [name, input] of await casesAsync()) {
    const result = engine.outpaintOffline(input);
    const hash = createHash('sha256').update(result.data).update(JSON.stringify(result.report)).digest('hex');
    hashes[name] = hash.slice(0, 16);
    console.log(`${hashes[name]}  ${input.canvasWidth}×${input.canvasHeight}  ${name}`);
  }
  if (values.write !== undefined) writeFileSync(values.write, `${JSON.stringify(hashes, null, 2)}\n`);
  if (values.compare !== undefined) {
    const before = JSON.parse(readFileSync(values.compare, 'utf8'));
    const changed = Object.keys(before).filter((name) => before[name] !== hashes[name]);
    console.log(
      changed.length === 0
        ? `all ${Object.keys(before).length} identical`
        : `${changed.length} changed: ${changed.join(', ')}`,
    );
    if (changed.length > 0) process.exitCode = 1;
  }
}

mainAsync().catch((error) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
