// Jobs, from the sandbox's side: 'job/start' freezes a frame's target (the plan the result must fit), 'job/resume'
// brings back a saved one in its own file, and 'job/result' writes the result into the frame as one undo step —
// or beside it when the frame changed — exactly once per job, however often the panel sends it.
import { appError, type AppError } from '../common/protocol/errors';
import type { ResultMeta, WriteOutcome } from '../common/protocol/messages';
import type { Target } from '../common/selection/report';
import { CONTROLLER_MESSAGES } from './controller-messages';
import type { FileIdentity } from './file-identity';
import { fitNotifyText } from './fit-notify-text';
import type { ImageCatalog } from './image-catalog';
import type { JobStore } from './job-store';
import { relaunchDescription, resultName } from './result-name';
import type { SandboxContext } from './sandbox-context';
import type { SandboxNode } from './sandbox-figma';
import type { PlanOutcome, SelectionFeed } from './selection-feed';
import {
  createImageSafely,
  MESSAGES,
  PLACE_BESIDE_GAP,
  PLUGIN_DATA_KEY,
  cannotTakeLayers,
  markWritten,
  showsResult,
  placeBeside,
  relaunchData,
  writeFill,
  writeLayer,
  type JobPlacement,
  type WriteResult,
} from './write-result';

interface Job {
  target: Target;
  placement: JobPlacement;
}

export interface WriteBack {
  startJobAsync(id: string, nodeId: string): Promise<void>;
  resumeJobAsync(id: string): Promise<void>;
  writeResultAsync(id: string, bytes: Uint8Array, meta: ResultMeta, candidate: number | undefined): Promise<void>;
  /** The frame was just extended (plugin/extend-artboard.ts): its next write-back joins the extend's undo step. */
  joinUndo(nodeId: string): void;
  /** The extend was put back (plugin/extend-restore.ts): the frame's next write-back is its own undo step again. */
  leaveUndo(nodeId: string): void;
}

