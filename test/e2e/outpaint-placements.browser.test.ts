// Issue #4 item 5: from the selected frame to the written-back image, in real Chromium, for several fixtures,
// paint modes and placements. FLUX runs through the real proxy to the strict fake BFL server, whose result
// carries the reference 1:1 on a synthetic background; the pipeline then pastes the original back. Each case
// checks what a designer would see: the written image's size, and every original pixel exactly where it was put.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Rgba } from '../../common/pixels/rgba';
import { startPlaygroundAsync, type Playground } from '../../playground/server';
import { launchChromiumAsync } from '../support/chromium';
import { decodePngNode } from '../support/png-node';
import { distNeedsBuild } from './support/dist-freshness';
import { compareOriginalAt, visibleArea } from './support/original-pixels';
import {
  dismissAsync,
  footer,
  footerWhenSettledAsync,
  lastStartedPlanAsync,
  openSessionAsync,
  outpaintButton,
  panelFrameAsync,
  pressOutpaintAsync,
  readFixture,
  showCropSceneAsync,
  showPaintModeSceneAsync,
  writtenCountAsync,
  writtenImageAsync,
  type Session,
} from './support/playground-driver';

let browser: Browser;
let playground: Playground;
let session: Session;

beforeAll(async () => {
  playground = await startPlaygroundAsync({ port: 0, fakeBfl: { latencyMs: 200 }, build: distNeedsBuild() });
  browser = await launchChromiumAsync();
  session = await openSessionAsync(browser, playground);
});

afterAll(async () => {
  await browser?.close();
  await playground?.closeAsync();
});

/** Runs the selected node through Outpaint and returns the decoded written image. */
async function outpaintSelectedAsync(): Promise<{ written: Rgba; footerText: string; kind: string }> {
  await pressOutpaintAsync(session);
  const footerText = await footerWhenSettledAsync(session.panel);
  const image = await writtenImageAsync(session.page);
  await dismissAsync(session.panel);
  return { written: decodePngNode(image.bytes), footerText, kind: image.kind };
}

/** Chromium's own decode of a JPEG fixture (the pipeline decodes JPEG with the browser, colour-managed). */
async function decodeInChromiumAsync(page: Page, fixture: string): Promise<Rgba> {
  const decoded = await page.evaluate(async (name) => {
    const bytes = await (await fetch(`/fixtures/${name}`)).arrayBuffer();
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/jpeg' }), {
      imageOrientation: 'from-image',
      premultiplyAlpha: 'none',
      colorSpaceConversion: 'default',
    });
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new Error('no 2D context');
    context.drawImage(bitmap, 0, 0);
    const data = context.getImageData(0, 0, bitmap.width, bitmap.height).data;
    let binary = '';
    for (let i = 0; i < data.length; i += 0x8000) binary += String.fromCharCode(...data.subarray(i, i + 0x8000));
    return { base64: btoa(binary), width: bitmap.width, height: bitmap.height };
  }, fixture);
  return {
    data: new Uint8ClampedArray(Buffer.from(decoded.base64, 'base64')),
    width: decoded.width,
    height: decoded.height,
  };
}

