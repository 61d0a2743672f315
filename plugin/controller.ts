// The sandbox side of Outpaint, as routing: one exhaustive dispatch of the panel's messages to the parts that own
// them — the selection feed (plugin/selection-feed.ts), the write-back (plugin/write-back.ts), the paid-task ledger
// (plugin/ledger-feed.ts), the workflows — plus settings and the plugin's lifecycle. Everything it touches comes in
// through `deps`, so tests drive it against a typed fake of `figma`.
import type { SandboxMessage, UiMessage } from '../common/protocol/messages';
import { readStoredSettings } from '../common/protocol/parse-settings';
import { parseUiMessage } from '../common/protocol/parse-ui-message';
import type { Settings } from '../common/settings';
import type { LaunchRequest } from '../common/variants/quick-parameters';
import { CONTROLLER_MESSAGES } from './controller-messages';
import { createVariantFramesAsync } from './create-variant-frames';
import { extendArtboardAsync } from './extend-artboard';
import { createExtendRecords, restoredMessage } from './extend-restore';
import { createFileIdentity } from './file-identity';
import { fitNotifyText } from './fit-notify-text';
import { createImageCatalog } from './image-catalog';
import { createJobStore } from './job-store';
import { createLedgerFeed } from './ledger-feed';
import type { SandboxContext, Scheduled } from './sandbox-context';
import type { SandboxFigma } from './sandbox-figma';
import { createSelectionFeed, type SelectionPlanner } from './selection-feed';
import { createWriteBack } from './write-back';

export { CONTROLLER_MESSAGES } from './controller-messages';
export type { Scheduled } from './sandbox-context';
export type { SelectionPlanner } from './selection-feed';

/** Quiet time after the last selectionchange before the selection is planned again (drags, marquees, a batch's writes). */
export const SELECTION_DEBOUNCE_MS = 50;

export interface ControllerDeps {
  figma: SandboxFigma;
  planner: SelectionPlanner;
  /** setTimeout-like; Figma's sandbox has setTimeout (cancelled by closePlugin). */
  schedule(callback: () => void, ms: number): Scheduled;
  warn(message: string): void;
  /** Quiet time after the last selectionchange before re-planning: drags and marquee selections fire bursts. */
  selectionDebounceMs?: number;
  /** Quick action or relaunch: told to the UI once, after its first 'ui/ready' (plugin/quick-actions.ts). */
  launch?: LaunchRequest;
  /** Milliseconds since the epoch, for ledger claims and windows. */
  now?(): number;
  /** A new random id (this run's session, a file's id). */
  newId?(): string;
}

export interface Controller {
  /** Resolves once no selection refresh, job start or write-back is pending (tests, shutdown). */
  whenIdleAsync(): Promise<void>;
  dispose(): void;
}

export const SETTINGS_KEY = 'outpaint.settings';
export const UI_BOUNDS = { minWidth: 240, maxWidth: 1200, minHeight: 160, maxHeight: 1200 } as const;

