// Issue #7, bad-input matrix: the animated GIF and the CMYK JPEG rows, through the whole path in real Chromium
// (dist/code.js on the figma fake, dist/ui.html in the panel iframe, the offline engine, the write-back).
// The expected pixels are Chromium's own decode of the same bytes, made in the page: the pipeline decodes with
// the browser, so the original region must match it exactly.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Rgba } from '../../common/pixels/rgba';
import { SELECTION_NOTES } from '../../common/selection/selection-messages';
import { startPlaygroundAsync, type Playground } from '../../playground/server';
import { launchChromiumAsync } from '../support/chromium';
import { decodePngNode } from '../support/png-node';
import { distNeedsBuild } from '../e2e/support/dist-freshness';
import { compareOriginalAt } from '../e2e/support/original-pixels';
import {
  dismissAsync,
  footerWhenSettledAsync,
  lastStartedPlanAsync,
  openSessionAsync,
  pressOutpaintAsync,
  readFixture,
  writtenCountAsync,
  writtenImageAsync,
  type Session,
} from '../e2e/support/playground-driver';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const GIF_NAME = 'no_time_for_that_tiny.gif';
const cmykBytes = (): Uint8Array => new Uint8Array(readFileSync(new URL('./fixtures/cmyk-48x32.jpg', import.meta.url)));

let browser: Browser;
let playground: Playground;
let session: Session;

beforeAll(async () => {
  // No fakeBfl and no key: the playground runs the offline engine.
  playground = await startPlaygroundAsync({ port: 0, build: distNeedsBuild() });
  browser = await launchChromiumAsync();
  session = await openSessionAsync(browser, playground);
});

afterAll(async () => {
  await browser?.close();
  await playground?.closeAsync();
});

interface Size {
  width: number;
  height: number;
}

/** Loads the bytes as the playground frame's CROP fill, `size` design units (1 px each), at `at` in a frame of `frame`. */
async function showImageAsync(
  page: Page,
  name: string,
  bytes: Uint8Array,
  size: Size,
  frame: Size,
  at: { x: number; y: number },
): Promise<void> {
  await page.evaluate(
    async ({ name, base64, size, frame, at }) => {
      const binary = atob(base64);
      const data = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i += 1) data[i] = binary.charCodeAt(i);
      await window.playground.loadBytesAsync(name, data);
      window.playground.setFrame(frame.width, frame.height);
      window.playground.setPlacement(at.x, at.y, size.width, size.height);
    },
    { name, base64: Buffer.from(bytes).toString('base64'), size, frame, at },
  );
}

/** Chromium's own decode of the bytes (first frame for a GIF), unpremultiplied, with its default colour handling. */
async function decodeInChromiumAsync(page: Page, bytes: Uint8Array, type: string): Promise<Rgba> {
  const decoded = await page.evaluate(
    async ({ base64, type }) => {
      const binary = atob(base64);
      const data = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i += 1) data[i] = binary.charCodeAt(i);
      const bitmap = await createImageBitmap(new Blob([data], { type }), {
        imageOrientation: 'from-image',
        premultiplyAlpha: 'none',
        colorSpaceConversion: 'default',
      });
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const context = canvas.getContext('2d', { willReadFrequently: true });
      if (!context) throw new Error('no 2D context');
      context.drawImage(bitmap, 0, 0);
      const pixels = context.getImageData(0, 0, bitmap.width, bitmap.height).data;
      let out = '';
      for (let i = 0; i < pixels.length; i += 0x8000) out += String.fromCharCode(...pixels.subarray(i, i + 0x8000));
      return { base64: btoa(out), width: bitmap.width, height: bitmap.height };
    },
    { base64: Buffer.from(bytes).toString('base64'), type },
  );
  return {
    data: new Uint8ClampedArray(Buffer.from(decoded.base64, 'base64')),
    width: decoded.width,
    height: decoded.height,
  };
}

/** Frame `index` of an animated GIF as Chromium composites it (WebCodecs ImageDecoder), to tell frames apart. */
async function decodeGifFrameAsync(page: Page, bytes: Uint8Array, index: number): Promise<Rgba> {
  const decoded = await page.evaluate(
    async ({ base64, index }) => {
      const binary = atob(base64);
      const data = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i += 1) data[i] = binary.charCodeAt(i);
      const decoder = new ImageDecoder({ data, type: 'image/gif' });
      const { image } = await decoder.decode({ frameIndex: index });
      const canvas = new OffscreenCanvas(image.displayWidth, image.displayHeight);
      const context = canvas.getContext('2d', { willReadFrequently: true });
      if (!context) throw new Error('no 2D context');
      context.drawImage(image, 0, 0);
      image.close();
      decoder.close();
      const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
      let out = '';
      for (let i = 0; i < pixels.length; i += 0x8000) out += String.fromCharCode(...pixels.subarray(i, i + 0x8000));
      return { base64: btoa(out), width: canvas.width, height: canvas.height };
    },
    { base64: Buffer.from(bytes).toString('base64'), index },
  );
  return {
    data: new Uint8ClampedArray(Buffer.from(decoded.base64, 'base64')),
    width: decoded.width,
    height: decoded.height,
  };
}

