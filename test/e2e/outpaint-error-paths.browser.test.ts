// Issue #4 item 5, error paths: what the designer sees when FLUX refuses or fails, and what happens to the
// document when the frame disappears or the plugin closes while FLUX works. Real panel and sandbox bundles in
// Chromium, through the real proxy, against the strict fake BFL server (its keys, broke keys, prompt
// scenarios and clock). Every failure must name the next step and write nothing.
import type { Browser, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlaygroundAsync, type Playground } from '../../playground/server';
import type { FakeBfl } from '../../test/fake-bfl/fake-bfl-server';
import { launchChromiumAsync } from '../support/chromium';
import { decodePngNode } from '../support/png-node';
import { distNeedsBuild } from './support/dist-freshness';
import { compareOriginalAt } from './support/original-pixels';
import {
  changeSettingsAsync,
  dismissAsync,
  outpaintButton,
  documentFingerprintAsync,
  footer,
  footerWhenSettledAsync,
  lastStartedPlanAsync,
  lastWriteOutcomeAsync,
  openSessionAsync,
  pressOutpaintAsync,
  readFixture,
  showCropSceneAsync,
  stageAsync,
  waitUntilAsync,
  writtenCountAsync,
  writtenImageAsync,
  type Session,
} from './support/playground-driver';

const GOOD_KEY = 'test-key';
const BROKE_KEY = 'broke-key';
const MODERATED_PROMPT = 'a crowd of famous cartoon characters';
const SCENE = {
  fixture: 'chelsea.png',
  frame: { width: 700, height: 400 },
  place: { x: 125, y: 50, width: 451, height: 300 },
};

let browser: Browser;
let playground: Playground;
let fake: FakeBfl;
let session: Session;

beforeAll(async () => {
  // 3 s per task: time for the tests to act while FLUX is still generating (the client polls every second).
  playground = await startPlaygroundAsync({
    port: 0,
    fakeBfl: {
      latencyMs: 3000,
      keys: [GOOD_KEY, BROKE_KEY],
      brokeKeys: [BROKE_KEY],
      scenarios: { [MODERATED_PROMPT]: 'request-moderated' },
    },
    build: distNeedsBuild(),
  });
  if (!playground.fake) throw new Error('The playground started without the fake BFL server');
  fake = playground.fake;
  browser = await launchChromiumAsync();
  session = await openSessionAsync(browser, playground);
  await showCropSceneAsync(session.page, SCENE);
  // The scene's new area is 1.07× the image, which the panel offers in passes: these paths are the single
  // request's (test/e2e/outpaint-passes.browser.test.ts runs the passes).
  await session.panel.getByRole('radio', { name: /One pass/ }).check();
});

afterAll(async () => {
  await browser?.close();
  await playground?.closeAsync();
});

/** The failure callout's text once the job has failed. */
async function failureTextAsync(): Promise<string> {
  const text = await footerWhenSettledAsync(session.panel);
  await footer(session.panel).getByRole('alert').waitFor();
  return text;
}