describe('outpaint a CROP fill end to end', () => {
  it('writes chelsea (odd width) placed off-centre back at the frame size with every original pixel in place', async () => {
    const original = decodePngNode(readFixture('chelsea.png'));
    const at = { x: 125, y: 50 };
    await showCropSceneAsync(session.page, {
      fixture: 'chelsea.png',
      frame: { width: 700, height: 400 },
      place: { ...at, width: 451, height: 300 },
    });
    const { written, footerText, kind } = await outpaintSelectedAsync();
    const plan = await lastStartedPlanAsync(session.page);
    expect(footerText).toContain('Done · 700 × 400 px');
    expect(kind).toBe('written');
    expect({ width: written.width, height: written.height }).toEqual({
      width: plan.output.width,
      height: plan.output.height,
    });
    expect({ width: written.width, height: written.height }).toEqual({ width: 700, height: 400 });
    const check = compareOriginalAt(written, original, at);
    expect(check.firstMismatch).toBeNull();
    expect(check.compared).toBe(451 * 300);
  });

  it('writes coffee placed in the top-left corner, original untouched at (0, 0)', async () => {
    const original = decodePngNode(readFixture('coffee.png'));
    await showCropSceneAsync(session.page, {
      fixture: 'coffee.png',
      frame: { width: 900, height: 560 },
      place: { x: 0, y: 0, width: 600, height: 400 },
    });
    const { written } = await outpaintSelectedAsync();
    const plan = await lastStartedPlanAsync(session.page);
    expect(plan.offsetX).toBe(0);
    expect(plan.offsetY).toBe(0);
    expect({ width: written.width, height: written.height }).toEqual({ width: 900, height: 560 });
    const check = compareOriginalAt(written, original, { x: 0, y: 0 });
    expect(check.firstMismatch).toBeNull();
    expect(check.compared).toBe(600 * 400);
  });

  it('sends astronaut whole at negative offsets with auto_crop when it overhangs the top-left, and keeps the visible part exact', async () => {
    const original = decodePngNode(readFixture('astronaut.png'));
    const at = { x: -100, y: -60 };
    const frame = { width: 600, height: 400 };
    await showCropSceneAsync(session.page, {
      fixture: 'astronaut.png',
      frame,
      place: { ...at, width: 512, height: 512 },
    });
    const { written } = await outpaintSelectedAsync();
    const plan = await lastStartedPlanAsync(session.page);
    expect(plan.autoCrop).toBe(true);
    expect({ offsetX: plan.offsetX, offsetY: plan.offsetY }).toEqual({ offsetX: -100, offsetY: -60 });
    expect({ width: written.width, height: written.height }).toEqual(frame);
    const check = compareOriginalAt(written, original, at);
    expect(check.firstMismatch).toBeNull();
    expect(check.compared).toBe(visibleArea(original, frame, at));
    expect(check.compared).toBe(412 * 400);
  });

  it('keeps rocket.jpg exactly as Chromium decodes it when the frame cuts its top and bottom', async () => {
    const original = await decodeInChromiumAsync(session.page, 'rocket.jpg');
    const at = { x: 130, y: -63 };
    const frame = { width: 900, height: 300 };
    await showCropSceneAsync(session.page, { fixture: 'rocket.jpg', frame, place: { ...at, width: 640, height: 427 } });
    const { written } = await outpaintSelectedAsync();
    const plan = await lastStartedPlanAsync(session.page);
    expect({ width: written.width, height: written.height }).toEqual({
      width: plan.output.width,
      height: plan.output.height,
    });
    expect({ width: written.width, height: written.height }).toEqual(frame);
    const check = compareOriginalAt(written, original, at);
    expect(check.firstMismatch).toBeNull();
    expect(check.compared).toBe(640 * 300);
  });
});

describe('outpaint other paint modes end to end', () => {
  it('extends a grayscale brick FIT fill at the image’s native density, pixels exact in the middle', async () => {
    const original = decodePngNode(readFixture('brick.png'));
    // FIT draws the 512 px image at 400 × 400 in a 700 × 400 frame: 1.28 px per unit, so 896 × 512 written,
    // with the image centred at x = 150 units = 192 px (docs/figma-plugin-api.md, Image paints).
    await showPaintModeSceneAsync(session.page, {
      fixture: 'brick.png',
      nodeType: 'FRAME',
      scaleMode: 'FIT',
      frame: { width: 700, height: 400 },
    });
    const { written, kind } = await outpaintSelectedAsync();
    const plan = await lastStartedPlanAsync(session.page);
    expect(kind).toBe('written');
    expect({ width: written.width, height: written.height }).toEqual({
      width: plan.output.width,
      height: plan.output.height,
    });
    expect({ width: written.width, height: written.height }).toEqual({ width: 896, height: 512 });
    const check = compareOriginalAt(written, original, { x: 192, y: 0 });
    expect(check.firstMismatch).toBeNull();
    expect(check.compared).toBe(512 * 512);
  });

  it('extends the RGBA logo in a FIT rectangle, alpha included, at 2.5 px per unit', async () => {
    const original = decodePngNode(readFixture('logo.png'));
    // 500 px shown at 200 × 200 in a 300 × 200 rectangle: 750 × 500 written, image at x = 50 units = 125 px.
    await showPaintModeSceneAsync(session.page, {
      fixture: 'logo.png',
      nodeType: 'RECTANGLE',
      scaleMode: 'FIT',
      frame: { width: 300, height: 200 },
    });
    const { written } = await outpaintSelectedAsync();
    expect({ width: written.width, height: written.height }).toEqual({ width: 750, height: 500 });
    const check = compareOriginalAt(written, original, { x: 125, y: 0 });
    expect(check.firstMismatch).toBeNull();
    expect(check.compared).toBe(500 * 500);
  });

  it('says a FILL image already covers its frame and keeps Outpaint off', async () => {
    const before = await writtenCountAsync(session.page);
    await showPaintModeSceneAsync(session.page, {
      fixture: 'chelsea.png',
      nodeType: 'FRAME',
      scaleMode: 'FILL',
      frame: { width: 700, height: 400 },
    });
    // Said once, above; the disabled button points at it (aria-describedby).
    const reason = session.panel.locator('#selection-hint');
    await expect.poll(() => reason.textContent(), { timeout: 30_000 }).toMatch(/already fills the frame.*Fit/);
    expect(await outpaintButton(session.panel).getAttribute('aria-describedby')).toBe('selection-hint');
    expect(await footer(session.panel).textContent()).not.toMatch(/already fills/);
    expect(await outpaintButton(session.panel).isDisabled()).toBe(true);
    expect(await writtenCountAsync(session.page)).toBe(before);
  });
});