/** PNG colour type from IHDR (byte 25): 2 = RGB, 6 = RGBA; PNG has no CMYK, Figma's createImage takes either. */
const pngColourType = (png: Uint8Array): number | undefined => png[25];

function pixelAt(image: Rgba, x: number, y: number): number[] {
  const i = (y * image.width + x) * 4;
  return [...image.data.subarray(i, i + 4)];
}

function countAlpha(image: Rgba): { opaque: number; transparent: number; partial: number } {
  const counts = { opaque: 0, transparent: 0, partial: 0 };
  for (let i = 3; i < image.data.length; i += 4) {
    const a = image.data[i];
    if (a === 255) counts.opaque += 1;
    else if (a === 0) counts.transparent += 1;
    else counts.partial += 1;
  }
  return counts;
}

describe('bad input through the whole path: animated GIF and CMYK JPEG', () => {
  it('notes that only the first GIF frame is used, and writes a PNG whose original region is that first frame', async () => {
    const bytes = readFixture(GIF_NAME);
    const firstFrame = await decodeInChromiumAsync(session.page, bytes, 'image/gif');
    expect({ width: firstFrame.width, height: firstFrame.height }).toEqual({ width: 14, height: 25 });
    // The GIF is opaque or 1-bit alpha, so an exact comparison of RGBA is meaningful.
    expect(countAlpha(firstFrame).partial).toBe(0);
    // The check below only proves "first frame" if a later frame looks different where the original sits.
    const secondFrame = await decodeGifFrameAsync(session.page, bytes, 1);
    expect(compareOriginalAt(secondFrame, firstFrame, { x: 0, y: 0 }).mismatches).toBeGreaterThan(0);

    const at = { x: 14, y: 0 };
    const frame = { width: 42, height: 25 };
    await showImageAsync(session.page, GIF_NAME, bytes, firstFrame, frame, at);
    await session.panel.getByText(SELECTION_NOTES.gif).first().waitFor({ timeout: 30_000 });

    const before = await writtenCountAsync(session.page);
    await pressOutpaintAsync(session);
    const footerText = await footerWhenSettledAsync(session.panel);
    const plan = await lastStartedPlanAsync(session.page);
    const image = await writtenImageAsync(session.page);
    await dismissAsync(session.panel);

    expect(footerText).toContain(`Done · ${frame.width} × ${frame.height} px`);
    expect(await writtenCountAsync(session.page)).toBe(before + 1);
    expect(image.kind).toBe('written');
    expect([...image.bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    const written = decodePngNode(image.bytes);
    expect({ width: written.width, height: written.height }).toEqual({
      width: plan.output.width,
      height: plan.output.height,
    });
    expect({ width: written.width, height: written.height }).toEqual(frame);
    const check = compareOriginalAt(written, firstFrame, at);
    expect(check.firstMismatch).toBeNull();
    expect(check.compared).toBe(14 * 25);
    expect(compareOriginalAt(written, secondFrame, at).mismatches).toBeGreaterThan(0);
    expect([2, 6]).toContain(pngColourType(image.bytes));
    expect(session.pageErrors).toEqual([]);
  });

  it('plans a CMYK JPEG, outpaints it offline and writes an RGB PNG matching Chromium’s decode exactly', async () => {
    const bytes = cmykBytes();
    const original = await decodeInChromiumAsync(session.page, bytes, 'image/jpeg');
    expect({ width: original.width, height: original.height }).toEqual({ width: 48, height: 32 });
    expect(countAlpha(original).opaque).toBe(48 * 32);
    // The fixture is a red-to-blue gradient: a decode that ignored Adobe's inverted CMYK would show cyan/yellow.
    expect(
      pixelAt(original, 0, 0)
        .slice(0, 3)
        .map((v) => Math.round(v / 32)),
    ).toEqual([8, 0, 0]);
    expect(
      pixelAt(original, 0, 31)
        .slice(0, 3)
        .map((v) => Math.round(v / 32)),
    ).toEqual([0, 0, 8]);

    const at = { x: 24, y: 8 };
    const frame = { width: 96, height: 48 };
    await showImageAsync(session.page, 'cmyk-48x32.jpg', bytes, original, frame, at);

    const before = await writtenCountAsync(session.page);
    await pressOutpaintAsync(session);
    const footerText = await footerWhenSettledAsync(session.panel);
    const plan = await lastStartedPlanAsync(session.page);
    const image = await writtenImageAsync(session.page);
    await dismissAsync(session.panel);

    expect(footerText).toContain(`Done · ${frame.width} × ${frame.height} px`);
    expect(await writtenCountAsync(session.page)).toBe(before + 1);
    expect(image.kind).toBe('written');
    expect([...image.bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    const written = decodePngNode(image.bytes);
    expect({ width: written.width, height: written.height }).toEqual({
      width: plan.output.width,
      height: plan.output.height,
    });
    expect({ width: written.width, height: written.height }).toEqual(frame);
    const check = compareOriginalAt(written, original, at);
    expect(check.firstMismatch).toBeNull();
    expect(check.compared).toBe(48 * 32);
    expect([2, 6]).toContain(pngColourType(image.bytes));
    expect(pixelAt(written, at.x, at.y)).toEqual(pixelAt(original, 0, 0));
    expect(session.pageErrors).toEqual([]);
  });
});
