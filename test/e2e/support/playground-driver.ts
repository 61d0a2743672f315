// Drives the playground page (playground/page.ts: the real dist/code.js on the figma fake, the real dist/ui.html in
// Figma's framing: a srcdoc page in a data: frame) the way a designer would: pick an image, size the frame, press Outpaint, read the footer.
// Everything the tests read back goes through window.playground or the panel's accessible names.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Frame, FrameLocator, Page } from 'playwright-core';
import type {} from '../../../playground/page'; // declares window.playground
import type { Playground } from '../../../playground/server';
import type { CspName } from '../../../playground/figma-csp';
import type { Plan } from '../../../common/geometry/plan';
import type { Target } from '../../../common/selection/report';
import type { WriteOutcome } from '../../../common/protocol/messages';
import { parseSandboxMessage } from '../../../common/protocol/parse-sandbox-message';
import { waitForAsync } from '../../support/wait-for';

export const FIXTURES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/images');

export function readFixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(path.join(FIXTURES_DIR, name)));
}

export interface Session {
  page: Page;
  panel: FrameLocator;
  /** Uncaught errors and unhandled rejections of the playground page and the panel. */
  pageErrors: string[];
}

export interface SessionOptions {
  viewport?: { width: number; height: number };
  /** The panel's Content Security Policy (playground/figma-csp.ts); none when left out. */
  csp?: CspName;
}

export async function openSessionAsync(
  browser: Browser,
  playground: Playground,
  options: SessionOptions = {},
): Promise<Session> {
  const page = await browser.newPage({ viewport: options.viewport ?? { width: 1280, height: 860 } });
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(options.csp ? `${playground.url}?csp=${options.csp}` : playground.url);
  await page.evaluate(() => window.playground.ready);
  return { page, panel: panelLocator(page), pageErrors };
}

/** The panel as Figma frames it: the srcdoc iframe inside the data: relay frame (playground/figma-frame.ts). */
export function panelLocator(page: Page): FrameLocator {
  return page.frameLocator('#plugin').frameLocator('iframe');
}

/** The panel's own frame (for code that must run inside the null-origin, non-secure page). */
export async function panelFrameAsync(page: Page): Promise<Frame> {
  const handle = await panelLocator(page).locator(':root').elementHandle();
  const frame = await handle?.ownerFrame();
  if (!frame) throw new Error('The plugin iframe has no frame');
  return frame;
}

export interface CropScene {
  fixture: string;
  frame: { width: number; height: number };
  /** Where the image sits in the frame, in design units; centred at native size when left out. */
  place?: { x: number; y: number; width: number; height: number };
}

/** A frame with the fixture as a CROP fill (the playground's own scene), selected. */
export async function showCropSceneAsync(page: Page, scene: CropScene): Promise<void> {
  await page.evaluate(async ({ fixture, frame, place }) => {
    await window.playground.loadFixtureAsync(fixture);
    window.playground.setFrame(frame.width, frame.height);
    if (place) window.playground.setPlacement(place.x, place.y, place.width, place.height);
  }, scene);
}

export interface PaintModeScene {
  fixture: string;
  nodeType: 'FRAME' | 'RECTANGLE';
  scaleMode: 'FIT' | 'FILL';
  frame: { width: number; height: number };
}

/** A new node with the fixture as a FIT or FILL image fill, built through the figma fake and selected. */
export async function showPaintModeSceneAsync(page: Page, scene: PaintModeScene): Promise<string> {
  return page.evaluate(async ({ fixture, nodeType, scaleMode, frame }) => {
    const playground = window.playground;
    await playground.loadFixtureAsync(fixture);
    const own = playground.fake.node(playground.frameId()).fills[0];
    if (!own || own.type !== 'IMAGE' || !own.imageHash) throw new Error('The playground frame has no image fill');
    const fill: ImagePaint = {
      type: 'IMAGE',
      imageHash: own.imageHash,
      scaleMode,
      visible: true,
      opacity: 1,
      blendMode: 'NORMAL',
    };
    const node = playground.fake.build({
      type: nodeType,
      name: `${fixture} ${scaleMode}`,
      x: 2000,
      y: 0,
      ...frame,
      fills: [fill],
    });
    playground.fake.currentPage.selection = [node];
    return node.id;
  }, scene);
}

export function footer(panel: FrameLocator) {
  return panel.getByRole('contentinfo', { name: 'Outpaint' });
}

/** The footer's run button (a workflow tab may carry the same name). */
export function outpaintButton(panel: FrameLocator) {
  return footer(panel).getByRole('button', { name: 'Outpaint', exact: true });
}

/** Waits until the panel shows the selected node as the target and Outpaint can run, then presses it. */
export async function pressOutpaintAsync(session: Session): Promise<void> {
  const { page, panel } = session;
  const name = await page.evaluate(() => window.playground.fake.currentPage.selection[0]?.name ?? '');
  await panel.locator('.target-name').filter({ hasText: name }).first().waitFor({ timeout: 30_000 });
  const button = outpaintButton(panel);
  await button.waitFor({ timeout: 30_000 });
  await waitUntilAsync(() => button.isEnabled(), 'Outpaint never became enabled');
  await button.click();
}

/** The footer's text once the job has ended (done or failed). */
export async function footerWhenSettledAsync(panel: FrameLocator): Promise<string> {
  const bar = footer(panel);
  await bar
    .getByRole('button', { name: /^(OK|Dismiss|Try writing again)$/ })
    .first()
    .waitFor({ timeout: 90_000 });
  return (await bar.textContent()) ?? '';
}

