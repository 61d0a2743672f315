// One opening of the plugin, in Node: the real sandbox controller on the typed figma fake, and the real
// UI job engine, store, image cache and message routing, joined by a bridge that carries every message
// through the real protocol parsers. Closing it behaves like Figma closing the plugin: the controller is
// disposed ('close' event), every figma API throws afterwards (fake.closePlugin), and the UI iframe is
// gone: its posts are dropped, its requests and timers never come back.
import type { SandboxMessage, UiMessage } from '../../common/protocol/messages';
import { parseSandboxMessage } from '../../common/protocol/parse-sandbox-message';
import type { Settings } from '../../common/settings';
import type { Controller } from '../../plugin/controller';
import { createTestController } from '../plugin/controller-harness';
import type { SandboxFigma } from '../../plugin/sandbox-figma';
import { createBflClient, type FetchLike } from '../../ui/api/bfl-client';
import { createPollNudge } from '../../ui/api/poll-nudge';
import { createTaskLimiter } from '../../ui/api/task-limiter';
import { handleSandboxMessage } from '../../ui/app/handle-sandbox-message';
import { requestChosenImages } from '../../ui/app/request-chosen-image';
import { createImageBytesCache } from '../../ui/jobs/image-bytes-cache';
import type { PixelPipelinePort } from '../../ui/jobs/job-ports';
import { createJobEngine, type JobEngine } from '../../ui/jobs/job-engine';
import { createFluxApi } from '../../ui/jobs/flux-api';
import type { AppAction } from '../../ui/state/app-action';
import { chosenTarget, runBlocker } from '../../ui/state/app-selectors';
import { createAppStore, type AppStore } from '../../ui/state/app-store';
import { ACTIVE_STATUSES } from '../../ui/batch/batch-state';
import type { FigmaFake } from '../fakes/figma-fake';
import type { VirtualClock } from './virtual-clock';
import { waitForAsync } from '../support/wait-for';

export interface SessionIo {
  clock: VirtualClock;
  /** The UI's fetch (to the proxy). */
  fetch: FetchLike;
  pipeline: PixelPipelinePort;
  /** Real-time safety net per request (hung sockets), shortened so stalls end quickly. */
  requestTimeoutMs: number;
  /** Real-time wait for the sandbox to confirm a write. */
  writeTimeoutMs: number;
  /** The panel's wall clock (saved tasks' timestamps, the resume window); by default CLOCK_EPOCH + virtual time. */
  wallNow?(): number;
  newJobId(): string;
}

export interface SessionHooks {
  /** Every action the UI dispatches, after the reducer ran. */
  onAction?(action: AppAction): void;
  /** Every message the UI posts to the sandbox, before it is sent. */
  onPost?(message: UiMessage): void;
  /** Every message the sandbox posts, after the UI's parser accepted it. */
  onSandboxMessage?(message: SandboxMessage): void;
  /** Replaces the bytes Figma hands over for a stored image (a damaged file in the document). */
  mapImageBytes?(hash: string, bytes: Uint8Array): Uint8Array;
  /** Decides whether Figma refuses this createImage call (the write-back's first step). */
  refuseCreateImage?(): boolean;
  /** Real milliseconds a UI message takes to reach the sandbox (a slow Figma); 0 by default. */
  delayToSandboxMs?(message: UiMessage): number;
}

export interface PluginSession {
  readonly fake: FigmaFake;
  readonly store: AppStore;
  /** The one job engine: the footer's Outpaint (a queue of one), the queue, resume after close. */
  readonly runner: JobEngine;
  /** The same engine, named for the queue's schedules. */
  readonly batch: JobEngine;
  readonly controller: Controller;
  readonly warnings: string[];
  /** Messages either side sent that the other side's parser refused (must stay empty). */
  readonly protocolErrors: string[];
  readonly alive: boolean;
  /** Says ui/ready and waits until the panel could run (rejects after a generous real-time deadline). */
  readyAsync(): Promise<void>;
  /** Resolves true once the UI received a sandbox message of this type, false after `timeoutMs` of real time. */
  receivedAsync(type: SandboxMessage['type'], timeoutMs: number): Promise<boolean>;
  /** Saves settings as the panel's Save button does. */
  saveSettings(patch: Partial<Settings>): void;
  /**
   * Waits until nothing is moving: no message in flight either way, no row running, the sandbox idle — seen twice,
   * a poll apart. A condition with a generous real-time deadline, never a count of event-loop turns.
   */
  settleAsync(deadlineMs?: number): Promise<void>;
  /** Closes the plugin now; resolves when the dead sandbox work has drained. */
  closeAsync(): Promise<void>;
}

/** Wall time of virtual 0: saved jobs carry real-looking timestamps for the resume window. */
export const CLOCK_EPOCH = Date.UTC(2026, 10, 25, 9, 0, 0);

const never = <T>(): Promise<T> => new Promise<T>(() => undefined);
/** Real time the panel gets to become ready before a test fails with what it was waiting for. */
const READY_DEADLINE_MS = 60_000;

