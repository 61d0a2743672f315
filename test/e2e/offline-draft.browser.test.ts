// Issue 14 item 4 in the real panel: while FLUX works, the offline engine's draft appears in the preview, marked as a
// draft; the FLUX result replaces it; or the designer keeps the draft and the paid FLUX result is placed beside the
// frame. Real bundles in Chromium, FLUX through the real proxy to the strict fake BFL server.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlaygroundAsync, type Playground } from '../../playground/server';
import type { FakeBfl } from '../../test/fake-bfl/fake-bfl-server';
import { launchChromiumAsync } from '../support/chromium';
import { distNeedsBuild } from './support/dist-freshness';
import {
  dismissAsync,
  footerWhenSettledAsync,
  lastWriteOutcomeAsync,
  openSessionAsync,
  pressOutpaintAsync,
  showCropSceneAsync,
  writtenCountAsync,
  type Session,
} from './support/playground-driver';

const GOOD_KEY = 'test-key';
const SCENE = {
  fixture: 'chelsea.png',
  frame: { width: 700, height: 400 },
  place: { x: 125, y: 50, width: 451, height: 300 },
};
// Where the review screenshots go (not checked; the report describes them).
const SHOTS = process.env.DRAFT_SHOTS_DIR;

let browser: Browser;
let playground: Playground;
let fake: FakeBfl;
let session: Session;

beforeAll(async () => {
  // 6 s per task: FLUX is still generating when the draft shows, and there is time to keep it.
  playground = await startPlaygroundAsync({
    port: 0,
    fakeBfl: { latencyMs: 6000, keys: [GOOD_KEY] },
    build: distNeedsBuild(),
  });
  if (!playground.fake) throw new Error('The playground started without the fake BFL server');
  fake = playground.fake;
  browser = await launchChromiumAsync();
  session = await openSessionAsync(browser, playground);
  await showCropSceneAsync(session.page, SCENE);
});

afterAll(async () => {
  await browser?.close();
  await playground?.closeAsync();
});

function draftImage() {
  return session.panel.getByRole('img', { name: 'The offline draft of the whole frame' });
}

describe('a free offline draft while FLUX works', () => {
  it('shows the draft within seconds, marked as a draft, and the FLUX result replaces it and is written', async () => {
    const before = await writtenCountAsync(session.page);
    const tasksBefore = fake.state.tasksSubmittedByKey(GOOD_KEY);
    // One FLUX request, so the count of paid tasks below is the run's (passes have their own tests).
    await session.panel.getByRole('radio', { name: /One pass/ }).check();
    await pressOutpaintAsync(session);
    const pressed = Date.now();
    await draftImage().waitFor({ timeout: 20_000 });
    const shownAfterMs = Date.now() - pressed;
    expect(await session.panel.getByText('Draft · offline').count()).toBe(1);
    expect(await session.panel.getByRole('button', { name: 'Keep draft' }).count()).toBe(1);
    // FLUX is still at work (6 s per task): the draft came first.
    expect(await writtenCountAsync(session.page)).toBe(before);
    if (SHOTS) await session.page.screenshot({ path: `${SHOTS}/draft-shown.png` });
    const text = await footerWhenSettledAsync(session.panel);
    expect(text).not.toMatch(/failed|couldn/i);
    expect(await writtenCountAsync(session.page)).toBe(before + 1);
    expect(await lastWriteOutcomeAsync(session.page)).toMatchObject({ kind: 'written' });
    expect(fake.state.tasksSubmittedByKey(GOOD_KEY)).toBe(tasksBefore + 1);
    // Timing is reported, not asserted on a busy machine beyond the generous wait above.
    console.log(`draft shown ${shownAfterMs} ms after Outpaint`);
    if (SHOTS) await session.page.screenshot({ path: `${SHOTS}/flux-written.png` });
    await dismissAsync(session.panel);
  }, 120_000);

  it('keeps the draft in the frame on request; the paid FLUX result still arrives and is placed beside it', async () => {
    await showCropSceneAsync(session.page, SCENE);
    const before = await writtenCountAsync(session.page);
    const tasksBefore = fake.state.tasksSubmittedByKey(GOOD_KEY);
    // One FLUX request, so the count of paid tasks below is the run's (passes have their own tests).
    await session.panel.getByRole('radio', { name: /One pass/ }).check();
    await pressOutpaintAsync(session);
    await draftImage().waitFor({ timeout: 20_000 });
    await session.panel.getByRole('button', { name: 'Keep draft' }).click();
    await session.panel.getByText('Draft · kept').waitFor({ timeout: 20_000 });
    expect(await writtenCountAsync(session.page)).toBe(before + 1);
    if (SHOTS) await session.page.screenshot({ path: `${SHOTS}/draft-kept.png` });
    const footerText = await footerWhenSettledAsync(session.panel);
    // The footer says what each frame holds, not that "the frame changed" (the designer changed it on purpose).
    expect(footerText).toContain('Done — FLUX result beside your draft');
    expect(footerText).toContain('Your kept draft stays in');
    expect(footerText).not.toContain('The frame changed');
    expect(await writtenCountAsync(session.page)).toBe(before + 2);
    expect(await lastWriteOutcomeAsync(session.page)).toMatchObject({ kind: 'placed-beside' });
    // One FLUX task for the run: keeping the draft submitted nothing more.
    expect(fake.state.tasksSubmittedByKey(GOOD_KEY)).toBe(tasksBefore + 1);
    if (SHOTS) await session.page.screenshot({ path: `${SHOTS}/flux-beside.png` });
    expect(session.pageErrors).toEqual([]);
  }, 120_000);
});
