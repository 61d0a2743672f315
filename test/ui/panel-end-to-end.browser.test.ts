// The real panel (dist/ui.html) framed as Figma frames it (a srcdoc page in a data: frame: null origin, not a secure
// context; playground/figma-frame.ts) in real Chromium, against the real sandbox bundle
// (dist/code.js) on the typed figma fake — the playground — with FLUX through the proxy to the strict
// fake BFL server, and with the offline engine.
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {} from '../../playground/page'; // declares window.playground
import { startPlaygroundAsync, type Playground } from '../../playground/server';
import { launchChromiumAsync } from '../support/chromium';
import { panelFrameAsync, panelLocator } from '../e2e/support/playground-driver';

let browser: Browser;

/** Width and height from a PNG's IHDR chunk (bytes 16–23, big-endian). */
function pngSize(base64: string): { width: number; height: number } | null {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length < 24 || bytes.toString('ascii', 12, 16) !== 'IHDR') return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

beforeAll(async () => {
  browser = await launchChromiumAsync();
});

afterAll(async () => {
  await browser?.close();
});

async function openAsync(playground: Playground): Promise<{ page: Page; panel: FrameLocator }> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  await page.goto(playground.url);
  await page.evaluate(() => window.playground.ready);
  // rocket.jpg (640 × 427) in a wide, short frame: sky to extend left and right.
  await page.evaluate(() => window.playground.loadFixtureAsync('rocket.jpg'));
  await page.evaluate(() => window.playground.setFrame(900, 300));
  return { page, panel: panelLocator(page) };
}

async function footerWhenSettledAsync(panel: FrameLocator): Promise<string> {
  const footer = panel.getByRole('contentinfo', { name: 'Outpaint' });
  await footer
    .getByRole('button', { name: /^(OK|Dismiss|Try again|Try writing again)$/ })
    .first()
    .waitFor({ timeout: 60_000 });
  return (await footer.textContent()) ?? '';
}

describe('panel end to end, FLUX through the proxy to the fake BFL server', () => {
  let playground: Playground;
  beforeAll(async () => {
    playground = await startPlaygroundAsync({ fakeBfl: { latencyMs: 300 } });
  });
  afterAll(async () => {
    await playground?.closeAsync();
  });

  it('runs the panel as Figma frames it: null origin, not a secure context, no randomUUID, no storage', async () => {
    const { page } = await openAsync(playground);
    const frame = await panelFrameAsync(page);
    const facts = await frame.evaluate(() => ({
      secure: isSecureContext,
      origin: origin,
      randomUUID: typeof crypto.randomUUID,
      subtle: typeof crypto.subtle,
      getRandomValues: typeof crypto.getRandomValues,
      storage: (() => {
        try {
          return typeof localStorage;
        } catch (error) {
          return error instanceof Error ? error.name : 'threw';
        }
      })(),
      // The srcdoc page shares the opaque origin of the data: frame it sits in, as in Figma.
      parentScheme: parent.location.protocol,
    }));
    expect(facts).toEqual({
      secure: false,
      origin: 'null',
      randomUUID: 'undefined',
      subtle: 'undefined',
      getRandomValues: 'function',
      storage: 'SecurityError',
      parentScheme: 'data:',
    });
    expect(await frame.evaluate(() => location.href)).toBe('about:srcdoc');
  });

  it('plans the selected frame, runs, and writes the image back with its cost', async () => {
    const { page, panel } = await openAsync(playground);
    await expect.poll(() => panel.getByRole('region', { name: 'Plan' }).textContent()).toContain('900 × 300 px');
    const button = panel.getByRole('button', { name: 'Outpaint' });
    await expect.poll(() => button.isEnabled()).toBe(true);
    await button.click();
    const footer = await footerWhenSettledAsync(panel);
    expect(footer).toContain('Done');
    expect(footer).toMatch(/\d+(\.\d+)? credits?/);
    expect(footer).toContain('Written into');
    const written = await page.evaluate(() => window.playground.written());
    expect(pngSize(written?.base64 ?? '')).toEqual({ width: 900, height: 300 });
    expect(await page.evaluate(() => window.playground.writtenCount())).toBe(1);
    await page.close();
  });

  it('opens the key field when the API refuses the key, and writes nothing', async () => {
    const { page, panel } = await openAsync(playground);
    await panel.getByRole('button', { name: 'Settings' }).click();
    await panel.getByLabel('API key').fill('wrong-key');
    await panel.getByRole('button', { name: 'Back' }).click();
    const button = panel.getByRole('button', { name: 'Outpaint' });
    await expect.poll(() => button.isEnabled()).toBe(true);
    await button.click();
    const key = panel.getByLabel('API key');
    await key.waitFor({ timeout: 30_000 });
    await expect.poll(() => key.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await key.getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(() => window.playground.writtenCount())).toBe(0);
    await page.close();
  });
});

describe('panel end to end, offline engine', () => {
  let playground: Playground;
  beforeAll(async () => {
    playground = await startPlaygroundAsync({ build: false });
  });
  afterAll(async () => {
    await playground?.closeAsync();
  });

  it('extends the image without a key or network and writes it into the frame', async () => {
    const { page, panel } = await openAsync(playground);
    expect(await panel.getByRole('button', { name: /^Engine: / }).textContent()).toBe('Offline');
    const button = panel.getByRole('button', { name: 'Outpaint' });
    await expect.poll(() => button.isEnabled()).toBe(true);
    await button.click();
    const footer = await footerWhenSettledAsync(panel);
    expect(footer).toContain('Done · 900 × 300 px');
    expect(footer).not.toMatch(/credit/);
    expect(pngSize((await page.evaluate(() => window.playground.written()))?.base64 ?? '')).toEqual({
      width: 900,
      height: 300,
    });
    expect(await page.evaluate(() => window.playground.writtenCount())).toBe(1);
    await page.close();
  });
});
