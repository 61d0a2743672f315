// Loads TypeScript test helpers into a plain .mjs bench script: bundles `exportLines` with esbuild (the tests'
// tsconfig, packages left external) and imports the result. Shared by the bench parts that drive real project code.
import { build } from 'esbuild';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Bundles `sourceLines` (paths relative to the repository root) into a module file inside the repo, so its bare
 * imports resolve against this node_modules; `remove()` deletes it.
 */
export async function bundleTsModuleAsync(sourceLines, tag) {
  const result = await build({
    stdin: { contents: sourceLines.join('\n'), resolveDir: root, loader: 'ts' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    write: false,
    logLevel: 'silent',
    tsconfig: join(root, 'test/tsconfig.json'),
  });
  const dir = await mkdtemp(join(root, 'node_modules', `.bench-${tag}-`));
  const file = join(dir, 'module.mjs');
  await writeFile(file, result.outputFiles[0].contents);
  return { file, url: pathToFileURL(file), remove: () => rm(dir, { recursive: true, force: true }) };
}

/** `exportLines`: e.g. ["export * from './test/fakes/figma-fake';"], paths relative to the repository root. */
export async function loadTsModuleAsync(exportLines, tag) {
  const bundle = await bundleTsModuleAsync(exportLines, tag);
  try {
    return await import(bundle.url.href);
  } finally {
    await bundle.remove();
  }
}
