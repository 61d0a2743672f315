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
import { createJobStore, LedgerError } from './job-store';
import { createFileIdentity } from './file-identity';
import { CLAIM_LEASE_MS, ledgerByFile } from '../common/batch/ledger-by-file';
import type { SavedJob } from '../common/batch/saved-job';
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

export const CONTROLLER_MESSAGES = {
  nodeGone: 'That layer no longer exists. Select a frame with an image.',
  nothingToOutpaint: 'Select a frame with an image to outpaint.',
  covered: 'The image already covers the frame. Switch its fill to Fit, or make the frame bigger.',
  unknownJob: 'This result belongs to no running job. Start Outpaint again.',
  unknownSavedJob: 'This saved job is no longer on this computer. Run Outpaint again.',
  jobNotSaved: 'A running job could not be saved on this computer; keep the plugin open until it ends.',
  ledgerUnreadable: 'Saved paid results could not be read. Reopen the plugin to fetch them.',
  otherFilesJob: 'This saved job belongs to another file. Open that file to fetch it.',
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
  const now = deps.now ?? (() => Date.now());
  const newId = deps.newId ?? randomSandboxId;
  const fileIdentity = createFileIdentity(figma.root, newId);
  /** This run of the plugin: the claim it puts on the saved tasks it resumes (common/batch/ledger-by-file.ts). */
  const session = newId();
  /** Task ids this run claimed and has not seen forgotten: their claims are renewed while it runs. */
  const claimed = new Set<string>();
  let renewal: Scheduled | null = null;
  /** Offers this file's records again once another panel's claim on them lapses. */
  let reoffer: Scheduled | null = null;
  const jobs = new Map<string, Job>();
  /** Written jobs: the outcome and which of the frame's results went in, so a repeat answers without writing. */
  const completed = new Map<string, { outcome: WriteOutcome; candidate: number | undefined }>();
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
  async function writeResultAsync(id: string, bytes: Uint8Array, meta: ResultMeta, candidate: number | undefined): Promise<void> {
    const finished = completed.get(id);
    if (finished) {
      // The first result written stays: the answer says which one it was, so the panel shows what the frame holds.
      post({ type: 'job/written', id, outcome: finished.outcome, ...(finished.candidate === undefined ? {} : { candidate: finished.candidate }) });
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
      completed.set(id, { outcome: result.outcome, candidate });
      // Written: a reopened plugin must not fetch and write it again (plugin/job-store.ts).
      track(jobStore.forgetJobAsync(id));
      if (result.outcome.kind === 'placed-beside') figma.notify(fitNotifyText(result.outcome.reason.message));
      post({ type: 'job/written', id, outcome: result.outcome, ...(candidate === undefined ? {} : { candidate }) });
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
    // Node ids repeat across files (a duplicate has the same ones): another file's result is never written here.
    if (saved.fileId !== undefined && saved.fileId !== fileIdentity.peekId()) {
      post({ type: 'job/failed', id, error: appError('node-changed', CONTROLLER_MESSAGES.otherFilesJob) });
      return;
    }
    const node = await figma.getNodeByIdAsync(saved.target.nodeId);
    const matrix = node && !node.removed ? node.absoluteTransform : undefined;
    jobs.set(id, { target: saved.target, placement: { x: matrix ? matrix[0][2] : 0, y: matrix ? matrix[1][2] : 0 } });
    post({ type: 'job/started', id, target: saved.target });
    await sendBytesOnceAsync(saved.target.image.hash, null);
  }

  async function saveJobAsync(message: Extract<UiMessage, { type: 'job/save' }>): Promise<void> {
    // Stamped here, not by the panel: the file is the sandbox's to know. No claim: the same file reopened after a
    // close takes it back at once; claims are for records a panel resumes (common/batch/ledger-by-file.ts).
    const job: SavedJob = { ...message.job, fileId: fileIdentity.ensureId(), fileName: fileIdentity.name() };
    try {
      await jobStore.saveAsync(job);
      if (!disposed) post({ type: 'job/stored', taskId: job.taskId, stored: true });
    } catch (thrown) {
      const error = thrown instanceof LedgerError ? thrown.error : appError('storage-failed', CONTROLLER_MESSAGES.jobNotSaved);
      // The panel refuses to submit a task it could not record, and says so (ui/jobs/README.md).
      if (!disposed) post({ type: 'job/stored', taskId: job.taskId, stored: false, error });
    }
  }

  /** Keeps this run's claims fresh, so a duplicated file opened meanwhile leaves them alone. */
  function scheduleRenewal(): void {
    if (renewal !== null || disposed || claimed.size === 0) return;
    renewal = deps.schedule(() => {
      renewal = null;
      track(renewClaimsAsync());
    }, CLAIM_LEASE_MS / 3);
  }

  async function renewClaimsAsync(): Promise<void> {
    if (disposed) return;
    const kept = await jobStore.claimAsync((jobs) => jobs.filter((job) => claimed.has(job.taskId)), { session, at: now() });
    const present = new Set(kept.map((job) => job.taskId));
    for (const taskId of [...claimed]) if (!present.has(taskId)) claimed.delete(taskId);
    scheduleRenewal();
  }

  async function onReadyAsync(): Promise<void> {
    await sendSettingsAsync();
    await refreshSelectionAsync();
    if (launch && !disposed) {
      post({ type: 'launch/request', request: launch });
      launch = null;
    }
    await offerSavedJobsAsync();
  }

  /**
   * Tells the panel which of this file's saved paid tasks it may fetch (claimed first, in one write, so a duplicate
   * of the file open elsewhere leaves them alone) and how many other files wait. Records another open panel holds
   * are offered again once its claim lapses.
   */
  async function offerSavedJobsAsync(): Promise<void> {
    let split: ReturnType<typeof ledgerByFile>;
    try {
      const at = now();
      split = ledgerByFile(await jobStore.listAsync(), fileIdentity.peekId(), session, at);
      if (split.mine.length > 0) {
        const ids = new Set(split.mine.map((job) => job.taskId));
        split = { ...split, mine: await jobStore.claimAsync((jobs) => jobs.filter((job) => ids.has(job.taskId)), { session, at }) };
        for (const job of split.mine) claimed.add(job.taskId);
        scheduleRenewal();
      }
    } catch {
      // Never answered as "nothing saved": the records stay in clientStorage for the next opening.
      if (!disposed) figma.notify(CONTROLLER_MESSAGES.ledgerUnreadable, { error: true });
      return;
    }
    if (split.heldByOthers.length > 0 && !disposed) {
      const lapse = Math.min(...split.heldByOthers.map((job) => job.claim?.at ?? 0)) + CLAIM_LEASE_MS - now();
      reoffer?.cancel();
      reoffer = deps.schedule(() => {
        reoffer = null;
        track(offerSavedJobsAsync());
      }, Math.max(1000, lapse + 1000));
    }
    // Only when there is something to resume or report, so a plain start looks as it always did.
    if (!disposed && (split.mine.length > 0 || split.elsewhere.length > 0)) post({ type: 'jobs/saved', jobs: split.mine, elsewhere: split.elsewhere });
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
        track(writeResultAsync(message.id, message.bytes, message.meta, message.candidate));
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
      renewal?.cancel();
      reoffer?.cancel();
      figma.ui.off('message', onMessage);
      figma.off('selectionchange', onSelectionChange);
    },
  };
}

/** Figma's sandbox has no crypto (docs/figma-plugin-api.md): ids for files and runs only need to be unlikely to repeat. */
function randomSandboxId(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

function assertNever(value: never): never {
  throw new Error(`unhandled UI message ${JSON.stringify(value)}`);
}
