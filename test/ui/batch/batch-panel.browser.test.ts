// The queue in real Chromium: the real dist/ui.html and dist/code.js in the playground, FLUX through the proxy to
// the strict fake BFL server with its latency set, 20 frames at once with failures, and candidates compared,
// applied and discarded. Set BATCH_SCREENSHOTS=<dir> to also save the queue and compare views, light and dark.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Frame, FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {} from '../../../playground/page';
import { startPlaygroundAsync, type Playground } from '../../../playground/server';
import { launchChromiumAsync } from '../../support/chromium';
import { panelFrameAsync, panelLocator } from '../../e2e/support/playground-driver';

let browser: Browser;
let playground: Playground;
const shots = process.env['BATCH_SCREENSHOTS'];

beforeAll(async () => {
  browser = await launchChromiumAsync();
  playground = await startPlaygroundAsync({ fakeBfl: { latencyMs: 800 } });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await playground?.closeAsync();
});

interface FrameSetup {
  name: string;
  width: number;
  height: number;
  /** 'fit': the image fits inside, leaving room to fill; 'tile': refused; 'none': no image, refused. */
  kind: 'fit' | 'tile' | 'none';
}

/** Builds frames on the simulated canvas, each with the chelsea.png fixture, and selects them. */
async function selectFramesAsync(page: Page, frames: FrameSetup[]): Promise<string[]> {
  return page.evaluate(async (setups) => {
    const pg = window.playground;
    const bytes = new Uint8Array(await (await fetch('/fixtures/chelsea.png')).arrayBuffer());
    const hash = pg.fake.storeImage(bytes);
    const built = setups.map((s, i) =>
      pg.fake.build({
        type: 'FRAME',
        name: s.name,
        x: 2000 + (i % 5) * 1200,
        y: Math.floor(i / 5) * 800,
        width: s.width,
        height: s.height,
        fills:
          s.kind === 'none'
            ? []
            : [
                {
                  type: 'IMAGE',
                  imageHash: hash,
                  scaleMode: s.kind === 'tile' ? 'TILE' : 'FIT',
                  visible: true,
                  opacity: 1,
                  blendMode: 'NORMAL',
                },
              ],
      }),
    );
    pg.fake.currentPage.selection = built;
    return built.map((n) => n.id);
  }, frames);
}

async function openAsync(): Promise<{ page: Page; panel: FrameLocator; frame: Frame }> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  await page.goto(playground.url);
  await page.evaluate(() => window.playground.ready);
  return { page, panel: panelLocator(page), frame: await panelFrameAsync(page) };
}

/** How many image paints each frame shows on top (the written result is a new top paint). */
async function imagePaintCountsAsync(page: Page, ids: string[]): Promise<number[]> {
  return page.evaluate(
    (nodeIds) => nodeIds.map((id) => window.playground.fake.node(id).fills.filter((p) => p.type === 'IMAGE').length),
    ids,
  );
}

async function screenshotAsync(frame: Frame, page: Page, name: string): Promise<void> {
  if (!shots) return;
  mkdirSync(shots, { recursive: true });
  for (const theme of ['light', 'dark'] as const) {
    await frame.evaluate((dark) => document.documentElement.classList.toggle('figma-dark', dark), theme === 'dark');
    await page.locator('#plugin').screenshot({ path: path.join(shots, `${name}-${theme}.png`) });
  }
  await frame.evaluate(() => document.documentElement.classList.remove('figma-dark'));
}

