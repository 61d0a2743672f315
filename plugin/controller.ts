// The sandbox side of Outpaint: follows the selection, answers the UI, and writes results back.
// Everything it touches comes in through `deps`, so tests drive it against a typed fake of `figma`.
import { appError, type AppError } from '../common/protocol/errors';
import type { ResultMeta, SandboxMessage, UiMessage, WriteOutcome } from '../common/protocol/messages';
import { readStoredSettings } from '../common/protocol/parse-settings';
import { parseUiMessage } from '../common/protocol/parse-ui-message';
import type { SelectionReport, Target } from '../common/selection/report';
import type { ImageInfo, NodeSnapshot } from '../common/selection/snapshot';
import type { Settings } from '../common/settings';
import { fitNotifyText } from './fit-notify-text';
import { BYTES_UNAVAILABLE_MESSAGE, createImageCatalog, type ImageLookup } from './image-catalog';
import { resultName } from './result-name';
import type { SandboxFigma, SandboxNode } from './sandbox-figma';
import { isInsideInstance, snapshotNode } from './snapshot-node';
import { createJobStore } from './job-store';
import { createVariantFramesAsync } from './create-variant-frames';
import { extendArtboardAsync } from './extend-artboard';
import type { LaunchRequest } from '../common/variants/quick-parameters';
import {
  createImageSafely,
  MESSAGES,
  PLACE_BESIDE_GAP,
  PLUGIN_DATA_KEY,
  cannotTakeLayers,
  markWritten,
  showsResult,
  placeBeside,
  RELAUNCH_DATA,
  writeFill,
  writeLayer,
  type JobPlacement,
  type WriteResult,
} from './write-result';

/** The pure planner (common/selection/plan-selection.ts), passed in so the controller does not depend on its internals. */
export interface SelectionPlanner {
  findImageHashes(nodes: NodeSnapshot[]): string[];
  planSelection(
    nodes: NodeSnapshot[],
    images: ReadonlyMap<string, ImageInfo>,
    bytesByHash?: ReadonlyMap<string, number>,
  ): SelectionReport;
}

export interface Scheduled {
  cancel(): void;
}

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
}

export interface Controller {
  /** Resolves once no selection refresh, job start or write-back is pending (tests, shutdown). */
  whenIdleAsync(): Promise<void>;
  dispose(): void;
}

export const SETTINGS_KEY = 'outpaint.settings';
export const UI_BOUNDS = { minWidth: 240, maxWidth: 1200, minHeight: 160, maxHeight: 1200 } as const;

export const CONTROLLER_MESSAGES = {
  nodeGone: 'That layer no longer exists. Select a frame with an image.',
  nothingToOutpaint: 'Select a frame with an image to outpaint.',
  covered: 'The image already covers the frame. Switch its fill to Fit, or make the frame bigger.',
  unknownJob: 'This result belongs to no running job. Start Outpaint again.',
  unknownSavedJob: 'This saved job is no longer on this computer. Run Outpaint again.',
  jobNotSaved: 'A running job could not be saved on this computer; keep the plugin open until it ends.',
  storageFailed: 'Settings could not be saved on this computer. Try again.',
} as const;

interface Job {
  target: Target;
  placement: JobPlacement;
}

type PlanOutcome = { ok: true; target: Target } | { ok: false; error: AppError };

