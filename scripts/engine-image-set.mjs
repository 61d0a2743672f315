#!/usr/bin/env node
// One half of the offline engine's image set (test/fixtures/engine-images/split.json) as a folder of
// symbolic links, for the team's crop-and-restore evaluation (engine-eval, its --images-dir option):
//   node scripts/engine-image-set.mjs --half tuning|judging --out DIR [--shared-dir DIR]
// Tune on the tuning half; report figures on the judging half only.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const here = path.join(root, 'test', 'fixtures', 'engine-images');
// The team's shared fixture images sit beside the project, as for scripts/bench-engine.mjs.
const defaultShared = path.resolve(root, '..', 'shared', 'fixtures', 'images');

const { values } = parseArgs({
  options: { half: { type: 'string' }, out: { type: 'string' }, 'shared-dir': { type: 'string' } },
});
const split = JSON.parse(readFileSync(path.join(here, 'split.json'), 'utf8'));
const half = values.half;
if (half !== 'tuning' && half !== 'judging') {
  console.error('Usage: node scripts/engine-image-set.mjs --half tuning|judging --out DIR [--shared-dir DIR]');
  process.exit(2);
}
if (values.out === undefined) {
  console.error('Missing --out DIR (the folder to fill with links).');
  process.exit(2);
}
const shared = path.resolve(values['shared-dir'] ?? defaultShared);
const out = path.resolve(values.out);
mkdirSync(out, { recursive: true });
// Start from an empty folder of links, so a stale image never joins the run.
for (const name of readdirSync(out)) rmSync(path.join(out, name), { force: true });
for (const entry of split[half]) {
  const from = path.join(entry.from === 'shared' ? shared : here, entry.file);
  if (!existsSync(from)) {
    console.error(`Missing ${entry.file} (${entry.from}): looked at ${from}. Use --shared-dir for the shared images.`);
    process.exit(1);
  }
  symlinkSync(from, path.join(out, entry.file));
}
console.log(`${split[half].length} ${half} images linked in ${out}`);