describe('FLUX refuses or fails: the panel names the next step and nothing is written', () => {
  it('opens Settings on the API key with the reason when FLUX refuses the key', async () => {
    await changeSettingsAsync(session.panel, { apiKey: 'not-a-key' });
    await pressOutpaintAsync(session);
    const key = session.panel.getByLabel('API key');
    await key.waitFor({ timeout: 30_000 });
    await expect.poll(() => key.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await key.getAttribute('aria-invalid')).toBe('true');
    const form = session.panel.getByRole('form', { name: 'Settings' });
    expect(await form.textContent()).toMatch(/API key.*Settings/);
    expect(await writtenCountAsync(session.page)).toBe(0);
    await key.fill(GOOD_KEY);
    await session.panel.getByRole('button', { name: 'Back' }).click();
    // The new key answers "FLUX refused the API key": the footer is back to its button, with nothing stale.
    await outpaintButton(session.panel).waitFor({ timeout: 10_000 });
    expect(await footer(session.panel).textContent()).not.toMatch(/refused/);
  });

  it('names an unreachable proxy address and the fix, not a paid-task warning, and sends nothing', async () => {
    const submitsBefore = fake.state.requestsOn('submit').length;
    await changeSettingsAsync(session.panel, { endpoint: 'http://127.0.0.1:9/' });
    await pressOutpaintAsync(session);
    const text = await failureTextAsync();
    expect(text).toContain("Can't reach the proxy at 127.0.0.1:9");
    expect(text).toContain('Check the endpoint in Settings');
    expect(text).not.toMatch(/may have started|bfl\.ai/);
    expect(await footer(session.panel).getByRole('button', { name: 'Check endpoint' }).count()).toBe(1);
    expect(fake.state.requestsOn('submit')).toHaveLength(submitsBefore);
    await dismissAsync(session.panel);
    await changeSettingsAsync(session.panel, { endpoint: playground.config.endpoint });
  });

  it('says there are not enough credits (402) and where to add them', async () => {
    await changeSettingsAsync(session.panel, { apiKey: BROKE_KEY });
    await pressOutpaintAsync(session);
    const text = await failureTextAsync();
    expect(text).toMatch(/Not enough FLUX credits/);
    expect(text).toMatch(/bfl\.ai/);
    expect(await footer(session.panel).getByRole('button', { name: 'Try again' }).count()).toBe(1);
    expect(await writtenCountAsync(session.page)).toBe(0);
    expect(fake.state.tasksSubmittedByKey(BROKE_KEY)).toBe(0);
    await dismissAsync(session.panel);
    await changeSettingsAsync(session.panel, { apiKey: GOOD_KEY });
  });

  it('shows FLUX’s reason when it refuses the request (422) and points at the frame', async () => {
    // The planner never sends what the strict fake refuses, so the request is changed on the wire into one the
    // API refuses (a reference placed off the canvas), as when the live API's placement rules differ from ours.
    const submitUrl = `${playground.config.endpoint}/v1/flux-tools/outpainting-v1`;
    const offCanvas = async (route: Route): Promise<void> => {
      const request = route.request();
      const body: unknown = request.method() === 'POST' ? request.postDataJSON() : null;
      if (typeof body !== 'object' || body === null) return route.continue();
      await route.continue({ postData: JSON.stringify({ ...body, reference_offset_x: 650, auto_crop: false }) });
    };
    await session.page.route(submitUrl, offCanvas);
    try {
      await pressOutpaintAsync(session);
      const text = await failureTextAsync();
      expect(text).toMatch(/FLUX refused/);
      expect(text).toMatch(/reference extends beyond the canvas/);
      expect(text).toMatch(/check the frame/);
      expect(fake.state.submissions.at(-1)?.status).toBe(422);
      expect(await writtenCountAsync(session.page)).toBe(0);
    } finally {
      await session.page.unroute(submitUrl, offCanvas);
    }
    await dismissAsync(session.panel);
  });

  it('says FLUX moderated the input and suggests another image or prompt', async () => {
    await changeSettingsAsync(session.panel, { prompt: MODERATED_PROMPT });
    await pressOutpaintAsync(session);
    const text = await failureTextAsync();
    expect(text).toMatch(/moderated the input/);
    expect(text).toMatch(/another image or prompt/);
    expect(await writtenCountAsync(session.page)).toBe(0);
    await dismissAsync(session.panel);
    await changeSettingsAsync(session.panel, { prompt: '' });
  });

  it('says the result link expired and to run Outpaint again when the download comes too late', async () => {
    await pressOutpaintAsync(session);
    await stageAsync(session.panel, /Queued at FLUX|Generating/);
    // Ten minutes and more pass before the finished task is seen: its signed link has expired (docs/bfl-api.md, Delivery URLs).
    fake.controls.advanceClock(11 * 60_000);
    const text = await failureTextAsync();
    expect(text).toMatch(/expired/);
    expect(text).toMatch(/Run Outpaint again/);
    expect(await writtenCountAsync(session.page)).toBe(0);
    await dismissAsync(session.panel);
  });
});

