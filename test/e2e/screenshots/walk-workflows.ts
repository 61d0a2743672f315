// A designer's walk through every workflow of the playground (issue #13, "Done when"), as screenshots for review —
// not a test. The real dist/ui.html and dist/code.js in the playground, framed as Figma frames the panel, FLUX
// through the real proxy to the strict fake BFL server (5 s a task, so progress can be caught). Each moment is shot
// in the light and the dark theme (`NN-name-light.png`, `NN-name-dark.png`, and both side by side in
// `NN-name-pair.png`); a few moments also shoot the whole playground page (`NN-name-page.png`).
// Each workflow runs in a page of its own, so one that fails is logged (and shot as `NN-name-FAILED.png`) and the
// walk goes on. Usage: npx tsx test/e2e/screenshots/walk-workflows.ts <output dir>
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, FrameLocator } from 'playwright-core';
import { createRgba } from '../../../common/pixels/rgba';
import { startPlaygroundAsync, type Playground } from '../../../playground/server';
import { launchChromiumAsync } from '../../support/chromium';
import { decodePngNode, encodePngNode } from '../../support/png-node';
import { distNeedsBuild } from '../support/dist-freshness';
import {
  footer,
  footerWhenSettledAsync,
  openSessionAsync,
  outpaintButton,
  setPanelThemeAsync,
  pressOutpaintAsync,
  showCropSceneAsync,
  showFilledFrameAsync,
  stageAsync,
  waitUntilAsync,
  type Session,
} from '../support/playground-driver';

const outDir = process.argv[2] ?? '';
if (outDir === '') {
  console.error('Usage: npx tsx test/e2e/screenshots/walk-workflows.ts <output dir>');
  process.exit(2);
}

const ROCKET = {
  fixture: 'rocket.jpg',
  frame: { width: 900, height: 420 },
  place: { x: 130, y: -3, width: 640, height: 427 },
};
let shotNumber = 0;
const failures: string[] = [];

/** Light and dark of the panel as Figma frames it, and both side by side in one PNG. */
async function shootAsync(session: Session, name: string, options: { page?: boolean } = {}): Promise<void> {
  shotNumber += 1;
  const base = path.join(outDir, `${String(shotNumber).padStart(2, '0')}-${name}`);
  const files: string[] = [];
  for (const theme of ['light', 'dark'] as const) {
    await setPanelThemeAsync(session.page, theme);
    const file = `${base}-${theme}.png`;
    await session.page.locator('#plugin').screenshot({ path: file, animations: 'disabled' });
    files.push(file);
  }
  await setPanelThemeAsync(session.page, 'light');
  if (options.page) await session.page.screenshot({ path: `${base}-page.png` });
  const [light, dark] = files.map((f) => decodePngNode(new Uint8Array(readFileSync(f))));
  if (light && dark) {
    const gap = 12;
    const pair = createRgba(light.width + gap + dark.width, Math.max(light.height, dark.height));
    pair.data.fill(128);
    for (let y = 0; y < pair.height; y++) {
      if (y < light.height)
        pair.data.set(light.data.subarray(y * light.width * 4, (y + 1) * light.width * 4), y * pair.width * 4);
      if (y < dark.height)
        pair.data.set(
          dark.data.subarray(y * dark.width * 4, (y + 1) * dark.width * 4),
          (y * pair.width + light.width + gap) * 4,
        );
    }
    writeFileSync(`${base}-pair.png`, encodePngNode(pair));
  }
  console.log(`  shot ${path.basename(base)}`);
}

/** Settings: change what is given, then back to the workflow (each field applies as it changes). */
async function settingsAsync(
  panel: FrameLocator,
  change: { engine?: 'Offline' | 'FLUX'; apiKey?: string; endpoint?: string },
  session?: Session,
  shotName?: string,
): Promise<void> {
  await panel.getByRole('button', { name: 'Settings', exact: true }).click();
  if (change.apiKey !== undefined) await panel.getByLabel('API key').fill(change.apiKey);
  if (change.endpoint !== undefined) await panel.getByLabel('API endpoint').fill(change.endpoint);
  if (change.engine === 'Offline') await panel.getByRole('radio', { name: /^Offline/ }).check();
  if (change.engine === 'FLUX') await panel.getByRole('radio', { name: 'FLUX', exact: true }).check();
  if (session && shotName) await shootAsync(session, shotName);
  await panel.getByRole('button', { name: 'Close settings' }).click();
}

async function okAsync(panel: FrameLocator): Promise<void> {
  await footer(panel)
    .getByRole('button', { name: /^(OK|Dismiss)$/ })
    .first()
    .click();
  await outpaintButton(panel).waitFor({ timeout: 10_000 });
}

