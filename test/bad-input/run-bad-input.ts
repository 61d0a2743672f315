// One bad input through the whole path: the document (figma fake) → the sandbox controller → the UI's
// selection, blocker and job runner → FLUX through the proxy to the strict fake, or the offline engine
// → the write-back. Reports what the designer saw and whether the document changed.
import { DEFAULT_SETTINGS, type EngineId } from '../../common/settings';
import { SETTINGS_KEY } from '../../plugin/controller';
import { runBlocker } from '../../ui/state/app-selectors';
import { footerJob, type FooterJob } from '../../ui/state/footer-job';
import { createFigmaFake, type FakeNode, type FigmaFake, type Notification } from '../fakes/figma-fake';
import { describeDocument } from '../plugin/controller-harness';
import { CHAOS_KEY, PROXY_ORIGIN, startChaosNetworkAsync } from '../chaos/chaos-network';
import { openPluginSession } from '../chaos/plugin-session';
import { createVirtualClock } from '../chaos/virtual-clock';
import { createNodePixelPipeline } from '../support/node-pixel-pipeline';

export interface BadInputCase {
  /** Builds the document and returns what the designer selects. */
  build(fake: FigmaFake): FakeNode[];
  engine?: EngineId;
  /** What the engine's delivery link serves instead of a real result. */
  deliveryBody?: Uint8Array;
  /** What Figma hands over instead of the stored file's bytes. */
  mapImageBytes?(hash: string, bytes: Uint8Array): Uint8Array;
}

export interface BadInputResult {
  /** Why the Outpaint button is disabled, or null when it was enabled and clicked. */
  blocker: string | null;
  job: FooterJob;
  /** The message the panel shows: the blocker, or the failed job's error. */
  shown: string | null;
  documentChanged: boolean;
  notifications: Notification[];
  warnings: string[];
  protocolErrors: string[];
  /** Authenticated submits that reached the strict fake BFL (any of them may be charged). */
  submitsSent: number;
  fake: FigmaFake;
}

export async function runBadInputAsync(input: BadInputCase): Promise<BadInputResult> {
  const clock = createVirtualClock();
  const network = await startChaosNetworkAsync(clock, {
    retryAfterSeconds: null,
    ...(input.deliveryBody ? { deliveryBody: input.deliveryBody } : {}),
  });
  const fake = createFigmaFake();
  try {
    const selected = input.build(fake);
    fake.currentPage.selection = selected;
    await fake.clientStorage.setAsync(SETTINGS_KEY, {
      ...DEFAULT_SETTINGS,
      engine: input.engine ?? 'flux',
      endpoint: PROXY_ORIGIN,
      apiKey: CHAOS_KEY,
    });
    let jobs = 0;
    const session = openPluginSession(
      fake,
      {
        clock,
        fetch: network.uiFetch,
        pipeline: createNodePixelPipeline(),
        requestTimeoutMs: 5_000,
        writeTimeoutMs: 5_000,
        newJobId: () => `bad-${(jobs += 1)}`,
      },
      input.mapImageBytes ? { mapImageBytes: input.mapImageBytes } : {},
    );
    await session.readyAsync();
    const before = JSON.stringify(describeDocument(fake.currentPage));
    const blocker = runBlocker(session.store.getState());
    await session.runner.outpaintChosenAsync();
    await session.controller.whenIdleAsync();
    await network.drainAsync();
    const job = footerJob(session.store.getState());
    const documentChanged = JSON.stringify(describeDocument(fake.currentPage)) !== before;
    await session.closeAsync();
    return {
      blocker,
      job,
      shown: blocker ?? (job.phase === 'failed' ? job.error.message : null),
      documentChanged,
      notifications: fake.notifications,
      warnings: session.warnings,
      protocolErrors: session.protocolErrors,
      submitsSent: network.fake.state.submissions.length,
      fake,
    };
  } finally {
    await network.drainAsync();
    await network.closeAsync();
  }
}
