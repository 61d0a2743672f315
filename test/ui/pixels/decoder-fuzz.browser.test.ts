// Issue #7 item 3: the UI's image decoders (ui/pixels/browser-codec.ts: wasm PNG, canvas JPEG/GIF, and the
// canvas-only fallback) fed damaged files in real Chromium. Each case must end, within a watchdog, in
// either a consistent image (data length = width × height × 4) or a PixelError with a short message that
// names the next step; never an unexpected exception, a crash of the page, or a hang. Mutations come from
// fixed fast-check seeds so a failing case replays; each case is printed on failure.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import jpeg from 'jpeg-js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNotSecureContextAsync, nonSecureUrl } from '../../support/non-secure-url';
import { launchChromiumAsync } from '../../support/chromium';
import { encodePngNode } from '../../support/png-node';
import { midFileDamagedPng } from '../../bad-input/make-png';
import { alphaRamp } from './support/images';
import { bundleForBrowserAsync } from './support/pixel-page';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** Far above any real decode here; only a hang gets near it. */
const WATCHDOG_MS = 20_000;

type Outcome =
  { ok: true; width: number; height: number; length: number } | { ok: false; code: string; message: string };
type Mode = 'wasm' | 'canvas';

function buildPageScriptAsync(): Promise<string> {
  return bundleForBrowserAsync({
    stdin: {
      contents: `
        import { createBrowserCodecAsync } from './ui/pixels/browser-codec';
        import { PixelError } from './ui/pixels/pixel-error';
        import { pngWasmGzip } from './ui/pixels/png-wasm-bytes';
        const codecs = { wasm: createBrowserCodecAsync({ pngWasmGzip }), canvas: createBrowserCodecAsync({ pngWasmGzip: null }) };
        globalThis.__decode = async (mode, bytes) => {
          const codec = await codecs[mode];
          try {
            const image = await codec.decodeAsync(bytes);
            return { ok: true, width: image.width, height: image.height, length: image.data.length };
          } catch (error) {
            if (error instanceof PixelError) return { ok: false, code: error.code, message: error.message };
            return { ok: false, code: 'thrown', message: String(error) };
          }
        };
        globalThis.__exact = async (mode) => (await codecs[mode]).exact;`,
      resolveDir: root,
      loader: 'ts',
    },
  });
}

let browser: Browser;
let page: Page;

beforeAll(async () => {
  const script = await buildPageScriptAsync();
  browser = await launchChromiumAsync();
  page = await browser.newPage();
  // A plain-http, non-loopback page: not a secure context, as the panel is not in Figma (docs/figma-iframe.md).
  const url = nonSecureUrl('http://127.0.0.1/decoder-fuzz');
  await page.route(url, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: '<!doctype html><meta charset="utf-8"><title>decoder fuzz</title>',
    }),
  );
  await page.goto(url);
  await expectNotSecureContextAsync(page);
  await page.addScriptTag({ content: script });
  await page.waitForFunction(() => '__decode' in globalThis);
});
afterAll(async () => {
  await browser?.close();
});

async function decodeAsync(mode: Mode, bytes: Uint8Array): Promise<Outcome | 'hang'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const watchdog = new Promise<'hang'>((resolve) => {
    timer = setTimeout(() => resolve('hang'), WATCHDOG_MS);
  });
  try {
    return await Promise.race([
      page.evaluate(
        ([m, base64]) => {
          const binary = atob(base64);
          const data = new Uint8Array(binary.length);
          for (let i = 0; i < binary.length; i++) data[i] = binary.charCodeAt(i);
          return (globalThis as unknown as { __decode(mode: string, b: Uint8Array): Promise<Outcome> }).__decode(
            m,
            data,
          );
        },
        [mode, Buffer.from(bytes).toString('base64')] as const,
      ),
      watchdog,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`../../fixtures/images/${name}`, import.meta.url)));
}

/** Small sources keep each case cheap; the formats and chunk layouts are what matter. */
const SOURCES: Record<string, Uint8Array> = {
  'alpha-ramp.png': encodePngNode(alphaRamp(40, 24)),
  'foo3x5x4indexed.png': fixture('foo3x5x4indexed.png'),
  'ramp.jpg': new Uint8Array(jpeg.encode({ data: alphaRamp(48, 32).data, width: 48, height: 32 }, 85).data),
  'no_time_for_that_tiny.gif': fixture('no_time_for_that_tiny.gif'),
};

/** Where a PNG's IHDR width/height or a JPEG's SOF dimensions sit, to lie about the size. */
function sizeFieldOffset(bytes: Uint8Array): number | null {
  if (bytes[0] === 0x89) return 16;
  for (let i = 2; i + 9 < bytes.length; i++) {
    const marker = bytes[i + 1] ?? 0;
    if (bytes[i] === 0xff && marker >= 0xc0 && marker <= 0xc2) return i + 5;
  }
  return null;
}

type Damage =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'overwrite'; at: number; length: number; value: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; junk: number[] }
  | { kind: 'huge-size'; value: number };

