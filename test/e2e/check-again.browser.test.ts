// FLUX slower than the panel's 5-minute poll budget (a long queue at BFL, or a laptop that slept mid-poll): the real
// panel in Chromium, framed as Figma frames it, through the real proxy to the strict fake BFL server. The page's
// clock is Playwright's (https://playwright.dev/docs/clock), so five minutes pass in a moment; the fake's own clock
// is moved when the test wants the task done. The paid task must be kept, offered as "Check again", and fetched
// by polling — never submitted a second time.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlaygroundAsync, type Playground } from '../../playground/server';
import type { FakeBfl } from '../../test/fake-bfl/fake-bfl-server';
import { launchChromiumAsync } from '../support/chromium';
import { decodePngNode } from '../support/png-node';
import { distNeedsBuild } from './support/dist-freshness';
import { compareOriginalAt } from './support/original-pixels';
import {
  footer,
  footerWhenSettledAsync,
  panelLocator,
  pressOutpaintAsync,
  readFixture,
  showCropSceneAsync,
  stageAsync,
  waitUntilAsync,
  writtenImageAsync,
  type Session,
} from './support/playground-driver';

/** Longer than the panel's poll budget: FLUX is still queued when the panel stops waiting. */
const FLUX_TAKES_MS = 20 * 60_000;

let browser: Browser;
let playground: Playground;
let fake: FakeBfl;
let session: Session;

beforeAll(async () => {
  playground = await startPlaygroundAsync({ port: 0, fakeBfl: { latencyMs: FLUX_TAKES_MS }, build: distNeedsBuild() });
  if (!playground.fake) throw new Error('The playground started without the fake BFL server');
  fake = playground.fake;
  browser = await launchChromiumAsync();
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  // Installed before the page loads, so the panel's timers and Date in every frame read this clock.
  await page.clock.install();
  await page.goto(playground.url);
  await page.evaluate(() => window.playground.ready);
  session = { page, panel: panelLocator(page), pageErrors: [] };
  page.on('pageerror', (error) => session.pageErrors.push(error.message));
});

afterAll(async () => {
  await browser?.close();
  await playground?.closeAsync();
});

describe('FLUX slower than the panel waits', () => {
  it('keeps the paid task, offers Check again, and fetches the result without a second submit', async () => {
    const { page, panel } = session;
    // New area 0.8× the image: one request (more would run in passes, each its own task).
    const place = { x: 75, y: 50, width: 451, height: 300 };
    await showCropSceneAsync(page, { fixture: 'chelsea.png', frame: { width: 600, height: 400 }, place });
    await pressOutpaintAsync(session);
    await stageAsync(panel, /Queued at FLUX|Generating/);
    expect(fake.state.submissions).toHaveLength(1);

    // Six minutes on the panel's clock, half a minute at a time, so each poll's timer fires in turn.
    const checkAgain = footer(panel).getByRole('button', { name: 'Check again' });
    for (let step = 0; step < 12 && !(await checkAgain.isVisible()); step++) await page.clock.runFor(30_000);
    await waitUntilAsync(() => checkAgain.isVisible(), 'Check again never appeared after the poll budget');
    expect(await footer(panel).textContent()).toContain('FLUX has not delivered this paid result yet');
    expect(await footer(panel).textContent()).toContain('it is not charged twice');
    // A wait, not a failure: said as a status, not raised as an alert.
    expect(await footer(panel).getByRole('alert').count()).toBe(0);
    expect(await footer(panel).getByRole('status').filter({ hasText: 'not delivered' }).count()).toBe(1);

    // BFL finishes the task; the designer checks again.
    fake.controls.advanceClock(FLUX_TAKES_MS);
    const pollsBefore = fake.state.requestsOn('poll').length;
    await checkAgain.click();
    const settled = await footerWhenSettledAsync(panel);
    expect(settled).toContain('Done · 600 × 400 px');
    expect(fake.state.submissions).toHaveLength(1);
    expect(fake.state.requestsOn('poll').length).toBeGreaterThan(pollsBefore);

    const written = decodePngNode((await writtenImageAsync(page)).bytes);
    const check = compareOriginalAt(written, decodePngNode(readFixture('chelsea.png')), place);
    expect(check.firstMismatch).toBeNull();
    expect(session.pageErrors).toEqual([]);
  });
});
