// The e2e files load dist/code.js and dist/ui.html. `npm test` builds them first; a file run on its own
// rebuilds only when a bundle is missing or older than a source it is built from, so the suite builds once.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

export function distNeedsBuild(): boolean {
  const bundles = ['dist/code.js', 'dist/ui.html'].map((p) => path.join(root, p));
  if (!bundles.every((p) => existsSync(p))) return true;
  const built = Math.min(...bundles.map((p) => statSync(p).mtimeMs));
  const sources = Math.max(
    ...['common', 'plugin', 'ui', 'manifest.json'].map((p) => {
      const full = path.join(root, p);
      return statSync(full).isDirectory() ? newestMtime(full) : statSync(full).mtimeMs;
    }),
  );
  return sources > built;
}
