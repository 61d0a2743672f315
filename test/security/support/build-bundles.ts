// Builds what Figma loads into a temporary directory (scripts/build.mjs --outdir), so the security tests
// read bundles made from the current sources without racing other tests that rebuild dist/. The pixel
// worker is bundled on its own too, with the options build.mjs uses, so it can be scanned as a file.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { gzipBinaryPlugin } from '../../../scripts/build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface BuiltBundles {
  dir: string;
  code: string;
  uiHtml: string;
  worker: string;
  removeAsync(): Promise<void>;
}

export async function buildBundlesAsync(): Promise<BuiltBundles> {
  const dir = await mkdtemp(path.join(tmpdir(), 'outpaint-security-'));
  await promisify(execFile)(process.execPath, ['scripts/build.mjs', '--outdir', dir], { cwd: root });
  const worker = await build({
    entryPoints: [path.join(root, 'ui/worker/pixel-worker.ts')],
    bundle: true,
    write: false,
    target: 'es2020',
    format: 'iife',
    platform: 'browser',
    tsconfig: path.join(root, 'ui/tsconfig.json'),
    plugins: [gzipBinaryPlugin],
    legalComments: 'none',
    minify: true,
    logLevel: 'error',
  });
  return {
    dir,
    code: await readFile(path.join(dir, 'code.js'), 'utf8'),
    uiHtml: await readFile(path.join(dir, 'ui.html'), 'utf8'),
    worker: worker.outputFiles[0]?.text ?? '',
    removeAsync: () => rm(dir, { recursive: true, force: true }),
  };
}