describe('the queue in the panel', () => {
  it('runs 20 frames at once: 18 written, 2 failed at the API, refused frames skipped with their reason, never over 24 tasks', async () => {
    const { page, panel, frame } = await openAsync();
    const fake = playground.fake;
    if (!fake) throw new Error('playground without the fake BFL server');
    const submitsBefore = fake.state.submissions.length;
    // The 4th and 11th submits of this batch fail: one "did it go through?" 500, one dropped connection.
    fake.controls.addFault({ route: 'submit', nth: submitsBefore + 4, kind: 500 });
    fake.controls.addFault({ route: 'submit', nth: submitsBefore + 11, kind: 'drop' });
    const setups: FrameSetup[] = Array.from({ length: 20 }, (_, i) => ({
      name: `Banner ${i + 1}`,
      width: 600 + i * 10,
      height: 300 + (i % 4) * 20,
      kind: 'fit',
    }));
    const ids = await selectFramesAsync(page, [
      ...setups,
      { name: 'Empty frame', width: 200, height: 200, kind: 'none' },
      { name: 'Tiled frame', width: 900, height: 300, kind: 'tile' },
    ]);
    const run = panel.getByRole('button', { name: 'Outpaint all 20 frames' });
    await expect.poll(() => run.isEnabled(), { timeout: 30_000 }).toBe(true);
    expect(await panel.getByText(/credits \(estimate\) for 20 frames × 1/).count()).toBe(1);
    await run.click();
    const footer = panel.getByRole('contentinfo', { name: 'Queue' });
    await panel.getByRole('button', { name: 'Cancel all' }).waitFor({ timeout: 10_000 });
    await screenshotAsync(frame, page, 'queue-running');
    await panel.getByRole('button', { name: 'Back to selection' }).waitFor({ timeout: 120_000 });
    expect(await footer.getByRole('status').textContent()).toBe('18 of 20 written · 2 not done');
    const queue = panel.getByRole('region', { name: 'Queue' });
    expect(
      await queue
        .getByRole('status')
        .filter({ hasText: /^Written$/ })
        .count(),
    ).toBe(18);
    expect(
      await queue
        .getByRole('status')
        .filter({ hasText: /^Failed$/ })
        .count(),
    ).toBe(2);
    expect(await queue.textContent()).toContain('Empty frame');
    expect(await queue.textContent()).toMatch(/Tiled frame.*[Tt]ile/);
    const counts = await imagePaintCountsAsync(page, ids.slice(0, 20));
    expect(counts.filter((n) => n === 2)).toHaveLength(18);
    expect(counts.filter((n) => n === 1)).toHaveLength(2);
    expect(fake.state.maxActiveObserved).toBeLessThanOrEqual(24);
    expect(fake.state.maxActiveObserved).toBeGreaterThan(1);
    expect(await footer.textContent()).toMatch(/Charged \d+ credits/);
    await screenshotAsync(frame, page, 'queue-finished');
    await page.close();
  }, 180_000);

  it('makes three results for one frame, applies the second, then discards another frame’s results', async () => {
    const { page, panel, frame } = await openAsync();
    const ids = await selectFramesAsync(page, [{ name: 'Hero', width: 800, height: 300, kind: 'fit' }]);
    await panel.getByRole('combobox', { name: 'Results per frame' }).selectOption('3');
    const make = panel.getByRole('button', { name: 'Make 3 results' });
    await expect.poll(() => make.isEnabled(), { timeout: 30_000 }).toBe(true);
    await make.click();
    const compare = panel.getByRole('button', { name: 'Compare results for “Hero”' });
    await compare.waitFor({ timeout: 60_000 });
    await compare.click();
    await panel.getByRole('radio', { name: /Result 2/ }).click();
    await panel.getByRole('slider', { name: 'Before and after' }).fill('30');
    await screenshotAsync(frame, page, 'compare');
    expect(await imagePaintCountsAsync(page, ids)).toEqual([1]);
    await panel.getByRole('button', { name: 'Apply result 2' }).click();
    await expect.poll(() => imagePaintCountsAsync(page, ids), { timeout: 30_000 }).toEqual([2]);
    await expect
      .poll(() => panel.getByRole('listitem', { name: 'Hero' }).getByRole('status').textContent())
      .toBe('Written');

    await panel.getByRole('button', { name: 'Back to selection' }).click();
    const other = await selectFramesAsync(page, [{ name: 'Poster', width: 500, height: 500, kind: 'fit' }]);
    await panel.getByRole('combobox', { name: 'Results per frame' }).selectOption('2');
    await panel.getByRole('button', { name: 'Make 2 results' }).click();
    const compareOther = panel.getByRole('button', { name: 'Compare results for “Poster”' });
    await compareOther.waitFor({ timeout: 60_000 });
    await compareOther.click();
    await panel.getByRole('button', { name: 'Discard' }).click();
    await expect
      .poll(() => panel.getByRole('listitem', { name: 'Poster' }).getByRole('status').textContent())
      .toBe('Discarded');
    expect(await imagePaintCountsAsync(page, other)).toEqual([1]);
    await page.close();
  }, 120_000);
});
