// Frame jobs end to end in Node: the real job engine and store on the UI side, the real sandbox controller on
// the typed figma fake, FLUX through the real client to the strict fake BFL server. Messages cross the bridge
// structured-cloned and parsed, as in Figma. The pixel pipeline passes bytes through (its own tests are in
// Chromium), so what is written is byte for byte what the API delivered. No vitest imports: scripts/bench-batch.mjs
// bundles this file to time whole batches.
import { SETTINGS_KEY, type Controller } from '../../../../plugin/controller';
import { createTestController } from '../../../plugin/controller-harness';
import { parseSandboxMessage } from '../../../../common/protocol/parse-sandbox-message';
import type { SandboxMessage, UiMessage } from '../../../../common/protocol/messages';
import { DEFAULT_SETTINGS, type Settings } from '../../../../common/settings';
import { afterEach } from 'vitest';
import type { FakeBfl } from '../../../fake-bfl/fake-bfl-server';
import { createBflClient } from '../../../../ui/api/bfl-client';
import { createPollNudge } from '../../../../ui/api/poll-nudge';
import { createTaskLimiter, type TaskLimiter } from '../../../../ui/api/task-limiter';
import { handleSandboxMessage } from '../../../../ui/app/handle-sandbox-message';
import { createJobEngine, type JobEngine, type JobEngineDeps } from '../../../../ui/jobs/job-engine';
import { createFluxApi } from '../../../../ui/jobs/flux-api';
import { createImageBytesCache } from '../../../../ui/jobs/image-bytes-cache';
import type { PixelPipelinePort } from '../../../../ui/jobs/job-ports';
import { createDraftRunner, type DraftRunner } from '../../../../ui/jobs/draft-runner';
import type { PassPixelsPort } from '../../../../ui/jobs/run-passes';
import { createAppStore, type AppStore } from '../../../../ui/state/app-store';
import { createFigmaFake, imagePaint, type FakeNode, type FigmaFake } from '../../../fakes/figma-fake';
import { makeReferencePngAsync, realSleepAsync } from '../../../fake-bfl/test-images';
import { waitForAsync as waitUntilAsync } from '../../../support/wait-for';
import { ACTIVE_STATUSES } from '../../../../ui/batch/batch-state';
import { decodePngNode } from '../../../support/png-node';
import { pngHeaderBytes } from '../../../fakes/read-image-header';

/** Passes bytes through: the reference is the stored image (plans here send it whole), the result is the API's. */
export class PassThroughPipeline implements PixelPipelinePort {
  offlineRuns = 0;
  offlineSeeds: number[] = [];
  /** Most offline runs seen at the same time (the worker runs one at a time). */
  maxOfflineAtOnce = 0;
  private offlineNow = 0;
  prepareReferenceAsync: PixelPipelinePort['prepareReferenceAsync'] = async (source) => ({
    bytes: source,
    untouched: true,
  });
  runOfflineAsync: PixelPipelinePort['runOfflineAsync'] = async (_source, plan, options) => {
    this.offlineRuns += 1;
    this.offlineSeeds.push(options.seed);
    this.offlineNow += 1;
    this.maxOfflineAtOnce = Math.max(this.maxOfflineAtOnce, this.offlineNow);
    try {
      await realSleepAsync(20);
      options.onProgress(1);
      // A canvas-sized PNG whose pixels depend on the seed, so candidates differ.
      const { png } = await makeReferencePngAsync(plan.width + options.seed, plan.height);
      return png;
    } finally {
      this.offlineNow -= 1;
    }
  };
  /** A variant set's one generation, decoded to be cut into its formats (ui/jobs/shared-generation.ts). */
  decodeAsync: NonNullable<PixelPipelinePort['decodeAsync']> = async (bytes) => decodePngNode(bytes);
  // FLUX results pass through byte for byte; the offline runs here already return a PNG (makeReferencePngAsync);
  // a format cut from a set's generation (pixels) becomes a header-only PNG of the written size: the encode every
  // real result pays is left out here for both ways of running a set alike (bench-ui.mjs measures it).
  finishAsync: PixelPipelinePort['finishAsync'] = async (input) => {
    const { width, height } = input.plan.output;
    const bytes =
      input.result instanceof Uint8Array ? input.result : pngHeaderBytes(width, height, input.result.data[0] ?? 0);
    return { bytes, width, height };
  };
}

export interface FrameSpec {
  name: string;
  /** Image size in px; the frame is wider by `extra` px, the image centred at native size (FIT). */
  width: number;
  height: number;
  extra?: number;
}

/** Adds a frame with a FIT image fill (the whole image visible at native size) and returns it with its PNG. */
export async function addFrameAsync(fake: FigmaFake, spec: FrameSpec): Promise<{ frame: FakeNode; png: Uint8Array }> {
  const { png } = await makeReferencePngAsync(spec.width, spec.height);
  const hash = fake.storeImage(png);
  const frame = fake.build({
    type: 'FRAME',
    name: spec.name,
    width: spec.width + (spec.extra ?? 100),
    height: spec.height,
    fills: [imagePaint(hash, 'FIT')],
  });
  return { frame, png };
}