async function workflowAsync(
  browser: Browser,
  playground: Playground,
  name: string,
  walk: (session: Session) => Promise<void>,
): Promise<void> {
  console.log(`${name}`);
  const session = await openSessionAsync(browser, playground, { viewport: { width: 1280, height: 900 } });
  try {
    await walk(session);
    if (session.pageErrors.length > 0) failures.push(`${name}: page errors ${session.pageErrors.join(' | ')}`);
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    failures.push(`${name}: ${message}`);
    console.log(`  FAILED: ${message}`);
    shotNumber += 1;
    await session.page
      .screenshot({ path: path.join(outDir, `${String(shotNumber).padStart(2, '0')}-${name}-FAILED.png`) })
      .catch(() => undefined);
  } finally {
    await session.page.close();
  }
}

async function selectionAsync(session: Session, playground: Playground): Promise<void> {
  const { page, panel } = session;
  // A newcomer without a key: Offline.
  await settingsAsync(panel, { apiKey: '', engine: 'Offline' }, session, 'selection-settings-offline');
  await showCropSceneAsync(page, ROCKET);
  await panel.getByRole('region', { name: 'Plan' }).waitFor({ timeout: 30_000 });
  await shootAsync(session, 'selection-offline-planned', { page: true });
  await pressOutpaintAsync(session);
  await footerWhenSettledAsync(panel);
  await shootAsync(session, 'selection-offline-done', { page: true });
  await okAsync(panel);

  // The key typed for the first time: the engine turns to FLUX and says so.
  await panel.getByRole('button', { name: 'Settings', exact: true }).click();
  await panel.getByLabel('API key').fill(playground.config.apiKey);
  await panel.getByText(/Engine switched to FLUX/).waitFor({ timeout: 10_000 });
  await shootAsync(session, 'settings-first-key-switches-to-flux');
  await panel.getByRole('button', { name: 'Close settings' }).click();

  await showCropSceneAsync(page, ROCKET);
  await panel.getByRole('region', { name: 'Plan' }).waitFor({ timeout: 30_000 });
  await shootAsync(session, 'selection-flux-cost-before-click');
  await pressOutpaintAsync(session);
  await stageAsync(panel, /Queued at FLUX|Generating/);
  await shootAsync(session, 'selection-flux-progress');
  await panel.getByText('Draft · offline').waitFor({ timeout: 30_000 });
  await shootAsync(session, 'selection-flux-draft-while-flux-works', { page: true });
  await footerWhenSettledAsync(panel);
  await shootAsync(session, 'selection-flux-done', { page: true });
  await panel.getByRole('button', { name: 'Compare' }).click();
  await shootAsync(session, 'selection-compare-single');
  await panel.getByRole('checkbox', { name: 'Outline the generated area' }).check();
  await shootAsync(session, 'selection-compare-outline');
  await panel.getByRole('checkbox', { name: '100 % at the seam' }).check();
  await shootAsync(session, 'selection-compare-seam-100');
  await panel.getByRole('button', { name: 'Back' }).click();
  await okAsync(panel);

  // Keep draft: the free draft goes into the frame, the paid FLUX result beside it.
  await showCropSceneAsync(page, ROCKET);
  await pressOutpaintAsync(session);
  const keep = panel.getByRole('button', { name: 'Keep draft' });
  await keep.waitFor({ timeout: 30_000 });
  await shootAsync(session, 'selection-keep-draft-offered');
  await keep.click();
  await panel.getByText('Draft · kept').waitFor({ timeout: 20_000 });
  await shootAsync(session, 'selection-draft-kept-flux-still-working');
  await footerWhenSettledAsync(panel);
  await shootAsync(session, 'selection-after-keep-draft-done', { page: true });
  await okAsync(panel);

  // A wrong proxy address: named, with the fix.
  await settingsAsync(panel, { endpoint: 'http://127.0.0.1:9' });
  await showCropSceneAsync(page, ROCKET);
  await pressOutpaintAsync(session);
  await footerWhenSettledAsync(panel);
  await shootAsync(session, 'settings-wrong-proxy-address');
}