export function openPluginSession(fake: FigmaFake, io: SessionIo, hooks: SessionHooks = {}): PluginSession {
  let alive = true;
  const warnings: string[] = [];
  const protocolErrors: string[] = [];
  const inFlight = new Set<AbortController>();
  const store = createAppStore();
  const images = createImageBytesCache();
  // One limiter per UI, shared by every job (ui/main.tsx).
  const limiter = createTaskLimiter();

  const dispatch = (action: AppAction): void => {
    if (!alive) return;
    store.dispatch(action);
    hooks.onAction?.(action);
  };

  const uiFetch: FetchLike = (url, init) => {
    if (!alive) return never();
    const controller = new AbortController();
    const outer = init.signal;
    const onAbort = (): void => controller.abort();
    if (outer?.aborted) controller.abort();
    outer?.addEventListener('abort', onAbort, { once: true });
    inFlight.add(controller);
    // The caller's signal stays linked after the headers arrive: aborting a real fetch also ends its body.
    const settled = (): void => void inFlight.delete(controller);
    return io.fetch(url, { ...init, signal: controller.signal }).then(
      (response) => {
        settled();
        return alive ? response : never<Response>();
      },
      (error: unknown) => {
        settled();
        return alive ? Promise.reject(error) : never<Response>();
      },
    );
  };

  const sleepAsync = (ms: number): Promise<void> =>
    alive ? io.clock.sleepAsync(ms).then(() => (alive ? undefined : never())) : never();
  const realSleepAsync = (ms: number): Promise<void> =>
    alive
      ? new Promise<void>((resolve) => setTimeout(resolve, ms).unref()).then(() => (alive ? undefined : never()))
      : never();

  let runner: JobEngine | null = null;
  /** Messages on their way: sandbox → UI (delivered on a timer) and UI → sandbox (handled asynchronously). */
  let inTransit = 0;
  const received = new Set<SandboxMessage['type']>();
  const receivedWaiters = new Set<() => void>();
  const deliverToUi = (raw: unknown): void => {
    if (!alive || runner === null) return;
    const parsed = parseSandboxMessage(raw);
    if (!parsed.ok) {
      protocolErrors.push(`sandbox → UI: ${parsed.error.message}`);
      return;
    }
    const message: SandboxMessage = parsed.message;
    received.add(message.type);
    for (const waiter of [...receivedWaiters]) waiter();
    hooks.onSandboxMessage?.(message);
    handleSandboxMessage(message, {
      dispatch,
      images,
      engine: runner,
      formatOf: () => 'png',
      makePreviewUrl: (_bytes, format) => `blob:chaos/${format}`,
    });
  };

  /** Set once Figma tore this run's APIs down (after its 'close' handlers ran). */
  let torndown = false;
  const ownRun = (): void => {
    if (torndown) throw new Error('The plugin has been closed: Figma APIs can no longer be called');
  };

  // What the controller sees as `figma`: the fake, with its UI channel also delivering to this UI.
  const figma: SandboxFigma = {
    root: fake.root,
    get currentPage() {
      return fake.currentPage;
    },
    ui: {
      postMessage(message) {
        fake.ui.postMessage(message);
        const copy = fake.ui.outbox[fake.ui.outbox.length - 1];
        inTransit += 1;
        setTimeout(() => {
          inTransit -= 1;
          deliverToUi(copy);
        }, 0);
      },
      on: (type, callback) => fake.ui.on(type, callback),
      off: (type, callback) => fake.ui.off(type, callback),
      resize: (width, height) => fake.ui.resize(width, height),
    },
    // Figma hands each run of the plugin its own API: a closed run's late work still throws after the plugin is
    // opened again (the fake's `closed` flag alone would let it read and write as the new run).
    clientStorage: {
      getAsync: (key) => (ownRun(), fake.clientStorage.getAsync(key)),
      setAsync: (key, value) => (ownRun(), fake.clientStorage.setAsync(key, value)),
    },
    on: (type, callback) => fake.on(type, callback),
    off: (type, callback) => fake.off(type, callback),
    getNodeByIdAsync: (id) => (ownRun(), fake.getNodeByIdAsync(id)),
    getImageByHash(hash) {
      const image = fake.getImageByHash(hash);
      const map = hooks.mapImageBytes;
      if (image === null || !map) return image;
      return {
        hash: image.hash,
        getSizeAsync: () => image.getSizeAsync(),
        getBytesAsync: async () => map(hash, await image.getBytesAsync()),
      };
    },
    createImage(bytes) {
      ownRun();
      fake.guard();
      if (hooks.refuseCreateImage?.()) throw new Error('Image could not be created');
      return fake.createImage(bytes);
    },
    createFrame: () => (ownRun(), fake.createFrame()),
    createRectangle: () => (ownRun(), fake.createRectangle()),
    commitUndo: () => (ownRun(), fake.commitUndo()),
    notify: (message, options) => (ownRun(), fake.notify(message, options)),
  };

  // The sandbox and the panel read one computer's clock (claims and "still fetchable" are judged against it).
  const wallNow = io.wallNow ?? (() => CLOCK_EPOCH + io.clock.now());
  const controller = createTestController(figma, {
    warn: (message) => warnings.push(message),
    selectionDebounceMs: 1,
    now: wallNow,
  });

  const post = (message: UiMessage): void => {
    if (!alive) return;
    hooks.onPost?.(message);
    if (!alive) return;
    inTransit += 1;
    const delayMs = hooks.delayToSandboxMs?.(message) ?? 0;
    // A delayed message still arrives if the plugin is open by then; an undelayed one is handed over at once.
    const handled =
      delayMs > 0
        ? new Promise<void>((resolve) => setTimeout(resolve, delayMs).unref()).then(() =>
            alive ? fake.ui.sendFromUi(message) : undefined,
          )
        : Promise.resolve(fake.ui.sendFromUi(message));
    void handled.finally(() => {
      inTransit -= 1;
    });
  };
  // As ui/main.tsx: ask for the chosen target's image when the sandbox did not send it by itself.
  requestChosenImages(store, post);

  // As ui/main.tsx: one per panel, so a task seen Ready wakes the pollers of the others.
  const pollNudge = createPollNudge();
  const clientFactory: Parameters<typeof createFluxApi>[1] = (options) =>
    createBflClient({ ...options, requestTimeoutMs: io.requestTimeoutMs });
  runner = createJobEngine({
    getState: store.getState,
    dispatch,
    post,
    images,
    pipeline: io.pipeline,
    createApi: (target) =>
      createFluxApi(target, clientFactory, { fetch: uiFetch, now: io.clock.now, sleepAsync, pollNudge }),
    limiter,
    now: wallNow,
    newId: io.newJobId,
    seed: (candidate) => candidate + 1,
    sleepAsync: realSleepAsync,
    makePreviewUrl: (_bytes, format) => `blob:chaos/${format}`,
    writeTimeoutMs: io.writeTimeoutMs,
  });
  const engine = runner;

  return {
    fake,
    store,
    runner: engine,
    batch: engine,
    controller,
    warnings,
    protocolErrors,
    get alive() {
      return alive;
    },
    async readyAsync() {
      post({ type: 'ui/ready' });
      // Wait for the condition itself, not for a count of event-loop turns: on a busy machine the sandbox's
      // answers (selection, settings, image bytes) take as long as they take. The deadline is generous real time.
      const ready = (): boolean => {
        const state = store.getState();
        const target = chosenTarget(state);
        const bytesSettled = target !== null && state.images[target.image.hash] !== undefined;
        return (
          state.settingsLoaded &&
          state.selection !== null &&
          (target === null || bytesSettled || runBlocker(state) !== null)
        );
      };
      if (!(await waitForAsync(() => !alive || ready(), READY_DEADLINE_MS))) {
        const state = store.getState();
        const target = chosenTarget(state);
        throw new Error(
          `The panel was not ready after ${READY_DEADLINE_MS / 1000} s: settings loaded ${state.settingsLoaded}, selection ${state.selection === null ? 'none' : 'received'}, target ${target?.image.hash ?? 'none'}, bytes ${target ? String(state.images[target.image.hash] !== undefined) : 'n/a'}`,
        );
      }
      if (alive) await controller.whenIdleAsync();
    },
    receivedAsync(type, timeoutMs) {
      if (received.has(type)) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const done = (result: boolean): void => {
          receivedWaiters.delete(check);
          clearTimeout(timer);
          resolve(result);
        };
        const check = (): void => {
          if (received.has(type)) done(true);
        };
        const timer = setTimeout(() => done(false), timeoutMs);
        receivedWaiters.add(check);
      });
    },
    async settleAsync(deadlineMs = 60_000) {
      let quietBefore = false;
      const quiet = async (): Promise<boolean> => {
        if (!alive) return true;
        await engine.whenIdleAsync();
        await controller.whenIdleAsync();
        const still = inTransit === 0 && !store.getState().batch.rows.some((row) => ACTIVE_STATUSES.has(row.status));
        const settled = still && quietBefore;
        quietBefore = still;
        return settled;
      };
      if (!(await waitForAsync(quiet, deadlineMs, 10)))
        throw new Error(`The plugin did not settle within ${deadlineMs / 1000} s (${inTransit} messages in transit)`);
    },
    saveSettings(patch) {
      dispatch({ type: 'settings/edited', patch });
      post({ type: 'settings/save', settings: store.getState().settings });
    },
    async closeAsync() {
      if (!alive) return;
      alive = false;
      for (const request of inFlight) request.abort();
      // Figma calls 'close' handlers first (plugin/main.ts disposes the controller), then tears down the APIs.
      controller.dispose();
      torndown = true;
      fake.closePlugin();
      await controller.whenIdleAsync();
    },
  };
}
