// Screenshots for review (not a test): the panel in each state, light and dark, and the playground before and
// after an outpaint with the compare slider. Headless Chromium at 1280 × 860; FLUX through the proxy to the
// strict fake. Usage: npx tsx test/e2e/screenshots/capture-panel-states.ts [output dir, default /work/notes/shots]
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { startPlaygroundAsync } from '../../../playground/server';
import { launchChromiumAsync } from '../../support/chromium';
import { distNeedsBuild } from '../support/dist-freshness';
import {
  changeSettingsAsync,
  dismissAsync,
  footerWhenSettledAsync,
  openSessionAsync,
  outpaintButton,
  setPanelThemeAsync,
  pressOutpaintAsync,
  showCropSceneAsync,
  stageAsync,
  type Session,
} from '../support/playground-driver';

const outDir = process.argv[2] ?? '/work/notes/shots';
const SCENE = {
  fixture: 'rocket.jpg',
  frame: { width: 900, height: 420 },
  place: { x: 130, y: -3, width: 640, height: 427 },
};

async function shootPanelAsync(session: Session, state: string): Promise<void> {
  for (const theme of ['light', 'dark'] as const) {
    await setPanelThemeAsync(session.page, theme);
    await session.page
      .locator('#plugin')
      .screenshot({ path: path.join(outDir, `panel-${state}-${theme}.png`), animations: 'disabled' });
  }
  await setPanelThemeAsync(session.page, 'light');
}

async function shootPageAsync(session: Session, name: string): Promise<void> {
  await session.page.screenshot({ path: path.join(outDir, `playground-${name}.png`) });
}

async function mainAsync(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const playground = await startPlaygroundAsync({
    port: 0,
    fakeBfl: { latencyMs: 10_000, extraStatuses: ['Generating'] },
    build: distNeedsBuild(),
  });
  const fake = playground.fake;
  if (!fake) throw new Error('no fake BFL');
  const browser = await launchChromiumAsync();
  try {
    const session = await openSessionAsync(browser, playground);
    const { page, panel } = session;

    await page.evaluate(() => {
      window.playground.fake.currentPage.selection = [];
    });
    await outpaintButton(panel).waitFor();
    await page.waitForTimeout(500);
    await shootPanelAsync(session, 'empty');

    await showCropSceneAsync(page, SCENE);
    await panel.getByRole('region', { name: 'Plan' }).waitFor();
    await page.waitForTimeout(500);
    await shootPanelAsync(session, 'planned');
    await shootPageAsync(session, 'before');

    await panel.getByRole('button', { name: 'Settings', exact: true }).click();
    await page.waitForTimeout(300);
    await shootPanelAsync(session, 'settings');
    await shootPageAsync(session, 'settings');
    await panel.getByRole('button', { name: 'Close settings' }).click();

    await pressOutpaintAsync(session);
    await stageAsync(panel, /Generating \d+ %/);
    // The page first: the job may end while the two panel themes are shot.
    await shootPageAsync(session, 'running');
    await shootPanelAsync(session, 'running');
    await footerWhenSettledAsync(panel);
    await shootPanelAsync(session, 'done');
    await page.locator('#compare-slider').fill('35');
    await page.waitForTimeout(300);
    await shootPageAsync(session, 'after-compare');
    // The single result in the compare view, with the generated area outlined and the seam at 100 %.
    await panel.getByRole('button', { name: 'Compare' }).click();
    await panel.getByRole('checkbox', { name: 'Outline the generated area' }).check();
    await panel.getByRole('checkbox', { name: '100 % at the seam' }).check();
    await page.waitForTimeout(300);
    await shootPanelAsync(session, 'compare-single');
    await panel.getByRole('button', { name: 'Back' }).click();
    await dismissAsync(panel);

    // A wrong proxy address: named, with the fix, before anything is sent.
    await changeSettingsAsync(panel, { endpoint: 'http://127.0.0.1:9' });
    await showCropSceneAsync(page, SCENE);
    await pressOutpaintAsync(session);
    await footerWhenSettledAsync(panel);
    await shootPanelAsync(session, 'unreachable-proxy');
    await dismissAsync(panel);
    await changeSettingsAsync(panel, { endpoint: playground.config.endpoint });

    fake.controls.setCredits(playground.config.apiKey, 0);
    await showCropSceneAsync(page, SCENE);
    await pressOutpaintAsync(session);
    await footerWhenSettledAsync(panel);
    await shootPanelAsync(session, 'error');
    await shootPageAsync(session, 'error');
    await dismissAsync(panel);
    fake.controls.setCredits(playground.config.apiKey, 1000);

    await showCropSceneAsync(page, SCENE);
    const frameId = await page.evaluate(() => window.playground.frameId());
    await pressOutpaintAsync(session);
    await stageAsync(panel, /Queued at FLUX|Generating/);
    await page.evaluate((id) => window.playground.fake.node(id).remove(), frameId);
    await footerWhenSettledAsync(panel);
    await shootPanelAsync(session, 'placed-beside');
    await shootPageAsync(session, 'placed-beside');
    console.log(`Screenshots in ${outDir}`);
  } finally {
    await browser.close();
    await playground.closeAsync();
  }
}

mainAsync().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
