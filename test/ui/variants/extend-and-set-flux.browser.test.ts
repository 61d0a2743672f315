// Extend and a variant set with FLUX, end to end in Chromium: the real dist/ui.html and dist/code.js in the
// playground (the typed figma fake as the sandbox's `figma`), FLUX through the real proxy to the strict fake BFL
// server. Issue #13, points 1–3: Extend on a frame its image already fills, in both modes, one undo step each,
// the preview showing the image, a run that wrote nothing putting the frame back; a set painted by one task.
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {} from '../../../playground/page';
import { startPlaygroundAsync, type Playground } from '../../../playground/server';
import { launchChromiumAsync } from '../../support/chromium';
import { panelLocator, showFilledFrameAsync } from '../../e2e/support/playground-driver';

let browser: Browser;
let playground: Playground;

beforeAll(async () => {
  browser = await launchChromiumAsync();
  playground = await startPlaygroundAsync({ fakeBfl: { latencyMs: 300 } });
});

afterAll(async () => {
  await playground?.closeAsync();
  await browser?.close();
});

const submits = (): number => playground.fake?.state.requestsOn('submit').length ?? 0;

/**
 * A 400 × 400 frame a FILL image (coffee.png, read straight into the fake, so the panel has never seen it) covers:
 * the case "Outpaint again" opens on. Returns the node id.
 */
async function openFilledFrameAsync(): Promise<{ page: Page; panel: FrameLocator; nodeId: string }> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  await page.goto(playground.url);
  await page.evaluate(() => window.playground.ready);
  const nodeId = await showFilledFrameAsync(page, { fixture: 'coffee.png', side: 400, name: 'Filled' });
  const panel = panelLocator(page);
  await panel.locator('.target-name').filter({ hasText: 'Filled' }).first().waitFor({ timeout: 30_000 });
  return { page, panel, nodeId };
}

function nodeFactsAsync(page: Page, nodeId: string) {
  return page.evaluate((id) => {
    const fake = window.playground.fake;
    const node = fake.node(id);
    return { width: node.width, height: node.height, removed: node.removed, fills: node.fills.length };
  }, nodeId);
}

async function extendAsync(panel: FrameLocator, mode: 'Resize this frame' | 'New frame beside it'): Promise<void> {
  await panel.getByRole('tab', { name: 'Extend' }).click();
  await panel.getByRole('radio', { name: '16:9' }).check();
  await panel.getByRole('radio', { name: mode }).check();
  const button = panel.getByRole('button', { name: 'Extend and outpaint' });
  await expect.poll(() => button.isEnabled(), { timeout: 30_000 }).toBe(true);
  await button.click();
}

describe('Extend with FLUX on a frame its image already fills', () => {
  it('shows the image in the placement preview, says the cost, resizes and writes in one undo step', async () => {
    const { page, panel, nodeId } = await openFilledFrameAsync();
    await panel.getByRole('tab', { name: 'Extend' }).click();
    // The preview draws the image itself, not a grey box.
    await panel.locator('.placement-editor image').first().waitFor({ timeout: 30_000 });
    expect(await panel.locator('.extend-estimate').innerText()).toMatch(/≈ \d+ credits? \(estimate\), one FLUX task/);
    expect(await panel.locator('.extend-estimate').isVisible()).toBe(true);
    const commits = await page.evaluate(() => window.playground.fake.undoCommits);
    const before = submits();
    await extendAsync(panel, 'Resize this frame');
    await panel.getByText(/Extended and outpainted/).waitFor({ timeout: 120_000 });
    // The status box keeps its distance from the text under it (a designer notices cramped boxes).
    const gap = await panel.locator('.workflow-done').evaluate((box) => {
      const below = box.nextElementSibling?.firstElementChild ?? box.nextElementSibling;
      return below ? below.getBoundingClientRect().top - box.getBoundingClientRect().bottom : -1;
    });
    expect(gap).toBeGreaterThanOrEqual(8);
    expect(await nodeFactsAsync(page, nodeId)).toMatchObject({ width: 712, height: 400 });
    expect(await page.evaluate(() => window.playground.fake.undoCommits)).toBe(commits + 1);
    expect(submits()).toBe(before + 1);
    await page.close();
  });

  it('makes a new frame beside it and writes into it, leaving the original as it was', async () => {
    const { page, panel, nodeId } = await openFilledFrameAsync();
    const count = await page.evaluate(() => window.playground.fake.currentPage.children.length);
    await extendAsync(panel, 'New frame beside it');
    await panel.getByText(/Extended and outpainted/).waitFor({ timeout: 120_000 });
    expect(await nodeFactsAsync(page, nodeId)).toMatchObject({ width: 400, height: 400, fills: 1 });
    const made = await page.evaluate(() => {
      const children = window.playground.fake.currentPage.children;
      const last = children[children.length - 1];
      return { count: children.length, width: last?.width, height: last?.height, fills: last?.fills.length };
    });
    expect(made).toEqual({ count: count + 1, width: 712, height: 400, fills: 2 });
    await page.close();
  });

  it('puts the frame back to its size when FLUX refuses the run', async () => {
    const { page, panel, nodeId } = await openFilledFrameAsync();
    playground.fake?.controls.setCredits(playground.config.apiKey, 0);
    try {
      await extendAsync(panel, 'Resize this frame');
      await panel.getByText(/the frame is back to its size/).waitFor({ timeout: 120_000 });
      expect(await nodeFactsAsync(page, nodeId)).toMatchObject({ width: 400, height: 400, fills: 1 });
    } finally {
      playground.fake?.controls.setCredits(playground.config.apiKey, 1_000_000);
    }
    await page.close();
  });
});

describe('a variant set with FLUX', () => {
  it('paints both formats with one task by default and says what it charged', async () => {
    const { page, panel } = await openFilledFrameAsync();
    await panel.getByRole('tab', { name: 'Variants' }).click();
    await panel.getByText(/one FLUX task for all 2 formats/).waitFor({ timeout: 30_000 });
    const before = submits();
    const create = panel.getByRole('button', { name: 'Create 2 variants' });
    await expect.poll(() => create.isEnabled(), { timeout: 30_000 }).toBe(true);
    await create.click();
    await panel.getByText(/Made 2 frames; outpainted 2 of 2\. \d+ credits? charged\./).waitFor({ timeout: 120_000 });
    expect(submits()).toBe(before + 1);
    await page.close();
  });
});