export function createController(deps: ControllerDeps): Controller {
  const { figma, planner } = deps;
  const debounceMs = deps.selectionDebounceMs ?? 50;
  const catalog = createImageCatalog(figma);
  const jobStore = createJobStore(figma.clientStorage);
  const jobs = new Map<string, Job>();
  const completed = new Map<string, WriteOutcome>();
  const writing = new Set<string>();
  const sentHashes = new Set<string>();
  /** Frames just extended (plugin/extend-artboard.ts): their next write-back joins the extend's undo step. */
  const joinedUndo = new Set<string>();
  let launch = deps.launch ?? null;
  const pending = new Set<Promise<void>>();
  let ready = false;
  let disposed = false;
  let generation = 0;
  let debounce: { timer: Scheduled; done: () => void } | null = null;
  /** The selection report the panel has (postSelection), to skip repeats and to check image requests. */
  let lastReport: SelectionReport | null = null;
  let lastReportJson = '';

  function post(message: SandboxMessage): void {
    if (!disposed) figma.ui.postMessage(message);
  }

  function track(work: Promise<void>): void {
    const guarded = work.catch((error: unknown) => {
      deps.warn(`Outpaint: ${error instanceof Error ? error.message : String(error)}`);
    });
    pending.add(guarded);
    void guarded.then(() => pending.delete(guarded));
  }

  // ----- selection -----

  function onSelectionChange(): void {
    if (!ready || disposed) return;
    if (debounce) {
      debounce.timer.cancel();
      debounce.done();
    }
    let done: () => void = () => undefined;
    track(new Promise<void>((resolve) => (done = resolve)));
    const timer = deps.schedule(() => {
      debounce = null;
      done();
      track(refreshSelectionAsync());
    }, debounceMs);
    debounce = { timer, done };
  }

  async function lookupAllAsync(nodes: NodeSnapshot[]): Promise<ImageLookup[]> {
    return Promise.all(planner.findImageHashes(nodes).map((hash) => catalog.lookupAsync(hash)));
  }

  function planFrom(nodes: NodeSnapshot[], lookups: ImageLookup[]): SelectionReport {
    const images = new Map<string, ImageInfo>();
    const bytesByHash = new Map<string, number>();
    for (const lookup of lookups) {
      if (!lookup.ok) continue;
      images.set(lookup.image.info.hash, lookup.image.info);
      if (lookup.image.byteLength !== null) bytesByHash.set(lookup.image.info.hash, lookup.image.byteLength);
    }
    return planner.planSelection(nodes, images, bytesByHash);
  }

  /** Posts the selection report unless the panel already has exactly this one. */
  function postSelection(report: SelectionReport): void {
    const json = JSON.stringify(report);
    if (json === lastReportJson) return;
    lastReportJson = json;
    lastReport = report;
    post({ type: 'selection/changed', selection: report });
  }

  /**
   * Answers a selection change from image sizes alone (no bytes are read, however many images the selection
   * holds), then sends the bytes of the target the panel shows first, for its preview. Other targets' bytes are
   * read when the panel asks for them ('image/request') or when a job starts on them.
   */
  async function refreshSelectionAsync(): Promise<void> {
    generation += 1;
    const mine = generation;
    const nodes = figma.currentPage.selection.map((node) => snapshotNode(node));
    const lookups = await lookupAllAsync(nodes);
    if (mine !== generation || disposed) return; // a newer selection won
    postSelection(planFrom(nodes, lookups));
    for (const lookup of lookups) {
      if (!lookup.ok) post({ type: 'image/failed', hash: lookup.hash, error: lookup.error });
    }
    const first = lastReport?.targets[0];
    if (first) await sendBytesOnceAsync(first.image.hash, null, () => mine === generation);
  }

  /** The selection planned again once an image's format and file size are known (they refine the plan). */
  async function replanSelectionAsync(): Promise<void> {
    const mine = generation;
    const nodes = figma.currentPage.selection.map((node) => snapshotNode(node));
    const lookups = await lookupAllAsync(nodes);
    if (mine !== generation || disposed) return;
    postSelection(planFrom(nodes, lookups));
  }

  /** One image per message, raw Uint8Array, each hash read and sent once (docs/figma-plugin-api.md, Messaging between sandbox and UI). */
  async function sendBytesOnceAsync(hash: string, bytes: Uint8Array | null, stillWanted: () => boolean = () => true): Promise<void> {
    if (sentHashes.has(hash)) return;
    sentHashes.add(hash);
    if (bytes) {
      post({ type: 'image/bytes', hash, bytes });
      return;
    }
    const lookup = await catalog.bytesAsync(hash);
    if (disposed) return;
    // Read for a selection the designer has since left: not sent, so a later need reads it again.
    if (!stillWanted()) {
      sentHashes.delete(hash);
      return;
    }
    if (lookup.ok && lookup.image.bytes) {
      await replanSelectionAsync();
      post({ type: 'image/bytes', hash, bytes: lookup.image.bytes });
      return;
    }
    sentHashes.delete(hash);
    const error = lookup.ok ? appError('bytes-unavailable', BYTES_UNAVAILABLE_MESSAGE) : lookup.error;
    post({ type: 'image/failed', hash, error });
  }

  /** The panel asks for an image its chosen target shows; only images of the current selection are read. */
  function requestImage(hash: string): void {
    if (!lastReport?.targets.some((target) => target.image.hash === hash)) return;
    track(sendBytesOnceAsync(hash, null));
  }

  // ----- jobs -----

  async function planNodeAsync(nodeId: string): Promise<PlanOutcome & { node?: SandboxNode }> {
    const node = await figma.getNodeByIdAsync(nodeId);
    if (!node || node.removed) return { ok: false, error: appError('node-deleted', CONTROLLER_MESSAGES.nodeGone) };
    const nodes = [snapshotNode(node, isInsideInstance(node))];
    const report = planFrom(nodes, await lookupAllAsync(nodes));
    const target = report.targets.find((candidate) => candidate.nodeId === nodeId) ?? report.targets[0];
    if (target) return { ok: true, target, node };
    const refusal = report.refusals[0];
    return { ok: false, error: refusal ? refusal.error : appError('no-image', CONTROLLER_MESSAGES.nothingToOutpaint) };
  }

  async function startJobAsync(id: string, nodeId: string): Promise<void> {
    let planned: PlanOutcome & { node?: SandboxNode } = await planNodeAsync(nodeId);
    // The job runs on this image: read its bytes now (once), so the frozen plan knows the file's format and size,
    // and a file Figma cannot deliver is refused before anything starts.
    let bytes: Uint8Array | null = null;
    if (planned.ok && !sentHashes.has(planned.target.image.hash) && planned.target.image.format === 'unknown') {
      const lookup = await catalog.bytesAsync(planned.target.image.hash);
      if (!lookup.ok) planned = { ok: false, error: lookup.error };
      else if (lookup.image.bytes) {
        bytes = lookup.image.bytes;
        planned = await planNodeAsync(nodeId);
      }
    }
    const outcome: PlanOutcome =
      planned.ok && planned.target.status === 'covered' ? { ok: false, error: appError('covered', CONTROLLER_MESSAGES.covered) } : planned;
    if (!outcome.ok) {
      figma.notify(fitNotifyText(outcome.error.message), { error: true });
      post({ type: 'job/failed', id, error: outcome.error });
      return;
    }
    const matrix = planned.node?.absoluteTransform;
    jobs.set(id, { target: outcome.target, placement: { x: matrix ? matrix[0][2] : 0, y: matrix ? matrix[1][2] : 0 } });
    post({ type: 'job/started', id, target: outcome.target });
    await sendBytesOnceAsync(outcome.target.image.hash, bytes);
  }

  /** Why the frozen target no longer matches the document, or null when it is safe to write. */
  async function staleReasonAsync(job: Job): Promise<{ reason: AppError; node: SandboxNode | null } | null> {
    const node = await figma.getNodeByIdAsync(job.target.nodeId);
    if (!node || node.removed) return { reason: appError('node-deleted', MESSAGES.nodeDeleted), node: null };
    const changed = { reason: appError('node-changed', MESSAGES.nodeChanged), node };
    const imageNode = await figma.getNodeByIdAsync(job.target.imageNodeId);
    if (!imageNode || imageNode.removed) return changed;
    const replanned = await planNodeAsync(job.target.nodeId);
    if (!replanned.ok || replanned.target.fingerprint !== job.target.fingerprint) return changed;
    return null;
  }

  /**
   * The UI may send the same result again ("Try writing again" after a timeout): a job stays open
   * until its result is in the document, and a finished job answers with its first outcome
   * instead of writing twice.
   */
  async function writeResultAsync(id: string, bytes: Uint8Array, meta: ResultMeta): Promise<void> {
    const finished = completed.get(id);
    if (finished) {
      post({ type: 'job/written', id, outcome: finished });
      return;
    }
    if (writing.has(id)) return; // the write in progress answers
    const job = jobs.get(id);
    if (!job) {
      post({ type: 'job/failed', id, error: appError('write-failed', CONTROLLER_MESSAGES.unknownJob) });
      return;
    }
    writing.add(id);
    try {
      const result = await writeJobAsync(id, job, bytes, meta);
      if (disposed) return;
      if (!result.ok) {
        post({ type: 'job/failed', id, error: result.error });
        return;
      }
      jobs.delete(id);
      completed.set(id, result.outcome);
      // Written: a reopened plugin must not fetch and write it again (plugin/job-store.ts).
      track(jobStore.forgetJobAsync(id));
      if (result.outcome.kind === 'placed-beside') figma.notify(fitNotifyText(result.outcome.reason.message));
      post({ type: 'job/written', id, outcome: result.outcome });
    } finally {
      writing.delete(id);
    }
  }

  async function writeJobAsync(id: string, job: Job, bytes: Uint8Array, meta: ResultMeta): Promise<WriteResult> {
    const stale = await staleReasonAsync(job);
    // One undo step for the whole write-back: plugin edits join the previous step unless committed
    // (https://developers.figma.com/docs/plugins/api/properties/figma-commitundo).
    // After extend artboard the step is already open and the resize must undo with the result (extend-artboard.ts).
    if (!joinedUndo.delete(job.target.nodeId)) figma.commitUndo();
    const created = createImageSafely(figma, bytes);
    if (!created.ok) return created;
    const node = await figma.getNodeByIdAsync(job.target.nodeId);
    // Written before (a retry after a write whose answer was lost): nothing is added twice.
    if (node && !node.removed && showsResult(node, created.hash)) return { ok: true, outcome: { kind: 'written', nodeId: job.target.nodeId } };
    if (stale) return writeBeside(id, job, stale.node, stale.reason, created.hash, meta);
    if (node && job.target.kind === 'layer' && cannotTakeLayers(node)) {
      return writeBeside(id, job, node, appError('write-failed', MESSAGES.instanceLayer), created.hash, meta);
    }
    const previousSelection = figma.currentPage.selection;
    try {
      await writeIntoAsync(job, id, created.hash, meta);
    } catch (error) {
      deps.warn(`Outpaint write-back failed: ${error instanceof Error ? error.message : String(error)}`);
      return { ok: false, error: appError('write-failed', MESSAGES.writeFailed) };
    }
    figma.currentPage.selection = previousSelection.filter((selected) => !selected.removed);
    return { ok: true, outcome: { kind: 'written', nodeId: job.target.nodeId } };
  }

  async function writeIntoAsync(job: Job, id: string, imageHash: string, meta: ResultMeta): Promise<void> {
    const { target } = job;
    const node = await figma.getNodeByIdAsync(target.nodeId);
    const imageNode = await figma.getNodeByIdAsync(target.imageNodeId);
    if (!node || !imageNode) throw new Error('node vanished during write-back');
    if (target.kind === 'fill') writeFill(node, target.paintIndex, imageHash);
    else writeLayer(figma, node, imageNode, target.paintIndex, imageHash, resultName(meta));
    markWritten(
      node,
      { key: PLUGIN_DATA_KEY, value: JSON.stringify({ jobId: id, kind: target.kind, imageHash, sourceHash: target.image.hash, ...meta }) },
      RELAUNCH_DATA,
      deps.warn,
    );
  }

  function writeBeside(id: string, job: Job, node: SandboxNode | null, reason: AppError, imageHash: string, meta: ResultMeta): WriteResult {
    const matrix = node?.absoluteTransform;
    const at: JobPlacement = matrix && node
      ? { x: matrix[0][2] + (node.width ?? 0) + PLACE_BESIDE_GAP, y: matrix[1][2] }
      : job.placement;
    try {
      const frame = placeBeside(figma, imageHash, job.target, meta, at);
      markWritten(frame, { key: PLUGIN_DATA_KEY, value: JSON.stringify({ jobId: id, placedBeside: reason.code, ...meta }) }, null, deps.warn);
      figma.currentPage.selection = [frame];
      return { ok: true, outcome: { kind: 'placed-beside', nodeId: frame.id, reason } };
    } catch (error) {
      deps.warn(`Outpaint could not place the result: ${error instanceof Error ? error.message : String(error)}`);
      return { ok: false, error: appError('write-failed', MESSAGES.writeFailed) };
    }
  }

  // ----- settings, panel -----

  async function sendSettingsAsync(): Promise<void> {
    let stored: unknown;
    try {
      stored = await figma.clientStorage.getAsync(SETTINGS_KEY);
    } catch (error) {
      deps.warn(`Outpaint could not read settings: ${error instanceof Error ? error.message : String(error)}`);
    }
    post({ type: 'settings/loaded', settings: readStoredSettings(stored) });
  }

  async function saveSettingsAsync(settings: Settings): Promise<void> {
    try {
      // The API key is stored locally and unencrypted (https://developers.figma.com/docs/plugins/api/figma-clientStorage).
      await figma.clientStorage.setAsync(SETTINGS_KEY, settings);
    } catch {
      if (!disposed) figma.notify(CONTROLLER_MESSAGES.storageFailed, { error: true });
    }
  }

  /** A saved FLUX job comes back under its old id with the target frozen then, so the write-back checks hold. */
  async function resumeJobAsync(id: string): Promise<void> {
    const saved = (await jobStore.listAsync()).find((job) => job.jobId === id);
    if (!saved) {
      post({ type: 'job/failed', id, error: appError('node-deleted', CONTROLLER_MESSAGES.unknownSavedJob) });
      return;
    }
    const node = await figma.getNodeByIdAsync(saved.target.nodeId);
    const matrix = node && !node.removed ? node.absoluteTransform : undefined;
    jobs.set(id, { target: saved.target, placement: { x: matrix ? matrix[0][2] : 0, y: matrix ? matrix[1][2] : 0 } });
    post({ type: 'job/started', id, target: saved.target });
    await sendBytesOnceAsync(saved.target.image.hash, null);
  }

  async function saveJobAsync(message: Extract<UiMessage, { type: 'job/save' }>): Promise<void> {
    let stored = false;
    try {
      await jobStore.saveAsync(message.job);
      stored = true;
    } catch {
      if (!disposed) figma.notify(CONTROLLER_MESSAGES.jobNotSaved, { error: true });
    }
    // The runner holds a FLUX submit until its "submit pending" marker is durable (ui/batch/README.md).
    if (!disposed) post({ type: 'job/stored', taskId: message.job.taskId, stored });
  }

  async function onReadyAsync(): Promise<void> {
    await sendSettingsAsync();
    await refreshSelectionAsync();
    if (launch && !disposed) {
      post({ type: 'launch/request', request: launch });
      launch = null;
    }
    // Only when there is something to resume, so a plain start looks as it always did.
    const saved = await jobStore.listAsync();
    if (saved.length > 0) post({ type: 'jobs/saved', jobs: saved });
  }

  function clamp(value: number, min: number, max: number): number {
    return Math.round(Math.min(max, Math.max(min, value)));
  }

  function handle(message: UiMessage): void {
    switch (message.type) {
      case 'ui/ready':
        ready = true;
        // A reloaded UI has lost its image cache and its selection: every hash may be sent again.
        sentHashes.clear();
        lastReportJson = '';
        track(onReadyAsync());
        return;
      case 'settings/save':
        track(saveSettingsAsync(message.settings));
        return;
      case 'job/start':
        track(startJobAsync(message.id, message.nodeId));
        return;
      case 'job/result':
        track(writeResultAsync(message.id, message.bytes, message.meta));
        return;
      case 'notify':
        figma.notify(fitNotifyText(message.message), { error: message.error });
        return;
      case 'job/save':
        track(saveJobAsync(message));
        return;
      case 'job/forget':
        track(jobStore.forgetAsync(message.taskIds));
        return;
      case 'job/resume':
        track(resumeJobAsync(message.id));
        return;
      case 'image/request':
        requestImage(message.hash);
        return;
      case 'variants/create': {
        const { type: _type, ...request } = message;
        track(createVariantFramesAsync(request, workflowDeps).then(post));
        return;
      }
      case 'artboard/extend': {
        const { type: _type, ...request } = message;
        track(extendArtboardAsync(request, { ...workflowDeps, joinUndo: (nodeId) => joinedUndo.add(nodeId) }).then(post));
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

  const workflowDeps = { figma, planNodeAsync, warn: deps.warn };

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

  figma.ui.on('message', onMessage);
  figma.on('selectionchange', onSelectionChange);

  return {
    async whenIdleAsync() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      debounce?.timer.cancel();
      debounce?.done();
      figma.ui.off('message', onMessage);
      figma.off('selectionchange', onSelectionChange);
    },
  };
}

function assertNever(value: never): never {
  throw new Error(`unhandled UI message ${JSON.stringify(value)}`);
}