export function createWriteBack(
  ctx: SandboxContext,
  deps: { feed: SelectionFeed; catalog: ImageCatalog; jobStore: JobStore; fileIdentity: FileIdentity },
): WriteBack {
  const { feed, catalog, jobStore, fileIdentity } = deps;
  const jobs = new Map<string, Job>();
  /** Written jobs: the outcome and which of the frame's results went in, so a repeat answers without writing. */
  const completed = new Map<string, { outcome: WriteOutcome; candidate: number | undefined }>();
  const writing = new Set<string>();
  const joinedUndo = new Set<string>();

  async function startJobAsync(id: string, nodeId: string): Promise<void> {
    let planned: PlanOutcome = await feed.planNodeAsync(nodeId);
    // The job runs on this image: read its bytes now (once), so the frozen plan knows the file's format and size,
    // and a file Figma cannot deliver is refused before anything starts.
    let bytes: Uint8Array | null = null;
    if (planned.ok && !feed.sent(planned.target.image.hash) && planned.target.image.format === 'unknown') {
      const lookup = await catalog.bytesAsync(planned.target.image.hash);
      if (!lookup.ok) planned = { ok: false, error: lookup.error };
      else if (lookup.image.bytes) {
        bytes = lookup.image.bytes;
        planned = await feed.planNodeAsync(nodeId);
      }
    }
    const outcome: PlanOutcome =
      planned.ok && planned.target.status === 'covered'
        ? { ok: false, error: appError('covered', CONTROLLER_MESSAGES.covered) }
        : planned;
    if (!outcome.ok) {
      ctx.figma.notify(fitNotifyText(outcome.error.message), { error: true });
      ctx.post({ type: 'job/failed', id, error: outcome.error });
      return;
    }
    const matrix = planned.node?.absoluteTransform;
    jobs.set(id, { target: outcome.target, placement: { x: matrix ? matrix[0][2] : 0, y: matrix ? matrix[1][2] : 0 } });
    ctx.post({ type: 'job/started', id, target: outcome.target });
    await feed.sendBytesOnceAsync(outcome.target.image.hash, bytes);
  }

  /** Why the frozen target no longer matches the document, or null when it is safe to write. */
  async function staleReasonAsync(job: Job): Promise<{ reason: AppError; node: SandboxNode | null } | null> {
    const node = await ctx.figma.getNodeByIdAsync(job.target.nodeId);
    if (!node || node.removed) return { reason: appError('node-deleted', MESSAGES.nodeDeleted), node: null };
    const changed = { reason: appError('node-changed', MESSAGES.nodeChanged), node };
    const imageNode = await ctx.figma.getNodeByIdAsync(job.target.imageNodeId);
    if (!imageNode || imageNode.removed) return changed;
    const replanned = await feed.planNodeAsync(job.target.nodeId);
    if (!replanned.ok || replanned.target.fingerprint !== job.target.fingerprint) return changed;
    return null;
  }

  /**
   * The UI may send the same result again ("Try writing again" after a timeout): a job stays open
   * until its result is in the document, and a finished job answers with its first outcome
   * instead of writing twice.
   */
  async function writeResultAsync(
    id: string,
    bytes: Uint8Array,
    meta: ResultMeta,
    candidate: number | undefined,
  ): Promise<void> {
    const finished = completed.get(id);
    if (finished) {
      // The first result written stays: the answer says which one it was, so the panel shows what the frame holds.
      ctx.post({
        type: 'job/written',
        id,
        outcome: finished.outcome,
        ...(finished.candidate === undefined ? {} : { candidate: finished.candidate }),
      });
      return;
    }
    if (writing.has(id)) return; // the write in progress answers
    const job = jobs.get(id);
    if (!job) {
      ctx.post({ type: 'job/failed', id, error: appError('write-failed', CONTROLLER_MESSAGES.unknownJob) });
      return;
    }
    writing.add(id);
    try {
      const result = await writeJobAsync(id, job, bytes, meta);
      if (ctx.isDisposed()) return;
      if (!result.ok) {
        ctx.post({ type: 'job/failed', id, error: result.error });
        return;
      }
      jobs.delete(id);
      completed.set(id, { outcome: result.outcome, candidate });
      // Written: a reopened plugin must not fetch and write it again (plugin/job-store.ts).
      ctx.track(jobStore.forgetJobAsync(id));
      if (result.outcome.kind === 'placed-beside') ctx.figma.notify(fitNotifyText(result.outcome.reason.message));
      ctx.post({ type: 'job/written', id, outcome: result.outcome, ...(candidate === undefined ? {} : { candidate }) });
    } finally {
      writing.delete(id);
    }
  }

  async function writeJobAsync(id: string, job: Job, bytes: Uint8Array, meta: ResultMeta): Promise<WriteResult> {
    const stale = await staleReasonAsync(job);
    // One undo step for the whole write-back: plugin edits join the previous step unless committed
    // (https://developers.ctx.figma.com/docs/plugins/api/properties/figma-commitundo).
    // After extend artboard the step is already open and the resize must undo with the result (extend-artboard.ts).
    if (!joinedUndo.delete(job.target.nodeId)) ctx.figma.commitUndo();
    const created = createImageSafely(ctx.figma, bytes);
    if (!created.ok) return created;
    const node = await ctx.figma.getNodeByIdAsync(job.target.nodeId);
    // Written before (a retry after a write whose answer was lost): nothing is added twice.
    if (node && !node.removed && showsResult(node, created.hash))
      return { ok: true, outcome: { kind: 'written', nodeId: job.target.nodeId } };
    if (stale) return writeBeside(id, job, stale.node, stale.reason, created.hash, meta);
    if (node && job.target.kind === 'layer' && cannotTakeLayers(node)) {
      return writeBeside(id, job, node, appError('write-failed', MESSAGES.instanceLayer), created.hash, meta);
    }
    const previousSelection = ctx.figma.currentPage.selection;
    try {
      await writeIntoAsync(job, id, created.hash, meta);
    } catch (error) {
      ctx.warn(`Outpaint write-back failed: ${error instanceof Error ? error.message : String(error)}`);
      return { ok: false, error: appError('write-failed', MESSAGES.writeFailed) };
    }
    ctx.figma.currentPage.selection = previousSelection.filter((selected) => !selected.removed);
    return { ok: true, outcome: { kind: 'written', nodeId: job.target.nodeId } };
  }

  async function writeIntoAsync(job: Job, id: string, imageHash: string, meta: ResultMeta): Promise<void> {
    const { target } = job;
    const node = await ctx.figma.getNodeByIdAsync(target.nodeId);
    const imageNode = await ctx.figma.getNodeByIdAsync(target.imageNodeId);
    if (!node || !imageNode) throw new Error('node vanished during write-back');
    if (target.kind === 'fill') writeFill(node, target.paintIndex, imageHash);
    else writeLayer(ctx.figma, node, imageNode, target.paintIndex, imageHash, resultName(meta));
    markWritten(
      node,
      {
        key: PLUGIN_DATA_KEY,
        value: JSON.stringify({ jobId: id, kind: target.kind, imageHash, sourceHash: target.image.hash, ...meta }),
      },
      relaunchData(relaunchDescription(target.kind, meta)),
      ctx.warn,
    );
  }

  function writeBeside(
    id: string,
    job: Job,
    node: SandboxNode | null,
    reason: AppError,
    imageHash: string,
    meta: ResultMeta,
  ): WriteResult {
    const matrix = node?.absoluteTransform;
    const at: JobPlacement =
      matrix && node ? { x: matrix[0][2] + (node.width ?? 0) + PLACE_BESIDE_GAP, y: matrix[1][2] } : job.placement;
    try {
      const frame = placeBeside(ctx.figma, imageHash, job.target, meta, at);
      markWritten(
        frame,
        { key: PLUGIN_DATA_KEY, value: JSON.stringify({ jobId: id, placedBeside: reason.code, ...meta }) },
        null,
        ctx.warn,
      );
      ctx.figma.currentPage.selection = [frame];
      return { ok: true, outcome: { kind: 'placed-beside', nodeId: frame.id, reason } };
    } catch (error) {
      ctx.warn(`Outpaint could not place the result: ${error instanceof Error ? error.message : String(error)}`);
      return { ok: false, error: appError('write-failed', MESSAGES.writeFailed) };
    }
  }

  /** A saved FLUX job comes back under its old id with the target frozen then, so the write-back checks hold. */
  async function resumeJobAsync(id: string): Promise<void> {
    // A variant set's members share one record (common/batch/saved-job.ts, `set`): each comes back with its own target.
    const record = (await jobStore.listAsync()).find((job) =>
      job.set ? job.set.members.some((member) => member.jobId === id) : job.jobId === id,
    );
    const saved = record && {
      ...record,
      target: record.set?.members.find((member) => member.jobId === id)?.target ?? record.target,
    };
    if (!saved) {
      ctx.post({ type: 'job/failed', id, error: appError('node-deleted', CONTROLLER_MESSAGES.unknownSavedJob) });
      return;
    }
    // Node ids repeat across files (a duplicate has the same ones): another file's result is never written here.
    if (saved.fileId !== undefined && saved.fileId !== fileIdentity.peekId()) {
      ctx.post({ type: 'job/failed', id, error: appError('node-changed', CONTROLLER_MESSAGES.otherFilesJob) });
      return;
    }
    const node = await ctx.figma.getNodeByIdAsync(saved.target.nodeId);
    const matrix = node && !node.removed ? node.absoluteTransform : undefined;
    jobs.set(id, { target: saved.target, placement: { x: matrix ? matrix[0][2] : 0, y: matrix ? matrix[1][2] : 0 } });
    ctx.post({ type: 'job/started', id, target: saved.target });
    await feed.sendBytesOnceAsync(saved.target.image.hash, null);
  }

  return {
    startJobAsync,
    resumeJobAsync,
    writeResultAsync,
    joinUndo: (nodeId) => void joinedUndo.add(nodeId),
    leaveUndo: (nodeId) => void joinedUndo.delete(nodeId),
  };
}