export function createController(deps: ControllerDeps): Controller {
  const { figma } = deps;
  const pending = new Set<Promise<void>>();
  let disposed = false;
  let launch = deps.launch ?? null;

  const ctx: SandboxContext = {
    figma,
    post(message: SandboxMessage) {
      if (!disposed) figma.ui.postMessage(message);
    },
    track(work) {
      const guarded = work.catch((error: unknown) => {
        deps.warn(`Outpaint: ${error instanceof Error ? error.message : String(error)}`);
      });
      pending.add(guarded);
      void guarded.then(() => pending.delete(guarded));
    },
    isDisposed: () => disposed,
    schedule: (callback, ms) => deps.schedule(callback, ms),
    warn: (message) => deps.warn(message),
  };

  const newId = deps.newId ?? randomSandboxId;
  const catalog = createImageCatalog(figma);
  const jobStore = createJobStore(figma.clientStorage);
  const fileIdentity = createFileIdentity(figma.root, newId);
  const feed = createSelectionFeed(ctx, {
    planner: deps.planner,
    catalog,
    debounceMs: deps.selectionDebounceMs ?? SELECTION_DEBOUNCE_MS,
  });
  const writeBack = createWriteBack(ctx, { feed, catalog, jobStore, fileIdentity });
  // This run of the plugin: the claim it puts on the saved tasks it resumes (common/batch/ledger-by-file.ts).
  const ledger = createLedgerFeed(ctx, {
    jobStore,
    fileIdentity,
    now: deps.now ?? (() => Date.now()),
    session: newId(),
  });
  const workflowDeps = { figma, planNodeAsync: feed.planNodeAsync, warn: deps.warn };
  const extendRecords = createExtendRecords(figma, { warn: deps.warn, leaveUndo: writeBack.leaveUndo });

  async function sendSettingsAsync(): Promise<void> {
    let stored: unknown;
    try {
      stored = await figma.clientStorage.getAsync(SETTINGS_KEY);
    } catch (error) {
      deps.warn(`Outpaint could not read settings: ${error instanceof Error ? error.message : String(error)}`);
    }
    ctx.post({ type: 'settings/loaded', settings: readStoredSettings(stored) });
  }

  let settingsWrite: Promise<void> = Promise.resolve();

  async function saveSettingsAsync(settings: Settings): Promise<void> {
    try {
      // The API key is stored locally and unencrypted (https://developers.figma.com/docs/plugins/api/figma-clientStorage).
      await figma.clientStorage.setAsync(SETTINGS_KEY, settings);
    } catch {
      if (!disposed) figma.notify(CONTROLLER_MESSAGES.storageFailed, { error: true });
    }
  }

  async function onReadyAsync(): Promise<void> {
    await sendSettingsAsync();
    await feed.refreshSelectionAsync();
    if (launch && !disposed) {
      ctx.post({ type: 'launch/request', request: launch });
      launch = null;
    }
    await ledger.offerSavedJobsAsync();
  }

  function handle(message: UiMessage): void {
    switch (message.type) {
      case 'ui/ready':
        // A reloaded UI has lost its image cache and its selection: every hash may be sent again.
        feed.panelReady();
        ctx.track(onReadyAsync());
        return;
      case 'settings/save':
        // Settings are saved as each one changes (a keystroke each): one write after another, so the last kept
        // is the last change, whatever order clientStorage would finish overlapping writes in.
        settingsWrite = settingsWrite.then(() => saveSettingsAsync(message.settings));
        ctx.track(settingsWrite);
        return;
      case 'job/start':
        ctx.track(writeBack.startJobAsync(message.id, message.nodeId));
        return;
      case 'job/result':
        ctx.track(writeBack.writeResultAsync(message.id, message.bytes, message.meta, message.candidate));
        return;
      case 'job/resume':
        ctx.track(writeBack.resumeJobAsync(message.id));
        return;
      case 'notify':
        figma.notify(fitNotifyText(message.message), { error: message.error });
        return;
      case 'job/save':
        ctx.track(ledger.saveJobAsync(message));
        return;
      case 'job/forget':
        ctx.track(jobStore.forgetAsync(message.taskIds));
        return;
      case 'image/request':
        feed.requestImage(message.hash);
        return;
      case 'variants/create': {
        const { type: _type, ...request } = message;
        ctx.track(createVariantFramesAsync(request, workflowDeps).then(ctx.post));
        return;
      }
      case 'artboard/extend': {
        const { type: _type, ...request } = message;
        ctx.track(
          extendArtboardAsync(request, {
            ...workflowDeps,
            joinUndo: writeBack.joinUndo,
            remember: extendRecords.remember,
          }).then(ctx.post),
        );
        return;
      }
      case 'artboard/restore': {
        const record = extendRecords.recordOf(message.nodeId);
        ctx.track(
          extendRecords
            .restoreAsync(message.nodeId)
            .then((restored) => ctx.post(restoredMessage(message.id, record, restored))),
        );
        return;
      }
      case 'ui/resize':
        figma.ui.resize(
          clamp(message.width, UI_BOUNDS.minWidth, UI_BOUNDS.maxWidth),
          clamp(message.height, UI_BOUNDS.minHeight, UI_BOUNDS.maxHeight),
        );
        return;
      default:
        assertNever(message);
    }
  }

  function onMessage(raw: unknown): void {
    if (disposed) return;
    const parsed = parseUiMessage(raw);
    if (!parsed.ok) {
      deps.warn(parsed.error.message);
      return;
    }
    try {
      handle(parsed.message);
    } catch (error) {
      deps.warn(`Outpaint: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  const onSelectionChange = (): void => feed.onSelectionChange();
  figma.ui.on('message', onMessage);
  figma.on('selectionchange', onSelectionChange);

  return {
    async whenIdleAsync() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      feed.dispose();
      ledger.dispose();
      figma.ui.off('message', onMessage);
      figma.off('selectionchange', onSelectionChange);
    },
  };
}

function clamp(value: number, min: number, max: number): number {
  return Math.round(Math.min(max, Math.max(min, value)));
}

/** Figma's sandbox has no crypto (docs/figma-plugin-api.md): ids for files and runs only need to be unlikely to repeat. */
function randomSandboxId(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

function assertNever(value: never): never {
  throw new Error(`unhandled UI message ${JSON.stringify(value)}`);
}