export interface PanelSession {
  store: AppStore;
  runner: JobEngine;
  controller: Controller;
  /** Every message the UI sent, in order. */
  sent: UiMessage[];
  received: SandboxMessage[];
  /** The path of every request this panel sent to the API (through its own fetch), in order. */
  requests: string[];
  /** The draft runner, when the session was opened with `drafts: true`. */
  drafts: DraftRunner | null;
  /** The plugin closes: the UI stops, its bridge is cut, the sandbox is disposed. clientStorage stays. */
  close(): void;
  /**
   * Waits until nothing moves: no message in flight either way, no row running, sandbox and engine idle — seen
   * twice, a poll apart. A condition with a real-time deadline, never a count of turns.
   */
  settleAsync(): Promise<void>;
}

export interface SessionOptions {
  settings: Settings;
  limiter?: TaskLimiter;
  now?: () => number;
  pipeline?: PixelPipelinePort;
  resumeWindowMs?: number;
  pollIntervalMs?: number;
  /** The client's poll budget (default 5 minutes): a short one makes a slow task end on "Check again". */
  pollTimeoutMs?: number;
  /** Runs the free offline draft beside FLUX jobs (ui/jobs/draft-runner.ts). */
  drafts?: boolean;
  /** Multi-pass outpaints' pixel work; without it every FLUX run is one request, as before. */
  passPixels?: PassPixelsPort;
  /**
   * The sandbox's quiet time before it plans a changed selection again. Tests use the test controller's 2 ms to run
   * fast; the bench passes the product's SELECTION_DEBOUNCE_MS, so a batch's writes coalesce as they do in Figma.
   */
  selectionDebounceMs?: number;
  /** The panel's fetch (default: Node's). The bench passes one that runs off this thread, as a browser's does. */
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
}

let sessionCount = 0;

/** How the panel reaches a sandbox: in this thread (the figma fake beside it) or on a thread of its own. */
export interface SandboxBridge {
  /** Hands a message to the sandbox, structured-cloned as Figma's postMessage does; resolves once delivered. */
  send(message: UiMessage): Promise<void>;
  /** Calls `handler` with each message the sandbox posts; returns the unsubscribe. */
  listen(handler: (raw: unknown) => void): () => void;
}

/** The panel's half of a session: store, job engine and message handling, over any bridge. */
interface Panel extends Omit<PanelSession, 'controller' | 'settleAsync' | 'close'> {
  /** Messages on their way between the panel and the sandbox. */
  inTransit(): number;
  close(): void;
}

function createPanel(bridge: SandboxBridge, options: SessionOptions): Panel {
  const store = createAppStore();
  const images = createImageBytesCache();
  const sent: UiMessage[] = [];
  const received: SandboxMessage[] = [];
  const requests: string[] = [];
  let inTransit = 0;
  let closed = false;
  let ids = 0;
  const session = (sessionCount += 1);
  const now = options.now ?? (() => Date.now());
  const panelFetch = options.fetch ?? fetch;
  const post = (message: UiMessage): void => {
    if (closed) return;
    sent.push(message);
    inTransit += 1;
    void bridge.send(message).finally(() => {
      inTransit -= 1;
    });
  };
  const pipeline = options.pipeline ?? new PassThroughPipeline();
  const makePreviewUrl = (bytes: Uint8Array): string => `blob:result-${bytes.length}-${(ids += 1)}`;
  const drafts = options.drafts
    ? createDraftRunner({
        getState: store.getState,
        dispatch: store.dispatch,
        pipeline,
        newId: () => `s${session}-draft-${(ids += 1)}`,
        now,
        makePreviewUrl,
        seed: 1,
      })
    : null;
  // As ui/main.tsx: one per panel, so a task seen Ready wakes the pollers of the others.
  const pollNudge = createPollNudge();
  const deps: JobEngineDeps = {
    getState: store.getState,
    dispatch: store.dispatch,
    post,
    images,
    pipeline,
    ...(drafts ? { drafts } : {}),
    createApi: (target) =>
      createFluxApi(target, createBflClient, {
        fetch: (url, init) => {
          requests.push(new URL(url).pathname);
          return panelFetch(url, init);
        },
        now,
        sleepAsync: realSleepAsync,
        pollNudge,
        pollIntervalMs: options.pollIntervalMs ?? 50,
        maxPollIntervalMs: options.pollIntervalMs ?? 50,
        ...(options.pollTimeoutMs === undefined ? {} : { timeoutMs: options.pollTimeoutMs }),
      }),
    limiter: options.limiter ?? createTaskLimiter(),
    now,
    newId: () => `s${session}-${(ids += 1)}`,
    seed: (candidate) => candidate + 1,
    sleepAsync: realSleepAsync,
    makePreviewUrl,
    ...(options.resumeWindowMs === undefined ? {} : { resumeWindowMs: options.resumeWindowMs }),
    timeOf: () => '14:02',
    ...(options.passPixels ? { passPixels: options.passPixels } : {}),
  };
  const runner = createJobEngine(deps);
  const stopListening = bridge.listen((raw) => {
    if (closed) return;
    const parsed = parseSandboxMessage(structuredClone(raw));
    if (!parsed.ok) throw new Error(`invalid sandbox message: ${parsed.error.message}`);
    const message = parsed.message;
    received.push(message);
    inTransit += 1;
    queueMicrotask(() => {
      inTransit -= 1;
      if (closed) return;
      handleSandboxMessage(message, {
        dispatch: store.dispatch,
        images,
        engine: runner,
        formatOf: () => 'png',
        makePreviewUrl: () => 'blob:source',
      });
    });
  });
  post({ type: 'ui/ready' });
  return {
    store,
    runner,
    drafts,
    sent,
    received,
    requests,
    inTransit: () => inTransit,
    close() {
      // The bridge goes first: a closed plugin's UI can tell the sandbox nothing more.
      closed = true;
      runner.cancelAll();
      stopListening();
    },
  };
}

