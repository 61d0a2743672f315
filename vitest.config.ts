import { defineConfig } from 'vitest/config';

// Three kinds of test, by file name:
//   *.test.ts           Node (pure code, sandbox against the typed figma fake, API client, fake server, proxy)
//   *.test.tsx          happy-dom (Preact components only: happy-dom has no canvas)
//   *.browser.test.ts   Node driving a real Chromium through playwright-core (UI, image pipeline, end to end)
const oxc = { jsx: { runtime: 'automatic' as const, importSource: 'preact' } };

export default defineConfig({
  oxc,
  test: {
    projects: [
      {
        oxc,
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.browser.test.ts', 'node_modules/**'],
          testTimeout: 30_000,
        },
      },
      {
        oxc,
        test: {
          name: 'dom',
          environment: 'happy-dom',
          include: ['test/**/*.test.tsx'],
          testTimeout: 15_000,
        },
      },
      {
        oxc,
        test: {
          name: 'chromium',
          environment: 'node',
          include: ['test/**/*.browser.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Two cores: one browser-driving file at a time keeps timings and memory sane.
          fileParallelism: false,
        },
      },
    ],
  },
});
