// Bundles the TypeScript engine on the fly (esbuild, ~20 ms) and imports it, so Node tools run the
// exact source the UI Worker bundles, with no build step and no TypeScript loader at start-up.
import { build } from 'esbuild';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ENTRY = fileURLToPath(new URL('../../common/engine/outpaint-offline.ts', import.meta.url));

export async function loadEngineAsync() {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const dir = await mkdtemp(join(tmpdir(), 'outpaint-engine-'));
  const file = join(dir, 'engine.mjs');
  try {
    await writeFile(file, result.outputFiles[0].contents);
    return await import(pathToFileURL(file).href);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