async function queueAsync(session: Session): Promise<void> {
  const { page, panel } = session;
  await page.evaluate(async () => {
    const pg = window.playground;
    const bytes = new Uint8Array(await (await fetch('/fixtures/chelsea.png')).arrayBuffer());
    const hash = pg.fake.storeImage(bytes);
    const sizes: [string, number, number][] = [
      ['Hero 16:9', 800, 450],
      ['Square', 500, 500],
      ['Story', 450, 800],
      ['Banner', 1200, 300],
    ];
    pg.fake.currentPage.selection = sizes.map(([name, width, height], i) =>
      pg.fake.build({
        type: 'FRAME',
        name,
        x: 2000 + i * 1300,
        y: 0,
        width,
        height,
        fills: [{ type: 'IMAGE', imageHash: hash, scaleMode: 'FIT', visible: true, opacity: 1, blendMode: 'NORMAL' }],
      }),
    );
  });
  const run = panel.getByRole('button', { name: 'Outpaint all 4 frames' });
  await run.waitFor({ timeout: 30_000 });
  await waitUntilAsync(() => run.isEnabled(), 'Outpaint all never became enabled');
  await shootAsync(session, 'queue-cost-before-click');
  await panel.locator('.estimate-total').scrollIntoViewIfNeeded();
  await shootAsync(session, 'queue-cost-scrolled');
  await run.click();
  await panel.getByRole('button', { name: 'Cancel all' }).waitFor({ timeout: 10_000 });
  await panel
    .getByText(/Generating|Queued/)
    .first()
    .waitFor({ timeout: 30_000 });
  await shootAsync(session, 'queue-progress');
  await panel.getByRole('button', { name: 'Back to selection' }).waitFor({ timeout: 120_000 });
  await shootAsync(session, 'queue-done');
}

async function variantsAsync(session: Session): Promise<void> {
  const { page, panel } = session;
  const heroId = await showFilledFrameAsync(page, { fixture: 'coffee.png', side: 400, name: 'Hero' });
  await panel.locator('.target-name').filter({ hasText: 'Hero' }).first().waitFor({ timeout: 30_000 });
  await panel.getByRole('tab', { name: 'Variants' }).click();
  await panel.getByRole('checkbox', { name: /X post/ }).check();
  await panel.getByText(/one FLUX task for all 3 formats/).waitFor({ timeout: 30_000 });
  await shootAsync(session, 'variants-one-generation-cost');
  const create = panel.getByRole('button', { name: 'Create 3 variants' });
  await waitUntilAsync(() => create.isEnabled(), 'Create never became enabled');
  await create.click();
  await panel
    .getByText(/Outpainting|Generating|Queued|Waiting/)
    .first()
    .waitFor({ timeout: 30_000 });
  await shootAsync(session, 'variants-one-generation-progress');
  await panel.getByText(/Made 3 frames/).waitFor({ timeout: 120_000 });
  await shootAsync(session, 'variants-one-generation-result');
  // Back to the source (the set selected its new frames), the status dismissed, the same three formats.
  await panel.getByRole('button', { name: 'OK' }).first().click();
  await page.evaluate((id) => {
    const fake = window.playground.fake;
    fake.currentPage.selection = [fake.node(id)];
  }, heroId);
  await panel.getByText(/From Hero/).waitFor({ timeout: 30_000 });
  await shootAsync(session, 'variants-selection-after-a-set');

  await panel.getByRole('radio', { name: 'Each format on its own' }).check();
  await panel.getByText(/one FLUX task each/).waitFor({ timeout: 30_000 });
  await shootAsync(session, 'variants-per-format-cost');
  await waitUntilAsync(() => create.isEnabled(), 'Create never became enabled again');
  await create.click();
  await panel
    .getByText(/Outpainting/)
    .first()
    .waitFor({ timeout: 30_000 });
  await shootAsync(session, 'variants-per-format-progress');
  await panel.getByText(/Made 3 frames/).waitFor({ timeout: 120_000 });
  await shootAsync(session, 'variants-per-format-result');
  await panel.getByRole('button', { name: 'OK' }).first().click();

  // The same panel with the offline engine: what runs, and no cost.
  await settingsAsync(panel, { engine: 'Offline' });
  await panel.getByRole('tab', { name: 'Variants' }).click();
  await shootAsync(session, 'variants-offline-engine');
}

async function extendAsync(session: Session): Promise<void> {
  const { panel } = session;
  await showFilledFrameAsync(session.page, { fixture: 'coffee.png', side: 400, name: 'Hero' });
  await panel.locator('.target-name').filter({ hasText: 'Hero' }).first().waitFor({ timeout: 30_000 });
  await panel.getByRole('tab', { name: 'Extend' }).click();
  await panel.locator('.placement-editor image').first().waitFor({ timeout: 30_000 });
  await panel.getByRole('radio', { name: '16:9' }).check();
  await panel.getByRole('radio', { name: 'Resize this frame' }).check();
  await shootAsync(session, 'extend-resize-preview-and-cost');
  const button = panel.getByRole('button', { name: 'Extend and outpaint' });
  await waitUntilAsync(() => button.isEnabled(), 'Extend never became enabled');
  await button.click();
  await panel
    .getByText(/Generating|Queued|Outpainting/)
    .first()
    .waitFor({ timeout: 30_000 });
  await shootAsync(session, 'extend-resize-progress');
  await panel.getByText(/Extended and outpainted/).waitFor({ timeout: 120_000 });
  await shootAsync(session, 'extend-resize-done');
  await panel.getByRole('button', { name: 'OK' }).first().click(); // the workflow's status line
  await footer(panel).getByRole('button', { name: 'OK' }).click();

  await showFilledFrameAsync(session.page, { fixture: 'coffee.png', side: 400, name: 'Hero' });
  await panel.locator('.placement-editor image').first().waitFor({ timeout: 30_000 });
  await panel.getByRole('radio', { name: '9:16' }).check();
  await panel.getByRole('radio', { name: 'New frame beside it' }).check();
  await shootAsync(session, 'extend-new-frame-preview');
  await waitUntilAsync(() => button.isEnabled(), 'Extend never became enabled again');
  await button.click();
  await panel.getByText(/Extended and outpainted/).waitFor({ timeout: 120_000 });
  await footerWhenSettledAsync(panel);
  await shootAsync(session, 'extend-new-frame-done');
}