/** Back to the idle panel after a job (OK on done, Dismiss on failure). */
export async function dismissAsync(panel: FrameLocator): Promise<void> {
  await footer(panel)
    .getByRole('button', { name: /^(OK|Dismiss)$/ })
    .first()
    .click();
  await outpaintButton(panel).waitFor({ timeout: 10_000 });
}

/** Waits for the stage line of a running job to match. */
export async function stageAsync(panel: FrameLocator, text: RegExp): Promise<void> {
  await footer(panel).getByRole('status').filter({ hasText: text }).first().waitFor({ timeout: 60_000 });
}

export async function waitUntilAsync(
  check: () => Promise<boolean>,
  message: string,
  timeoutMs = 30_000,
): Promise<void> {
  if (!(await waitForAsync(check, timeoutMs, 100))) throw new Error(message);
}

/** The target the sandbox froze for the last job (job/started), validated like the panel validates it. */
export async function lastStartedTargetAsync(page: Page): Promise<Target> {
  const raw = await page.evaluate(() => {
    const started = window.playground.fake.ui.outbox.filter(
      (m) => typeof m === 'object' && m !== null && 'type' in m && m.type === 'job/started',
    );
    return started[started.length - 1] ?? null;
  });
  const parsed = parseSandboxMessage(raw);
  if (!parsed.ok || parsed.message.type !== 'job/started') throw new Error('No job/started message was sent');
  return parsed.message.target;
}

export async function lastStartedPlanAsync(page: Page): Promise<Plan> {
  return (await lastStartedTargetAsync(page)).plan;
}

/** The last job/written outcome the sandbox sent, if any. */
export async function lastWriteOutcomeAsync(page: Page): Promise<WriteOutcome | null> {
  const raw = await page.evaluate(() => {
    const sent = window.playground.fake.ui.outbox.filter(
      (m) => typeof m === 'object' && m !== null && 'type' in m && m.type === 'job/written',
    );
    return sent[sent.length - 1] ?? null;
  });
  if (raw === null) return null;
  const parsed = parseSandboxMessage(raw);
  if (!parsed.ok || parsed.message.type !== 'job/written') throw new Error('job/written did not parse');
  return parsed.message.outcome;
}

export interface WrittenImage {
  nodeId: string;
  kind: string;
  bytes: Uint8Array;
}

export async function writtenImageAsync(page: Page): Promise<WrittenImage> {
  const written = await page.evaluate(() => window.playground.written());
  if (!written) throw new Error('Nothing was written');
  return { nodeId: written.nodeId, kind: written.kind, bytes: new Uint8Array(Buffer.from(written.base64, 'base64')) };
}

export async function writtenCountAsync(page: Page): Promise<number> {
  return page.evaluate(() => window.playground.writtenCount());
}

/** What the document looks like from the outside: nodes on the page, stored images, undo steps. */
export interface DocumentFingerprint {
  pageChildren: string[];
  imageCount: number;
  undoCommits: number;
}

/** Reads only unguarded fake state, so it works after closePlugin too. */
export async function documentFingerprintAsync(page: Page): Promise<DocumentFingerprint> {
  return page.evaluate(() => {
    const fake = window.playground.fake;
    return {
      pageChildren: fake.currentPage.childList.map((n) => n.id),
      imageCount: fake.imageCount,
      undoCommits: fake.undoCommits,
    };
  });
}

/** Opens Settings, changes the fields given (each applies as it changes), and goes back to the main view. */
export async function changeSettingsAsync(
  panel: FrameLocator,
  change: { apiKey?: string; prompt?: string; endpoint?: string },
): Promise<void> {
  await panel.getByRole('button', { name: 'Settings', exact: true }).click();
  if (change.apiKey !== undefined) await panel.getByLabel('API key').fill(change.apiKey);
  if (change.endpoint !== undefined) await panel.getByLabel('API endpoint').fill(change.endpoint);
  if (change.prompt !== undefined) await panel.getByRole('textbox', { name: /Default prompt/ }).fill(change.prompt);
  await panel.getByRole('button', { name: 'Back' }).click();
  await outpaintButton(panel).waitFor({ timeout: 10_000 });
}

/**
 * A square frame the fixture fills (FILL), read straight into the fake so the panel has never seen it: the case
 * Extend and "Outpaint again" open on. Selected; returns its node id.
 */
export async function showFilledFrameAsync(
  page: Page,
  frame: { fixture: string; side: number; name: string },
): Promise<string> {
  return page.evaluate(async ({ fixture, side, name }) => {
    const bytes = new Uint8Array(await (await fetch(`/fixtures/${fixture}`)).arrayBuffer());
    const fake = window.playground.fake;
    const node = fake.build({
      type: 'FRAME',
      name,
      x: 3000,
      y: 0,
      width: side,
      height: side,
      fills: [
        {
          type: 'IMAGE',
          imageHash: fake.storeImage(bytes),
          scaleMode: 'FILL',
          visible: true,
          opacity: 1,
          blendMode: 'NORMAL',
        },
      ],
    });
    fake.currentPage.selection = [node];
    return node.id;
  }, frame);
}

/** The panel in Figma's light or dark theme: Figma puts figma-light / figma-dark on the iframe's <html> (https://developers.figma.com/docs/plugins/css-variables). */
export async function setPanelThemeAsync(page: Page, theme: 'light' | 'dark'): Promise<void> {
  const frame = await panelFrameAsync(page);
  await frame.evaluate((dark) => {
    document.documentElement.classList.toggle('figma-dark', dark);
    document.documentElement.classList.toggle('figma-light', !dark);
  }, theme === 'dark');
}