const damages: fc.Arbitrary<Damage> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat(7) }),
  fc.record({
    kind: fc.constant('overwrite' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 64 }),
    value: fc.nat(255),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    junk: fc.array(fc.nat(255), { minLength: 1, maxLength: 32 }),
  }),
  fc.record({
    kind: fc.constant('huge-size' as const),
    value: fc.constantFrom(0, 1, 0xffff, 0x7fffffff, 0xffffffff, 100_000),
  }),
);

function applyDamage(source: Uint8Array, damage: Damage): Uint8Array {
  const bytes = source.slice();
  switch (damage.kind) {
    case 'flip': {
      const i = damage.at % bytes.length;
      bytes[i] = (bytes[i] ?? 0) ^ (1 << damage.bit);
      return bytes;
    }
    case 'overwrite': {
      const i = damage.at % bytes.length;
      bytes.fill(damage.value, i, Math.min(bytes.length, i + damage.length));
      return bytes;
    }
    case 'truncate':
      return bytes.subarray(0, damage.at % bytes.length);
    case 'insert': {
      const i = damage.at % bytes.length;
      return new Uint8Array([...bytes.subarray(0, i), ...damage.junk, ...bytes.subarray(i)]);
    }
    case 'huge-size': {
      const at = sizeFieldOffset(bytes);
      if (at === null) return bytes;
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      if (bytes[0] === 0x89) {
        view.setUint32(at, damage.value >>> 0);
        view.setUint32(at + 4, damage.value >>> 0);
      } else {
        view.setUint16(at, damage.value & 0xffff);
        view.setUint16(at + 2, damage.value & 0xffff);
      }
      return bytes;
    }
  }
}

function checkOutcome(outcome: Outcome | 'hang', label: string): 'image' | 'refused' {
  expect({ label, hang: outcome === 'hang' }).toEqual({ label, hang: false });
  if (outcome === 'hang') return 'refused';
  if (outcome.ok) {
    expect({ label, width: outcome.width > 0, height: outcome.height > 0, length: outcome.length }).toEqual({
      label,
      width: true,
      height: true,
      length: outcome.width * outcome.height * 4,
    });
    return 'image';
  }
  expect({ label, code: outcome.code }).toEqual({
    label,
    code: expect.stringMatching(/^(decode-failed|unsupported-format)$/),
  });
  expect(outcome.message.length).toBeLessThanOrEqual(100);
  expect(outcome.message).toMatch(/Replace/);
  return 'refused';
}

describe.each([
  ['wasm PNG + canvas JPEG/GIF', 'wasm' as Mode, 400, 7_4001],
  ['canvas-only fallback', 'canvas' as Mode, 150, 7_4002],
])('decoding damaged files with the %s codec', (_label, mode, runs, seed) => {
  it(
    `ends every one of ${runs} damaged files in an image or a clear refusal, never a hang`,
    { timeout: 300_000 },
    async () => {
      expect(
        await page.evaluate(
          (m) => (globalThis as unknown as { __exact(mode: string): Promise<boolean> }).__exact(m),
          mode,
        ),
      ).toBe(mode === 'wasm');
      const tally = { image: 0, refused: 0 };
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...Object.keys(SOURCES)), damages, async (name, damage) => {
          const source = SOURCES[name];
          if (!source) throw new Error(`no source ${name}`);
          const outcome = await decodeAsync(mode, applyDamage(source, damage));
          tally[checkOutcome(outcome, `${name} ${JSON.stringify(damage)}`)] += 1;
        }),
        { numRuns: runs, seed },
      );
      expect(tally.image + tally.refused).toBe(runs);
      expect(tally.refused).toBeGreaterThan(0);
      console.log(`${mode}: ${runs} damaged files → ${tally.image} decoded, ${tally.refused} refused`);
      // The page is still healthy: an intact file decodes afterwards.
      const after = await decodeAsync(mode, SOURCES['alpha-ramp.png'] ?? new Uint8Array());
      expect(after).toEqual({ ok: true, width: 40, height: 24, length: 40 * 24 * 4 });
    },
  );

  it('refuses a PNG damaged in the middle of its pixels though its chunks and end marker are intact', async () => {
    // A disk or sync error inside the compressed pixels: every chunk's CRC is made right again and IEND is in
    // place, so only a full decode finds it. Such a file must never be read as an image (and then paid for).
    const bytes = midFileDamagedPng();
    expect(checkOutcome(await decodeAsync(mode, bytes), 'mid-file damaged PNG')).toBe('refused');
  });

  it('refuses the fixture that is a truncated JPEG, and empty or foreign bytes, with a clear message', async () => {
    const cases: [string, Uint8Array][] = [
      ['truncated.jpg', fixture('truncated.jpg')],
      ['empty', new Uint8Array(0)],
      ['PNG signature only', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
      ['JPEG SOI only', new Uint8Array([0xff, 0xd8, 0xff])],
      ['HTML', new TextEncoder().encode('<html>not an image</html>')],
    ];
    for (const [label, bytes] of cases) {
      const outcome = await decodeAsync(mode, bytes);
      if (label === 'truncated.jpg' && outcome !== 'hang' && outcome.ok) {
        // Browsers may show the decoded top part of a cut JPEG; it must then be a consistent image.
        checkOutcome(outcome, label);
        continue;
      }
      expect(checkOutcome(outcome, label)).toBe('refused');
    }
  });
});
