#!/usr/bin/env node
// Extends an image offline with the plugin's engine (common/engine), for checks and the eval tool:
//   npm run outpaint-local -- INPUT.png --width W --height H --x X --y Y --out OUT.png [--seed N]
// x, y: the reference's top-left corner on the canvas (may be negative). PNG or JPEG input.
import { writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { encodePngAsync, readImageAsync } from './lib/node-codecs.mjs';
import { loadEngineAsync } from './lib/load-engine.mjs';

const USAGE = 'Usage: npm run outpaint-local -- INPUT.png --width W --height H --x X --y Y --out OUT.png [--seed N]';

function fail(message) {
  console.error(message);
  process.exit(2);
}

function integerOption(values, name, { min } = {}) {
  const raw = values[name];
  if (raw === undefined) fail(`Missing --${name}. ${USAGE}`);
  if (!/^-?\d+$/.test(raw)) fail(`--${name} must be a whole number, got "${raw}".`);
  const n = Number(raw);
  if (min !== undefined && n < min) fail(`--${name} must be at least ${min}, got ${n}.`);
  return n;
}

/** parseArgs reads "--x -20" as two options; join value options to their (possibly negative) numbers. */
function joinNegativeValues(argv) {
  const out = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = argv[i + 1];
    if (/^--(width|height|x|y|seed)$/.test(arg) && next !== undefined && /^-\d+$/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

async function mainAsync() {
  let parsed;
  try {
    parsed = parseArgs({
      args: joinNegativeValues(process.argv.slice(2)),
      allowPositionals: true,
      options: {
        width: { type: 'string' },
        height: { type: 'string' },
        x: { type: 'string' },
        y: { type: 'string' },
        out: { type: 'string' },
        seed: { type: 'string' },
        quiet: { type: 'boolean' },
        // For tuning experiments: JSON overrides of DEFAULT_ENGINE_TUNING, e.g. '{"coherenceBias":0}'.
        tuning: { type: 'string' },
      },
    });
  } catch (error) {
    fail(`${error.message}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) fail(USAGE);
  if (values.out === undefined) fail(`Missing --out. ${USAGE}`);
  const width = integerOption(values, 'width', { min: 1 });
  const height = integerOption(values, 'height', { min: 1 });
  const x = integerOption(values, 'x');
  const y = integerOption(values, 'y');
  const seed = values.seed === undefined ? 1 : integerOption(values, 'seed');

  const started = performance.now();
  let reference;
  try {
    reference = await readImageAsync(positionals[0]);
  } catch (error) {
    fail(`Could not read ${positionals[0]}: ${error.message}`);
  }
  const engine = await loadEngineAsync();
  let tuning = engine.DEFAULT_ENGINE_TUNING;
  if (values.tuning !== undefined) {
    try {
      tuning = { ...tuning, ...JSON.parse(values.tuning) };
    } catch {
      fail(`--tuning must be JSON, got ${values.tuning}`);
    }
  }
  const computeStarted = performance.now();
  let lastLevel = 0;
  const result = engine.outpaintOffline(
    {
      reference,
      canvasWidth: width,
      canvasHeight: height,
      offsetX: x,
      offsetY: y,
      seed,
      onProgress: values.quiet
        ? undefined
        : (p) => {
            if (p.level !== lastLevel) {
              lastLevel = p.level;
              process.stderr.write(`level ${p.level}/${p.levels}\r`);
            }
          },
    },
    tuning,
  );
  const computeSeconds = (performance.now() - computeStarted) / 1000;
  if (lastLevel !== 0) process.stderr.write('\n');
  await writeFile(values.out, await encodePngAsync(result));
  const totalSeconds = (performance.now() - started) / 1000;
  console.log(
    `${width}×${height} in ${totalSeconds.toFixed(2)} s (engine ${computeSeconds.toFixed(2)} s) → ${values.out}`,
  );
}

mainAsync().catch((error) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