describe('the document changes while FLUX works', () => {
  it('places the paid result beside as a new frame when the frame is deleted mid-job', async () => {
    await showCropSceneAsync(session.page, SCENE);
    const frameId = await session.page.evaluate(() => window.playground.frameId());
    const paidBefore = fake.state.tasksSubmittedByKey(GOOD_KEY);
    await pressOutpaintAsync(session);
    await stageAsync(session.panel, /Queued at FLUX|Generating/);
    await session.page.evaluate((id) => window.playground.fake.node(id).remove(), frameId);
    const text = await footerWhenSettledAsync(session.panel);
    expect(text).toMatch(/Done — as a new frame · 700 × 400 px/);
    expect(text).toMatch(
      /The frame was deleted, so the result was placed as a new frame\. It is selected on the canvas\./,
    );
    const outcome = await lastWriteOutcomeAsync(session.page);
    expect(outcome?.kind).toBe('placed-beside');
    const image = await writtenImageAsync(session.page);
    expect(image.kind).toBe('placed-beside');
    expect(image.nodeId).not.toBe(frameId);
    const beside = await session.page.evaluate((id) => {
      const node = window.playground.fake.node(id);
      return {
        removed: node.removed,
        onPage: window.playground.fake.currentPage.childList.includes(node),
        width: node.width,
        height: node.height,
      };
    }, image.nodeId);
    expect(beside).toEqual({ removed: false, onPage: true, width: 700, height: 400 });
    const written = decodePngNode(image.bytes);
    const plan = await lastStartedPlanAsync(session.page);
    expect({ width: written.width, height: written.height }).toEqual({
      width: plan.output.width,
      height: plan.output.height,
    });
    const check = compareOriginalAt(written, decodePngNode(readFixture(SCENE.fixture)), {
      x: SCENE.place.x,
      y: SCENE.place.y,
    });
    expect(check.firstMismatch).toBeNull();
    expect(check.compared).toBe(451 * 300);
    expect(fake.state.tasksSubmittedByKey(GOOD_KEY)).toBe(paidBefore + 1);
    await dismissAsync(session.panel);
  });

  it('writes nothing and throws nothing when the plugin is closed mid-job', async () => {
    // A page of its own: a closed plugin cannot be reopened.
    const closing = await openSessionAsync(browser, playground);
    try {
      await showCropSceneAsync(closing.page, SCENE);
      await closing.panel.getByRole('radio', { name: /One pass/ }).check();
      await pressOutpaintAsync(closing);
      await stageAsync(closing.panel, /Queued at FLUX|Generating/);
      const before = await documentFingerprintAsync(closing.page);
      await closing.page.evaluate(() => window.playground.fake.closePlugin());
      // The panel still finishes its side and posts the result; the closed sandbox must not act on it.
      await waitUntilAsync(
        () => closing.page.evaluate(() => window.playground.messages().includes('ui → sandbox job/result')),
        'The panel never posted its result',
        60_000,
      );
      await closing.page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
      expect(await documentFingerprintAsync(closing.page)).toEqual(before);
      expect(await writtenCountAsync(closing.page)).toBe(0);
      expect(closing.pageErrors).toEqual([]);
    } finally {
      await closing.page.close();
    }
  });

  it('refuses a damaged image file as soon as it is selected: Outpaint is off with the reason, nothing sent', async () => {
    const submitsBefore = fake.state.requestsOn('submit').length;
    await showCropSceneAsync(session.page, { fixture: 'truncated.jpg', frame: { width: 900, height: 500 } });
    const button = outpaintButton(session.panel);
    await waitUntilAsync(() => button.isDisabled(), 'Outpaint turned off for the damaged file', 30_000);
    const reason = session.panel.getByText('This image file is damaged. Replace it with a PNG or JPEG and retry');
    await reason.first().waitFor();
    // Said once, under the preview, and the button points there (its description).
    expect(await reason.count()).toBe(1);
    const describedBy = (await button.getAttribute('aria-describedby')) ?? '';
    expect(await session.panel.locator(`#${describedBy}`).innerText()).toContain('This image file is damaged');
    expect(fake.state.requestsOn('submit')).toHaveLength(submitsBefore);
    await showCropSceneAsync(session.page, SCENE);
    await session.panel.getByRole('radio', { name: /One pass/ }).check();
  });
});
