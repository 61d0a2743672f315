// The checks a reviewer would otherwise run by hand, run by `npm test` so CI holds them: every world type-checks,
// lint passes (typescript-eslint, Figma's plugin rules, no import cycles), and the tree is formatted by Prettier.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);
// Generous: these share two cores with the rest of the suite.
const SLOW = 240_000;

function run(command: string, args: string[]): { status: number | null; output: string } {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, output: `${result.stdout}${result.stderr}`.slice(-4000) };
}

describe('code health', () => {
  it.each(['common', 'plugin', 'ui', 'proxy', 'test', 'playground'])(
    'the %s world type-checks',
    (world) => {
      const { status, output } = run(bin('tsc'), ['-p', world]);
      expect(output).toBe('');
      expect(status).toBe(0);
    },
    SLOW,
  );

  it(
    'lint passes, including no import cycles',
    () => {
      const { status, output } = run(bin('eslint'), ['.']);
      expect(output).toBe('');
      expect(status).toBe(0);
    },
    SLOW,
  );

  it(
    'every source file is formatted by Prettier',
    () => {
      const { status, output } = run(bin('prettier'), ['--check', '--log-level', 'warn', '.']);
      expect(output).toBe('');
      expect(status).toBe(0);
    },
    SLOW,
  );
});
