// The panel under each plausible Content Security Policy of Figma's plugin iframe (playground/figma-csp.ts), framed
// as Figma frames it. Figma does not document the policy it builds from `networkAccess`, so every one of these must
// still write a correct result — the original pixel-exact in the written image — through the fallback that policy
// leaves: data: worker → blob: worker → main thread; wasm PNG → canvas codec; blob: previews → data: URLs. What each
// run used is read from Settings → Diagnostics, as a designer would copy it for support.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSP_NAMES, type CspName } from '../../playground/figma-csp';
import { startPlaygroundAsync, type Playground } from '../../playground/server';
import { launchChromiumAsync } from '../support/chromium';
import { decodePngNode } from '../support/png-node';
import { distNeedsBuild } from './support/dist-freshness';
import { compareOriginalAt } from './support/original-pixels';
import {
  footerWhenSettledAsync,
  openSessionAsync,
  pressOutpaintAsync,
  readFixture,
  showCropSceneAsync,
  writtenImageAsync,
} from './support/playground-driver';

/** The fallback each policy leaves, as the Diagnostics block names it. */
const EXPECTED: Record<CspName, { worker: string; codec: string; previews: string; violations: string }> = {
  'allow-all': { worker: 'data-worker', codec: 'wasm PNG (exact)', previews: 'blob: URLs', violations: 'none' },
  'no-blob': {
    worker: 'data-worker',
    codec: 'wasm PNG (exact)',
    previews: 'data: URLs',
    violations: 'img-src refused blob',
  },
  'no-worker-src': {
    worker: 'main-thread',
    codec: 'wasm PNG (exact)',
    previews: 'blob: URLs',
    violations: 'worker-src refused data; worker-src refused blob',
  },
  // The wasm compile is refused inside the worker, whose violation events the page does not see; the codec line says it.
  'no-wasm': { worker: 'data-worker', codec: 'canvas (fallback)', previews: 'blob: URLs', violations: 'none' },
  'data-only': {
    worker: 'data-worker',
    codec: 'canvas (fallback)',
    previews: 'data: URLs',
    violations: 'img-src refused blob',
  },
};

let browser: Browser;
let offline: Playground;
let flux: Playground;

beforeAll(async () => {
  const build = distNeedsBuild();
  offline = await startPlaygroundAsync({ port: 0, build });
  flux = await startPlaygroundAsync({ port: 0, fakeBfl: { latencyMs: 100 }, build: false });
  browser = await launchChromiumAsync();
});

afterAll(async () => {
  await browser?.close();
  await offline?.closeAsync();
  await flux?.closeAsync();
});

describe.each(CSP_NAMES.map((name) => [name] as const))('the panel under the %s policy', (csp) => {
  it.each([['offline engine'], ['FLUX through the proxy']] as const)(
    'writes a correct result with the %s',
    async (engine) => {
      const session = await openSessionAsync(browser, engine === 'offline engine' ? offline : flux, { csp });
      const { page, panel } = session;
      const original = decodePngNode(readFixture('chelsea.png'));
      const at = { x: 125, y: 50 };
      await showCropSceneAsync(page, {
        fixture: 'chelsea.png',
        frame: { width: 700, height: 400 },
        place: { ...at, width: original.width, height: original.height },
      });
      // The placement preview shows the image (a refused blob: image would leave it blank).
      const preview = panel.locator('svg image').first();
      await preview.waitFor({ timeout: 30_000 });
      const href = (await preview.getAttribute('href')) ?? '';
      await pressOutpaintAsync(session);
      const footerText = await footerWhenSettledAsync(panel);
      expect(footerText).toContain('Done');

      const written = decodePngNode((await writtenImageAsync(page)).bytes);
      expect([written.width, written.height]).toEqual([700, 400]);
      const check = compareOriginalAt(written, original, at);
      expect(check).toMatchObject({ compared: original.width * original.height, mismatches: 0 });

      await panel.getByRole('button', { name: 'Settings', exact: true }).click();
      const text = await panel.getByRole('textbox', { name: 'Diagnostics text' }).inputValue();
      const expected = EXPECTED[csp];
      expect(text).toContain('Secure context: no');
      expect(text).toContain(`Pixel work: ${expected.worker}`);
      expect(text).toContain(`PNG codec: ${expected.codec}`);
      expect(text).toContain(`Preview images: ${expected.previews}`);
      expect(text).toContain(`CSP violations: ${expected.violations}\n`);
      expect(text).toContain('Last error: none');
      // Where blob: images are refused, the preview never used one (until the check answers, previews are data:).
      if (expected.previews === 'data: URLs') expect(href.slice(0, 5)).toBe('data:');
      else expect(['blob:', 'data:']).toContain(href.slice(0, 5));
      expect(session.pageErrors).toEqual([]);
      await page.close();
    },
  );
});