describe('a plan scaled by FLUX’s 4 MP cap', () => {
  // astronaut at native size in a 2200 × 2000 frame: 4.4 MP at native density, over the API's 4 MP.
  const frame = { width: 2200, height: 2000 };
  const at = { x: 844, y: 744 };

  it('sends a smaller canvas but writes the frame at native density with the original exact', async () => {
    const original = decodePngNode(readFixture('astronaut.png'));
    await showCropSceneAsync(session.page, {
      fixture: 'astronaut.png',
      frame,
      place: { ...at, width: 512, height: 512 },
    });
    // One request, as before passes (test/e2e/outpaint-passes.browser.test.ts runs the passes).
    await session.panel.getByRole('radio', { name: /One pass/ }).check();
    const { written } = await outpaintSelectedAsync();
    const plan = await lastStartedPlanAsync(session.page);
    expect(plan.limitedBy).toContain('api-max-pixels');
    expect(plan.scale).toBeLessThan(1);
    expect(plan.width * plan.height).toBeLessThanOrEqual(4_194_304);
    expect(plan.output.scale).toBe(1);
    expect({ width: written.width, height: written.height }).toEqual(frame);
    const check = compareOriginalAt(written, original, at);
    expect(check.firstMismatch).toBeNull();
    expect(check.compared).toBe(512 * 512);
    const submitted = [...(playground.fake?.state.tasks.values() ?? [])].pop();
    expect(submitted && submitted.width * submitted.height).toBeLessThanOrEqual(4_194_304);
  });

  it('keeps the panel responsive while the 4 MP image is composed', async () => {
    await showCropSceneAsync(session.page, {
      fixture: 'astronaut.png',
      frame,
      place: { ...at, width: 512, height: 512 },
    });
    await session.panel.getByRole('radio', { name: /One pass/ }).check();
    const frameHandle = await panelFrameAsync(session.page);
    // Inside the panel: once the stage line says the original is being put back, count animation frames and
    // open Settings, all while that stage lasts. A blocked main thread would show neither until it ended.
    await frameHandle.evaluate(() => {
      const probe = {
        ticksWhileComposing: 0,
        settingsOpenedWhileComposing: false,
        clicked: false,
        sawComposing: false,
      };
      Object.assign(window, { composeProbe: probe });
      const composing = (): boolean =>
        document
          .querySelector('footer [role="status"]')
          ?.textContent?.startsWith('Putting the original pixels back') === true;
      const tick = (): void => {
        if (composing()) {
          probe.sawComposing = true;
          probe.ticksWhileComposing += 1;
          const settingsButton = document.querySelector<HTMLButtonElement>('button[aria-label="Settings"]');
          if (!probe.clicked && settingsButton) {
            probe.clicked = true;
            settingsButton.click();
          }
          if (probe.clicked && document.querySelector('form[aria-label="Settings"]')) {
            probe.settingsOpenedWhileComposing = true;
          }
        }
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    const writtenBefore = await writtenCountAsync(session.page);
    await pressOutpaintAsync(session);
    // The job ends while Settings is open (its footer shows only a running job there).
    await expect.poll(() => writtenCountAsync(session.page), { timeout: 90_000 }).toBe(writtenBefore + 1);
    const probe = await frameHandle.evaluate(() => {
      const value: unknown = Reflect.get(window, 'composeProbe');
      if (typeof value !== 'object' || value === null) return null;
      return {
        sawComposing: Reflect.get(value, 'sawComposing') === true,
        ticksWhileComposing: Number(Reflect.get(value, 'ticksWhileComposing')),
        settingsOpenedWhileComposing: Reflect.get(value, 'settingsOpenedWhileComposing') === true,
      };
    });
    expect(probe?.sawComposing).toBe(true);
    expect(probe?.settingsOpenedWhileComposing).toBe(true);
    expect(probe?.ticksWhileComposing).toBeGreaterThanOrEqual(3);
    await session.panel.getByRole('button', { name: 'Close settings' }).click();
    expect(await footerWhenSettledAsync(session.panel)).toContain('Done · 2200 × 2000 px');
    await dismissAsync(session.panel);
  });
});
