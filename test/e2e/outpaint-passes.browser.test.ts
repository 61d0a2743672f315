// Multi-pass FLUX outpaints in real Chromium (common/passes/plan-passes.ts, ui/jobs/run-passes.ts): the real
// dist/ui.html and dist/code.js in the playground, FLUX through the real proxy to the strict fake BFL server.
// Both uses: a frame past 4 MP tiled at native density, and an extension three times the image walked in steps.
// Each checks what the designer sees before the click and while it runs, the requests FLUX got, and the written
// image: its size and every original pixel exactly in place.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRgba, type Rgba } from '../../common/pixels/rgba';
import { startPlaygroundAsync, type Playground } from '../../playground/server';
import { launchChromiumAsync } from '../support/chromium';
import { decodePngNode, encodePngNode } from '../support/png-node';
import { distNeedsBuild } from './support/dist-freshness';
import { compareOriginalAt } from './support/original-pixels';
import {
  dismissAsync,
  footerWhenSettledAsync,
  openSessionAsync,
  pressOutpaintAsync,
  readFixture,
  showCropSceneAsync,
  stageAsync,
  writtenImageAsync,
  type Session,
} from './support/playground-driver';

let browser: Browser;
let playground: Playground;
let session: Session;

beforeAll(async () => {
  playground = await startPlaygroundAsync({ port: 0, fakeBfl: { latencyMs: 300 }, build: distNeedsBuild() });
  browser = await launchChromiumAsync();
  session = await openSessionAsync(browser, playground);
});

afterAll(async () => {
  await browser?.close();
  await playground?.closeAsync();
});

const tasksSoFar = (): { width: number; height: number }[] => [...(playground.fake?.state.tasks.values() ?? [])];

/** A 2000 × 2000 picture with detail everywhere (so a misplaced pixel cannot hide), small as a PNG. */
function bigPicture(): Rgba {
  const img = createRgba(2000, 2000);
  for (let y = 0; y < 2000; y++)
    for (let x = 0; x < 2000; x++) {
      const i = (y * 2000 + x) * 4;
      img.data[i] = (x * 3) & 255;
      img.data[i + 1] = (y * 5) & 255;
      img.data[i + 2] = ((x >> 4) ^ (y >> 4)) & 1 ? 200 : 40;
      img.data[i + 3] = 255;
    }
  return img;
}

/** The picture at density 1 in a 3000 × 2000 frame, at (500, 0): a 6 MP written image. */
async function showBigSceneAsync(picture: Rgba): Promise<void> {
  const base64 = Buffer.from(encodePngNode(picture)).toString('base64');
  await session.page.evaluate(async (data) => {
    const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    await window.playground.loadBytesAsync('big.png', bytes);
    window.playground.setFrame(3000, 2000);
    window.playground.setPlacement(500, 0, 2000, 2000);
  }, base64);
}

async function runAsync(count: number): Promise<{ written: Rgba; footerText: string }> {
  await pressOutpaintAsync(session);
  // The stage line names the pass in work (each pass waits on FLUX for at least the fake's latency).
  await stageAsync(session.panel, new RegExp(`^Pass \\d of ${count} · `));
  const footerText = await footerWhenSettledAsync(session.panel);
  const image = await writtenImageAsync(session.page);
  await dismissAsync(session.panel);
  return { written: decodePngNode(image.bytes), footerText };
}

describe('FLUX outpaints in passes, end to end', () => {
  it('walks coffee out to a 6:1 strip in steps, each no larger than what it continues, original exact', async () => {
    const original = decodePngNode(readFixture('coffee.png'));
    const at = { x: 900, y: 0 };
    await showCropSceneAsync(session.page, {
      fixture: 'coffee.png',
      frame: { width: 2400, height: 400 },
      place: { ...at, width: 600, height: 400 },
    });
    const passes = session.panel.getByRole('region', { name: 'Passes' });
    await passes.waitFor({ timeout: 30_000 });
    expect(await passes.textContent()).toContain('The new area is 3.0× the image: 3 steps of at most 1× each.');
    expect(await passes.getByRole('radio', { name: /In 3 passes/ }).isChecked()).toBe(true);
    const before = tasksSoFar().length;
    const { written, footerText } = await runAsync(3);
    expect(footerText).toContain('Done · 2400 × 400 px');
    const tasks = tasksSoFar().slice(before);
    expect(tasks.map((t) => [t.width, t.height])).toEqual([
      [1200, 400],
      [1800, 400],
      [812, 400],
    ]);
    expect({ width: written.width, height: written.height }).toEqual({ width: 2400, height: 400 });
    const check = compareOriginalAt(written, original, at);
    expect(check.firstMismatch).toBeNull();
    expect(check.compared).toBe(600 * 400);
  });

  it('tiles a 6 MP frame at native density instead of enlarging a 4 MP one, original exact', async () => {
    const original = bigPicture();
    await showBigSceneAsync(original);
    const passes = session.panel.getByRole('region', { name: 'Passes' });
    await passes.filter({ hasText: 'FLUX makes 4 MP at most' }).waitFor({ timeout: 30_000 });
    expect(await passes.textContent()).toContain('Generated at 83 % and enlarged. As before.');
    const before = tasksSoFar().length;
    const { written, footerText } = await runAsync(2);
    expect(footerText).toContain('Done · 3000 × 2000 px');
    // Both requests at full density, each within 4 MP: 512 px of context and the 500 px band beside it.
    expect(
      tasksSoFar()
        .slice(before)
        .map((t) => [t.width, t.height]),
    ).toEqual([
      [1012, 2000],
      [1012, 2000],
    ]);
    expect({ width: written.width, height: written.height }).toEqual({ width: 3000, height: 2000 });
    const check = compareOriginalAt(written, original, { x: 500, y: 0 });
    expect(check.firstMismatch).toBeNull();
    expect(check.compared).toBe(2000 * 2000);
  });

  it('with One pass chosen, sends today’s single smaller request', async () => {
    await showBigSceneAsync(bigPicture());
    await session.panel.getByRole('radio', { name: /One pass/ }).check();
    const before = tasksSoFar().length;
    await pressOutpaintAsync(session);
    const footerText = await footerWhenSettledAsync(session.panel);
    await dismissAsync(session.panel);
    expect(footerText).toContain('Done · 3000 × 2000 px');
    const tasks = tasksSoFar().slice(before);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]!.width * tasks[0]!.height).toBeLessThanOrEqual(4_194_304);
    expect(tasks[0]!.width).toBeLessThan(3000);
    expect(session.pageErrors).toEqual([]);
  });
});