/** Opens the plugin: a new controller on `fake` and a new panel, then 'ui/ready'. */
export async function openPanelAsync(fake: FigmaFake, options: SessionOptions): Promise<PanelSession> {
  await fake.clientStorage.setAsync(SETTINGS_KEY, options.settings);
  const controller = createTestController(
    fake,
    options.selectionDebounceMs === undefined ? {} : { selectionDebounceMs: options.selectionDebounceMs },
  );
  const listeners = new Set<(raw: unknown) => void>();
  const original = fake.ui.postMessage.bind(fake.ui);
  fake.ui.postMessage = (raw: unknown): void => {
    original(raw);
    for (const listener of [...listeners]) listener(raw);
  };
  const panel = createPanel(
    {
      send: (message) => fake.ui.sendFromUi(structuredClone(message)),
      listen(handler) {
        listeners.add(handler);
        return () => void listeners.delete(handler);
      },
    },
    options,
  );
  const { store, runner, drafts } = panel;
  const result: PanelSession = {
    store,
    runner,
    controller,
    drafts,
    sent: panel.sent,
    received: panel.received,
    requests: panel.requests,
    close() {
      panel.close();
      fake.ui.postMessage = original;
      controller.dispose();
    },
    async settleAsync() {
      let quietBefore = false;
      const settled = await waitUntilAsync(async () => {
        await controller.whenIdleAsync();
        await runner.whenIdleAsync();
        await drafts?.whenIdleAsync();
        const quiet =
          panel.inTransit() === 0 &&
          !fake.selectionEventDue &&
          !store.getState().batch.rows.some((row) => ACTIVE_STATUSES.has(row.status));
        const twice = quiet && quietBefore;
        quietBefore = quiet;
        return twice;
      }, 20_000);
      if (!settled) throw new Error(`the panel never settled (${panel.inTransit()} messages in transit)`);
    },
  };
  await waitForAsync(
    () => store.getState().settingsLoaded && store.getState().selection !== null,
    'settings and selection',
  );
  return result;
}

/** A panel whose sandbox runs on another thread (sandbox-thread.ts), as Figma runs the plugin's code apart from its UI. */
export type SplitPanelSession = Omit<PanelSession, 'controller' | 'settleAsync'>;

/**
 * Opens a panel on a sandbox thread that already holds the file (sandbox-thread.ts, 'open'): `bridge` carries the
 * messages both ways. Resolves once settings and selection arrived.
 */
export async function openSplitPanelAsync(bridge: SandboxBridge, options: SessionOptions): Promise<SplitPanelSession> {
  const panel = createPanel(bridge, options);
  await waitForAsync(
    () => panel.store.getState().settingsLoaded && panel.store.getState().selection !== null,
    'settings and selection',
  );
  const { inTransit: _inTransit, ...session } = panel;
  return session;
}

/** Waits (real time) for `condition`; fails with what never came. */
export async function waitForAsync(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 20_000,
): Promise<void> {
  if (!(await waitUntilAsync(condition, timeoutMs))) throw new Error(`timed out waiting for ${what}`);
}

export function fluxSettings(endpoint: string, over: Partial<Settings> = {}): Settings {
  return { ...DEFAULT_SETTINGS, engine: 'flux', endpoint, apiKey: 'test-key', concurrency: 24, feather: 0, ...over };
}

export { createFigmaFake };

/** The image a frame shows now: its topmost visible image fill. */
export function shownHash(frame: FakeNode): string | null {
  const paints = frame.fills.filter((p): p is ImagePaint => p.type === 'IMAGE' && p.visible !== false);
  return paints[paints.length - 1]?.imageHash ?? null;
}

/**
 * Call once at the top of a test file: the panels and fake BFL servers a test pushes into the returned lists are
 * closed after it.
 */
export function closeAfterEachTest(): { fakes: FakeBfl[]; sessions: PanelSession[] } {
  const opened = { fakes: [] as FakeBfl[], sessions: [] as PanelSession[] };
  afterEach(async () => {
    for (const session of opened.sessions.splice(0)) session.close();
    await Promise.all(opened.fakes.splice(0).map((fake) => fake.closeAsync()));
  });
  return opened;
}
