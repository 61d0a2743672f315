// A fresh clone with nothing beside it: the playground and the tests find every image they use inside the repo.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SOURCE = /\.(ts|tsx|mts|mjs)$/;

async function filesUnderAsync(dir: string): Promise<string[]> {
  const entries = await readdir(path.join(root, dir), { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && SOURCE.test(e.name))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)));
}

describe('a fresh clone', () => {
  it('has no test or playground file that reads images from beside the repo', async () => {
    const files = [...(await filesUnderAsync('test')), ...(await filesUnderAsync('playground'))];
    const outside: string[] = [];
    for (const file of files) {
      if (file === path.relative(root, fileURLToPath(import.meta.url))) continue;
      const text = await readFile(path.join(root, file), 'utf8');
      if (/shared\/fixtures/.test(text)) outside.push(file);
    }
    expect(outside).toEqual([]);
  });

  it('credits every image it ships in a SOURCES.md beside it', async () => {
    for (const dir of ['playground/sample-images', 'test/fixtures/images', 'test/fixtures/engine-images']) {
      const names = (await readdir(path.join(root, dir))).filter((n) => /\.(png|jpe?g|gif)$/i.test(n));
      const credits = await readFile(path.join(root, dir, 'SOURCES.md'), 'utf8');
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) expect(credits, `${dir}/${name}`).toContain(name);
    }
  });
});
