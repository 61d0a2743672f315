// The Variants and Extend tabs end to end: the real dist/ui.html and dist/code.js in the playground (Chromium, the
// typed figma fake as the sandbox's `figma`), with the offline engine, so frames are made, outpainted and written.
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {} from '../../../playground/page';
import { startPlaygroundAsync, type Playground } from '../../../playground/server';
import { launchChromiumAsync } from '../../support/chromium';
import { panelLocator } from '../../e2e/support/playground-driver';

let browser: Browser;
let playground: Playground;

beforeAll(async () => {
  browser = await launchChromiumAsync();
  playground = await startPlaygroundAsync({});
});

afterAll(async () => {
  await playground?.closeAsync();
  await browser?.close();
});

async function openAsync(): Promise<{ page: Page; panel: FrameLocator }> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  await page.goto(playground.url);
  await page.evaluate(() => window.playground.ready);
  await page.evaluate(() => window.playground.loadFixtureAsync('rocket.jpg'));
  await page.evaluate(() => window.playground.setFrame(900, 300));
  return { page, panel: panelLocator(page) };
}

interface FrameFacts {
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Size of the topmost visible image paint's file, from its PNG header. */
  written: { width: number; height: number } | null;
}

/** Every top-level frame on the simulated page, with the size of the image it shows. */
function framesOnPageAsync(page: Page): Promise<FrameFacts[]> {
  return page.evaluate(() => {
    const fake = window.playground.fake;
    return fake.currentPage.children.map((node) => {
      const images = node.fills.filter((p): p is ImagePaint => p.type === 'IMAGE' && p.visible !== false);
      const hash = images[images.length - 1]?.imageHash ?? null;
      const bytes = hash ? fake.imageBytes(hash) : undefined;
      const view = bytes ? new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength) : null;
      const isPng = bytes !== undefined && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
      return {
        name: node.name,
        x: node.x,
        y: node.y,
        width: node.width,
        height: node.height,
        written: view && isPng ? { width: view.getUint32(16), height: view.getUint32(20) } : null,
      };
    });
  });
}

describe('workflows end to end with the offline engine', () => {
  it('makes an Instagram post and an X post variant beside the image and writes each at its platform size', async () => {
    const { page, panel } = await openAsync();
    await panel.getByRole('tab', { name: 'Variants' }).click();
    await panel.getByRole('checkbox', { name: /Instagram story/ }).uncheck();
    await panel.getByRole('checkbox', { name: /X post/ }).check();
    const create = panel.getByRole('button', { name: 'Create 2 variants' });
    await expect.poll(() => create.isEnabled()).toBe(true);
    await create.click();
    await panel.getByText('Made 2 frames; outpainted 2 of 2.').waitFor({ timeout: 120_000 });

    const frames = await framesOnPageAsync(page);
    const variants = frames.filter((f) => /^(Instagram|X) /.test(f.name));
    // The source frame (rocket.jpg) is 900 wide at x 0: the row starts at 900 + 80 and leaves 80 between frames.
    expect(variants.map((f) => [f.name, f.x, f.y, f.width, f.height])).toEqual([
      ['Instagram post 1080×1080', 980, 0, 1080, 1080],
      ['X post 1600×900', 980 + 1080 + 80, 0, 1600, 900],
    ]);
    // Written at each platform's own size (1 px per unit), not at the 640 px image's density (640 × 640, 759 × 427).
    expect(variants.map((f) => f.written)).toEqual([
      { width: 1080, height: 1080 },
      { width: 1600, height: 900 },
    ]);
    expect(await page.evaluate(() => window.playground.writtenCount())).toBe(2);
    await page.close();
  });

  it('shows a five-digit custom size whole, beside the spinner, in both custom-size fields', async () => {
    const { page, panel } = await openAsync();
    await panel.getByRole('tab', { name: 'Variants' }).click();
    const width = panel.getByRole('spinbutton', { name: 'Custom width' });
    const height = panel.getByRole('spinbutton', { name: 'Custom height' });
    await width.fill('16384');
    await height.fill('12000');
    for (const field of [width, height]) {
      // Nothing scrolled out of sight: the text fits the field's content box.
      const fits = await field.evaluate((el) => el.scrollWidth <= el.clientWidth);
      expect(fits).toBe(true);
    }
    await page.close();
  });

  it('extends the frame to 16:9 and outpaints it, with the resize and the write in one undo step', async () => {
    const { page, panel } = await openAsync();
    const commitsBefore = await page.evaluate(() => window.playground.fake.undoCommits);
    await panel.getByRole('tab', { name: 'Extend' }).click();
    await panel.getByRole('radio', { name: '16:9' }).check();
    await panel.getByRole('radio', { name: 'Bottom', exact: true }).check();
    const extend = panel.getByRole('button', { name: 'Extend and outpaint' });
    await expect.poll(() => extend.isEnabled()).toBe(true);
    await extend.click();
    await panel.getByText(/Extended and outpainted/).waitFor({ timeout: 120_000 });
    const frame = (await framesOnPageAsync(page)).find((f) => f.name.startsWith('rocket.jpg'));
    expect([frame?.width, frame?.height]).toEqual([900, 507]);
    expect(frame?.written).toEqual({ width: 900, height: 507 });
    expect(await page.evaluate(() => window.playground.fake.undoCommits)).toBe(commitsBefore + 1);
    await page.close();
  });
});
