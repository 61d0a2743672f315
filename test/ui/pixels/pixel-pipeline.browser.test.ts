import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { resizeRgba } from '../../../common/pixels/resize-rgba';
import { sniffImageFormat } from '../../../common/pixels/read-image-header';
import type { Rgba } from '../../../common/pixels/rgba';
import { launchChromiumAsync } from '../../support/chromium';
import { nonSecureUrl } from '../../support/non-secure-url';
import { decodePngNode, encodePngNode } from '../../support/png-node';
import {
  alphaRamp,
  countMismatches,
  cropOf,
  fixtureBytes,
  gradient,
  mismatchesInRegion,
  pixelAt,
} from './support/images';
import { makePlan } from './support/make-plan';
import {
  buildPixelPageScriptAsync,
  callPage,
  openPixelPageAsync,
  servePixelPageAsync,
  type PixelPageServer,
} from './support/pixel-page';
import type { Outcome } from './support/pixel-page-entry';

let browser: Browser;
let server: PixelPageServer;
let page: Page;

beforeAll(async () => {
  const script = await buildPixelPageScriptAsync();
  server = await servePixelPageAsync(script);
  browser = await launchChromiumAsync();
  page = await openPixelPageAsync(browser, server.url);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

function valueOf<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new Error(`expected success, got ${outcome.code}: ${outcome.message}`);
  return outcome.value;
}

const WORKER = {};
const coffeeBytes = fixtureBytes('coffee.png');
const coffee = decodePngNode(coffeeBytes);

describe('prepareReferenceAsync', () => {
  it('sends the PNG file untouched when nothing is cropped, rotated or resized', async () => {
    const plan = makePlan({
      crop: { x: 0, y: 0, width: 600, height: 400 },
      frame: { width: 800, height: 400 },
      at: { x: 100, y: 0 },
    });
    const prepared = valueOf(await callPage(page, 'prepare', coffeeBytes, plan, WORKER));
    expect(prepared.untouched).toBe(true);
    expect(Buffer.from(prepared.bytes).equals(Buffer.from(coffeeBytes))).toBe(true);
    expect([prepared.width, prepared.height]).toEqual([600, 400]);
  });

  it('sends the JPEG file untouched when nothing changes', async () => {
    const rocket = fixtureBytes('rocket.jpg');
    const plan = makePlan({
      crop: { x: 0, y: 0, width: 640, height: 427 },
      frame: { width: 640, height: 640 },
      at: { x: 0, y: 100 },
    });
    const prepared = valueOf(await callPage(page, 'prepare', rocket, plan, WORKER));
    expect(prepared.untouched).toBe(true);
    expect(Buffer.from(prepared.bytes).equals(Buffer.from(rocket))).toBe(true);
  });

  it('crops to the part inside the frame, pixel-exact, as a PNG at native size', async () => {
    const crop = { x: 50, y: 40, width: 300, height: 200 };
    const plan = makePlan({ crop, frame: { width: 500, height: 300 }, at: { x: 0, y: 50 } });
    const prepared = valueOf(await callPage(page, 'prepare', coffeeBytes, plan, WORKER));
    expect(prepared.untouched).toBe(false);
    expect(sniffImageFormat(prepared.bytes)).toBe('png');
    const sent = decodePngNode(prepared.bytes);
    expect([sent.width, sent.height]).toEqual([300, 200]);
    expect(countMismatches(sent, cropOf(coffee, crop))).toBe(0);
  });

  it('resizes only when the plan scaled, to the planned reference size', async () => {
    const crop = { x: 0, y: 0, width: 600, height: 400 };
    const plan = makePlan({ crop, frame: { width: 1200, height: 800 }, at: { x: 300, y: 200 }, scale: 0.5 });
    const prepared = valueOf(await callPage(page, 'prepare', coffeeBytes, plan, WORKER));
    const sent = decodePngNode(prepared.bytes);
    expect([sent.width, sent.height]).toEqual([300, 200]);
    expect(countMismatches(sent, resizeRgba(coffee, 300, 200))).toBe(0);
  });

  it('applies the fill rotation before cropping (quarter turn clockwise)', async () => {
    const chelseaBytes = fixtureBytes('chelsea.png');
    const chelsea = decodePngNode(chelseaBytes);
    const plan = makePlan({
      crop: { x: 0, y: 0, width: 300, height: 451 },
      quarterTurns: 1,
      frame: { width: 400, height: 451 },
      at: { x: 50, y: 0 },
    });
    const sent = decodePngNode(valueOf(await callPage(page, 'prepare', chelseaBytes, plan, WORKER)).bytes);
    expect([sent.width, sent.height]).toEqual([300, 451]);
    // Clockwise: the source's bottom-left corner becomes the top-left.
    let wrong = 0;
    for (let y = 0; y < sent.height; y += 7) {
      for (let x = 0; x < sent.width; x += 5) {
        const expected = pixelAt(chelsea, y, chelsea.height - 1 - x);
        if (pixelAt(sent, x, y).some((v, c) => v !== expected[c])) wrong++;
      }
    }
    expect(wrong).toBe(0);
  });

  it('crops a JPEG to exactly the pixels the browser shows for it', async () => {
    const rocketBytes = fixtureBytes('rocket.jpg');
    const shown = await callPage(page, 'decodeWithImage', rocketBytes, 'image/jpeg');
    const crop = { x: 100, y: 27, width: 400, height: 400 };
    const plan = makePlan({ crop, frame: { width: 600, height: 400 }, at: { x: 100, y: 0 } });
    const sent = decodePngNode(valueOf(await callPage(page, 'prepare', rocketBytes, plan, WORKER)).bytes);
    expect(countMismatches(sent, cropOf(shown, crop))).toBe(0);
  });

  it('re-encodes a GIF (first frame) as PNG even when nothing else changes', async () => {
    const plan = makePlan({
      crop: { x: 0, y: 0, width: 14, height: 25 },
      frame: { width: 64, height: 64 },
      at: { x: 25, y: 20 },
    });
    const prepared = valueOf(await callPage(page, 'prepare', fixtureBytes('no_time_for_that_tiny.gif'), plan, WORKER));
    expect(prepared.untouched).toBe(false);
    expect(sniffImageFormat(prepared.bytes)).toBe('png');
    expect([decodePngNode(prepared.bytes).width, decodePngNode(prepared.bytes).height]).toEqual([14, 25]);
  });

  it('keeps every alpha value and the colour of fully transparent pixels when cropping', async () => {
    const ramp = alphaRamp(256, 64);
    const crop = { x: 0, y: 8, width: 200, height: 48 };
    const plan = makePlan({ crop, frame: { width: 300, height: 100 }, at: { x: 50, y: 26 } });
    const sent = decodePngNode(valueOf(await callPage(page, 'prepare', encodePngNode(ramp), plan, WORKER)).bytes);
    expect(countMismatches(sent, cropOf(ramp, crop))).toBe(0);
  });

  it('refuses bytes that are not an image with a message naming the next step', async () => {
    const plan = makePlan({
      crop: { x: 0, y: 0, width: 10, height: 10 },
      frame: { width: 64, height: 64 },
      at: { x: 0, y: 0 },
    });
    const outcome = await callPage(
      page,
      'prepare',
      new TextEncoder().encode('<html>not an image</html>'),
      plan,
      WORKER,
    );
    expect(outcome).toMatchObject({ ok: false, code: 'unsupported-format' });
    expect(!outcome.ok && outcome.message.length).toBeLessThanOrEqual(100);
  });

  it('reports a damaged image file as decode-failed instead of crashing', async () => {
    const plan = makePlan({
      crop: { x: 10, y: 10, width: 50, height: 50 },
      frame: { width: 64, height: 64 },
      at: { x: 0, y: 0 },
    });
    const broken = coffeeBytes.slice(0, 200);
    const outcome = await callPage(page, 'prepare', broken, plan, WORKER);
    expect(outcome).toMatchObject({ ok: false, code: 'decode-failed' });
  });
});

describe('finishAsync', () => {
  // coffee.png (600×400) in an 800×600 frame at (100, 120).
  const coffeePlan = makePlan({
    crop: { x: 0, y: 0, width: 600, height: 400 },
    frame: { width: 800, height: 600 },
    at: { x: 100, y: 120 },
  });
  const generated = gradient(800, 600);
  const generatedBytes = encodePngNode(generated);
  const region = { x: 100, y: 120, width: 600, height: 400 };

  async function finish(feather: number, format: 'png' | 'jpeg' = 'png') {
    return valueOf(
      await callPage(
        page,
        'finish',
        { source: coffeeBytes, result: generatedBytes, plan: coffeePlan, feather, format },
        WORKER,
      ),
    );
  }

  it('puts the original back pixel-exact at its place on the generated canvas', async () => {
    const done = await finish(4);
    const written = decodePngNode(done.bytes);
    expect([done.width, done.height, written.width, written.height]).toEqual([800, 600, 800, 600]);
    expect(mismatchesInRegion(written, region, coffee)).toBe(0);
  });

  it('leaves generated pixels beyond the feather band untouched', async () => {
    const written = decodePngNode((await finish(4)).bytes);
    let changed = 0;
    for (let y = 0; y < 600; y++) {
      for (let x = 0; x < 800; x++) {
        const dx = Math.max(region.x - x, x - (region.x + region.width - 1), 0);
        const dy = Math.max(region.y - y, y - (region.y + region.height - 1), 0);
        if (Math.hypot(dx, dy) <= 4) continue;
        if (pixelAt(written, x, y).some((v, c) => v !== pixelAt(generated, x, y)[c])) changed++;
      }
    }
    expect(changed).toBe(0);
  });

  it('pulls the generated band next to the seam toward the original edge colours', async () => {
    const written = decodePngNode((await finish(6)).bytes);
    let before = 0;
    let after = 0;
    for (let y = region.y; y < region.y + region.height; y++) {
      const edge = pixelAt(coffee, 0, y - region.y);
      const raw = pixelAt(generated, region.x - 1, y);
      const out = pixelAt(written, region.x - 1, y);
      for (let c = 0; c < 3; c++) {
        before += Math.abs(raw[c]! - edge[c]!);
        after += Math.abs(out[c]! - edge[c]!);
      }
    }
    expect(after).toBeLessThan(before / 2);
  });

  it('with feather 0 keeps a hard edge: every generated pixel outside the original is unchanged', async () => {
    const written = decodePngNode((await finish(0)).bytes);
    const outside = { ...written, data: new Uint8ClampedArray(written.data) };
    // Blank the original region in both images, then compare everything else.
    const blank = (img: Rgba) => {
      for (let y = region.y; y < region.y + region.height; y++)
        img.data.fill(0, (y * img.width + region.x) * 4, (y * img.width + region.x + region.width) * 4);
    };
    const expected = { ...generated, data: new Uint8ClampedArray(generated.data) };
    blank(outside);
    blank(expected);
    expect(countMismatches(outside, expected)).toBe(0);
    expect(mismatchesInRegion(written, region, coffee)).toBe(0);
  });

  it('rejects a result of the wrong size with size-mismatch', async () => {
    const wrong = encodePngNode(gradient(790, 600));
    const outcome = await callPage(
      page,
      'finish',
      { source: coffeeBytes, result: wrong, plan: coffeePlan, feather: 4, format: 'png' },
      WORKER,
    );
    expect(outcome).toMatchObject({ ok: false, code: 'size-mismatch' });
    expect(!outcome.ok && outcome.message).toContain('790×600');
  });

  it('keeps the reference transparency exactly in the original region', async () => {
    const ramp = alphaRamp(200, 100);
    const plan = makePlan({
      crop: { x: 0, y: 0, width: 200, height: 100 },
      frame: { width: 300, height: 200 },
      at: { x: 60, y: 40 },
    });
    const result = encodePngNode(gradient(300, 200));
    const done = valueOf(
      await callPage(page, 'finish', { source: encodePngNode(ramp), result, plan, feather: 4, format: 'png' }, WORKER),
    );
    const written = decodePngNode(done.bytes);
    expect(mismatchesInRegion(written, { x: 60, y: 40, width: 200, height: 100 }, ramp)).toBe(0);
    expect(pixelAt(written, 5, 5)[3]).toBe(255);
  });

  it('writes JPEG when chosen, at the output size, close to the original in its region', async () => {
    const done = await finish(4, 'jpeg');
    expect(sniffImageFormat(done.bytes)).toBe('jpeg');
    const written = await callPage(page, 'decodeWithImage', done.bytes, 'image/jpeg');
    expect([written.width, written.height]).toEqual([800, 600]);
    let error = 0;
    for (let y = 0; y < region.height; y++) {
      for (let x = 0; x < region.width; x++) {
        const a = pixelAt(written, region.x + x, region.y + y);
        const e = pixelAt(coffee, x, y);
        error += Math.abs(a[0]! - e[0]!) + Math.abs(a[1]! - e[1]!) + Math.abs(a[2]! - e[2]!);
      }
    }
    expect(error / (region.width * region.height * 3)).toBeLessThan(3);
  });

  it('restores native resolution when the 4 MP cap lowered the API density: original exact, generated upscaled', async () => {
    const plan = makePlan({
      crop: { x: 0, y: 0, width: 600, height: 400 },
      frame: { width: 1200, height: 800 },
      at: { x: 300, y: 200 },
      scale: 0.5,
    });
    expect([plan.width, plan.height]).toEqual([600, 400]);
    const lowRes = gradient(600, 400);
    const done = valueOf(
      await callPage(
        page,
        'finish',
        { source: coffeeBytes, result: encodePngNode(lowRes), plan, feather: 4, format: 'png' },
        WORKER,
      ),
    );
    const written = decodePngNode(done.bytes);
    expect([written.width, written.height]).toEqual([1200, 800]);
    expect(mismatchesInRegion(written, { x: 300, y: 200, width: 600, height: 400 }, coffee)).toBe(0);
    // The generated corner is the low-res corner, enlarged: a smooth ramp stays within a step of its source.
    const corner = pixelAt(written, 10, 10);
    const source = pixelAt(lowRes, 5, 5);
    expect(Math.abs(corner[0]! - source[0]!)).toBeLessThanOrEqual(2);
  });

  it("under Figma's 4096 px cap writes the original at the capped density", async () => {
    const plan = makePlan({
      crop: { x: 0, y: 0, width: 600, height: 400 },
      frame: { width: 800, height: 600 },
      at: { x: 100, y: 100 },
      outputScale: 0.5,
    });
    const done = valueOf(
      await callPage(
        page,
        'finish',
        { source: coffeeBytes, result: generatedBytes, plan, feather: 0, format: 'png' },
        WORKER,
      ),
    );
    const written = decodePngNode(done.bytes);
    expect([written.width, written.height]).toEqual([400, 300]);
    expect(mismatchesInRegion(written, { x: 50, y: 50, width: 300, height: 200 }, resizeRgba(coffee, 300, 200))).toBe(
      0,
    );
  });
});

describe('runOfflineAsync', () => {
  it('returns the whole canvas as pixels with the reference exact at its offset, reporting progress', async () => {
    const crop = { x: 200, y: 100, width: 96, height: 64 };
    const plan = makePlan({ crop, frame: { width: 160, height: 112 }, at: { x: 40, y: 24 } });
    const { outcome, progress } = await callPage(page, 'offline', coffeeBytes, plan, 7, WORKER);
    const canvas = valueOf(outcome);
    expect([canvas.width, canvas.height]).toEqual([160, 112]);
    expect(mismatchesInRegion(canvas, { x: 40, y: 24, width: 96, height: 64 }, cropOf(coffee, crop))).toBe(0);
    expect(pixelAt(canvas, 0, 0)[3]).toBe(255);
    expect(progress.length).toBeGreaterThan(0);
  });

  it('composes the offline pixels exactly as it would their PNG, without encoding them first', async () => {
    const crop = { x: 200, y: 100, width: 96, height: 64 };
    const plan = makePlan({ crop, frame: { width: 160, height: 112 }, at: { x: 40, y: 24 } });
    const canvas = valueOf((await callPage(page, 'offline', coffeeBytes, plan, 7, WORKER)).outcome);
    const fromPixels = valueOf(
      await callPage(page, 'finish', { source: coffeeBytes, result: canvas, plan, feather: 3, format: 'png' }, WORKER),
    );
    const fromPng = valueOf(
      await callPage(
        page,
        'finish',
        { source: coffeeBytes, result: encodePngNode(canvas), plan, feather: 3, format: 'png' },
        WORKER,
      ),
    );
    expect(
      Buffer.from(decodePngNode(fromPixels.bytes).data).equals(Buffer.from(decodePngNode(fromPng.bytes).data)),
    ).toBe(true);
  });
});

describe('createPixelPipeline', () => {
  const plan = makePlan({
    crop: { x: 0, y: 0, width: 600, height: 400 },
    frame: { width: 800, height: 600 },
    at: { x: 100, y: 120 },
  });
  const input = {
    source: coffeeBytes,
    result: encodePngNode(gradient(800, 600)),
    plan,
    feather: 4,
    format: 'png' as const,
  };

  it('runs in a worker started from a data: URL, with the exact wasm codec', async () => {
    expect(valueOf(await callPage(page, 'status', WORKER))).toEqual({ mode: 'data-worker', exact: true });
  });

  it('falls back to a blob: worker, then to the main thread, with identical output', async () => {
    const inWorker = valueOf(await callPage(page, 'finish', input, WORKER)).bytes;
    expect(valueOf(await callPage(page, 'status', { modes: ['blob-worker'] })).mode).toBe('blob-worker');
    const inMain = valueOf(await callPage(page, 'finish', input, { modes: ['main-thread'] }));
    expect(valueOf(await callPage(page, 'status', { modes: ['main-thread'] })).mode).toBe('main-thread');
    expect(Buffer.from(inMain.bytes).equals(Buffer.from(inWorker))).toBe(true);
  });

  it('without wasm still keeps opaque images exact (canvas fallback) and says it is not exact for alpha', async () => {
    const choice = { wasm: false };
    expect(valueOf(await callPage(page, 'status', choice)).exact).toBe(false);
    const written = decodePngNode(valueOf(await callPage(page, 'finish', input, choice)).bytes);
    expect(mismatchesInRegion(written, { x: 100, y: 120, width: 600, height: 400 }, coffee)).toBe(0);
  });

  it('where the page cannot inflate the inlined worker (no DecompressionStream), runs on the main thread, opaque pixels exact', async () => {
    const bare = await browser.newPage();
    try {
      await bare.addInitScript(() => {
        Reflect.deleteProperty(globalThis, 'DecompressionStream');
      });
      await bare.goto(nonSecureUrl(server.url));
      await bare.waitForFunction(() => '__pixelTest' in globalThis);
      expect(valueOf(await callPage(bare, 'status', WORKER))).toEqual({ mode: 'main-thread', exact: false });
      const written = decodePngNode(valueOf(await callPage(bare, 'finish', input, WORKER)).bytes);
      expect(mismatchesInRegion(written, { x: 100, y: 120, width: 600, height: 400 }, coffee)).toBe(0);
    } finally {
      await bare.close();
    }
  });

  it('answers an aborted job with cancelled and keeps serving the next one', async () => {
    expect(await callPage(page, 'finishAborted', input, WORKER)).toMatchObject({ ok: false, code: 'cancelled' });
    const written = decodePngNode(valueOf(await callPage(page, 'finish', input, WORKER)).bytes);
    expect(mismatchesInRegion(written, { x: 100, y: 120, width: 600, height: 400 }, coffee)).toBe(0);
  });
});