async function passesAsync(session: Session): Promise<void> {
  const { page, panel } = session;
  await showCropSceneAsync(page, {
    fixture: 'astronaut.png',
    frame: { width: 2048, height: 512 },
    place: { x: 768, y: 0, width: 512, height: 512 },
  });
  await panel.getByRole('region', { name: 'Passes' }).waitFor({ timeout: 30_000 });
  await shootAsync(session, 'passes-banner-choice', { page: true });
  await panel.getByRole('region', { name: 'Passes' }).scrollIntoViewIfNeeded();
  await shootAsync(session, 'passes-banner-choice-scrolled');
  await pressOutpaintAsync(session);
  await stageAsync(panel, /^Pass 1 of \d/);
  await shootAsync(session, 'passes-pass-1');
  await stageAsync(panel, /^Pass 2 of \d/);
  await shootAsync(session, 'passes-pass-2');
  await footerWhenSettledAsync(panel);
  await shootAsync(session, 'passes-done', { page: true });
}

async function badInputsAsync(session: Session): Promise<void> {
  const { page, panel } = session;
  await page.evaluate(() => {
    window.playground.fake.currentPage.selection = [];
  });
  await outpaintButton(panel).waitFor();
  await shootAsync(session, 'bad-nothing-selected');

  await page.evaluate(async () => {
    const pg = window.playground;
    const bytes = new Uint8Array(await (await fetch('/fixtures/brick.png')).arrayBuffer());
    const node = pg.fake.build({
      type: 'FRAME',
      name: 'Tiled pattern',
      x: 2000,
      y: 0,
      width: 800,
      height: 400,
      fills: [
        {
          type: 'IMAGE',
          imageHash: pg.fake.storeImage(bytes),
          scaleMode: 'TILE',
          visible: true,
          opacity: 1,
          blendMode: 'NORMAL',
        },
      ],
    });
    pg.fake.currentPage.selection = [node];
  });
  await panel
    .getByText(/Tiled pattern/)
    .first()
    .waitFor({ timeout: 30_000 });
  await shootAsync(session, 'bad-tiled-fill');

  await showCropSceneAsync(page, { fixture: 'truncated.jpg', frame: { width: 900, height: 500 } });
  // The panel refuses the damaged file as soon as it has decoded it (ui/app/image-decodes.ts).
  await panel.getByText('This image file is damaged').waitFor({ timeout: 30_000 });
  // Outpaint is off with the reason, so there is no run to show.
  await shootAsync(session, 'bad-truncated-jpeg-selected');

  await showCropSceneAsync(page, ROCKET);
  await panel.getByRole('tab', { name: 'Variants' }).click();
  await panel.getByRole('spinbutton', { name: 'Custom width' }).fill('20');
  await panel.getByRole('spinbutton', { name: 'Custom height' }).fill('20000');
  await shootAsync(session, 'bad-variant-custom-size');
}

async function mainAsync(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const playground = await startPlaygroundAsync({
    port: 0,
    fakeBfl: { latencyMs: 5000, extraStatuses: ['Generating'] },
    build: distNeedsBuild(),
  });
  const browser = await launchChromiumAsync();
  try {
    await workflowAsync(browser, playground, 'selection', (s) => selectionAsync(s, playground));
    await workflowAsync(browser, playground, 'queue', queueAsync);
    await workflowAsync(browser, playground, 'variants', variantsAsync);
    await workflowAsync(browser, playground, 'extend', extendAsync);
    await workflowAsync(browser, playground, 'passes', passesAsync);
    await workflowAsync(browser, playground, 'bad-inputs', badInputsAsync);
  } finally {
    await browser.close();
    await playground.closeAsync();
  }
  console.log(`Screenshots in ${outDir}`);
  if (failures.length > 0) {
    console.log(`Workflows that did not finish:\n  ${failures.join('\n  ')}`);
    process.exitCode = 1;
  }
}

mainAsync().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
