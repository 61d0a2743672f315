// Follows the selection and tells the panel what it can outpaint: a plan per frame from image sizes alone, then
// the bytes of the image the panel shows (one image per message, raw Uint8Array, each read once). It also plans
// single nodes for jobs and workflows, so every plan comes from the same place.
import { appError, type AppError } from '../common/protocol/errors';
import type { SelectionReport, Target } from '../common/selection/report';
import type { ImageInfo, NodeSnapshot } from '../common/selection/snapshot';
import { CONTROLLER_MESSAGES } from './controller-messages';
import { BYTES_UNAVAILABLE_MESSAGE, type ImageCatalog, type ImageLookup } from './image-catalog';
import type { SandboxContext, Scheduled } from './sandbox-context';
import type { SandboxNode } from './sandbox-figma';
import { isInsideInstance, snapshotNode } from './snapshot-node';

/** The pure planner (common/selection/plan-selection.ts), passed in so the sandbox does not depend on its internals. */
export interface SelectionPlanner {
  findImageHashes(nodes: NodeSnapshot[]): string[];
  planSelection(
    nodes: NodeSnapshot[],
    images: ReadonlyMap<string, ImageInfo>,
    bytesByHash?: ReadonlyMap<string, number>,
  ): SelectionReport;
}

export type PlanOutcome = ({ ok: true; target: Target } | { ok: false; error: AppError }) & { node?: SandboxNode };

export interface SelectionFeed {
  /** The panel said 'ui/ready': it lost its images and selection, so everything may be sent again. */
  panelReady(): void;
  onSelectionChange(): void;
  refreshSelectionAsync(): Promise<void>;
  /** The panel asks for an image its chosen target shows; only images of the current selection are read. */
  requestImage(hash: string): void;
  sendBytesOnceAsync(hash: string, bytes: Uint8Array | null, stillWanted?: () => boolean): Promise<void>;
  /** True once this image was sent to the panel since it said 'ui/ready'. */
  sent(hash: string): boolean;
  planNodeAsync(nodeId: string): Promise<PlanOutcome>;
  dispose(): void;
}

export function createSelectionFeed(
  ctx: SandboxContext,
  deps: { planner: SelectionPlanner; catalog: ImageCatalog; debounceMs: number },
): SelectionFeed {
  const { planner, catalog, debounceMs } = deps;
  const sentHashes = new Set<string>();
  let ready = false;
  let generation = 0;
  let debounce: { timer: Scheduled; done: () => void } | null = null;
  /** The selection report the panel has (postSelection), to skip repeats and to check image requests. */
  let lastReport: SelectionReport | null = null;
  let lastReportJson = '';

  function onSelectionChange(): void {
    if (!ready || ctx.isDisposed()) return;
    if (debounce) {
      debounce.timer.cancel();
      debounce.done();
    }
    let done: () => void = () => undefined;
    ctx.track(new Promise<void>((resolve) => (done = resolve)));
    const timer = ctx.schedule(() => {
      debounce = null;
      done();
      ctx.track(refreshSelectionAsync());
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
    ctx.post({ type: 'selection/changed', selection: report });
  }

  /**
   * Answers a selection change from image sizes alone (no bytes are read, however many images the selection
   * holds), then sends the bytes of the target the panel shows first, for its preview. Other targets' bytes are
   * read when the panel asks for them ('image/request') or when a job starts on them.
   */
  async function refreshSelectionAsync(): Promise<void> {
    generation += 1;
    const mine = generation;
    const nodes = ctx.figma.currentPage.selection.map((node) => snapshotNode(node));
    const lookups = await lookupAllAsync(nodes);
    if (mine !== generation || ctx.isDisposed()) return; // a newer selection won
    postSelection(planFrom(nodes, lookups));
    for (const lookup of lookups) {
      if (!lookup.ok) ctx.post({ type: 'image/failed', hash: lookup.hash, error: lookup.error });
    }
    const first = lastReport?.targets[0];
    if (first) await sendBytesOnceAsync(first.image.hash, null, () => mine === generation);
  }

  /** The selection planned again once an image's format and file size are known (they refine the plan). */
  async function replanSelectionAsync(): Promise<void> {
    const mine = generation;
    const nodes = ctx.figma.currentPage.selection.map((node) => snapshotNode(node));
    const lookups = await lookupAllAsync(nodes);
    if (mine !== generation || ctx.isDisposed()) return;
    postSelection(planFrom(nodes, lookups));
  }

  /** One image per message, raw Uint8Array, each hash read and sent once (docs/figma-plugin-api.md, Messaging between sandbox and UI). */
  async function sendBytesOnceAsync(
    hash: string,
    bytes: Uint8Array | null,
    stillWanted: () => boolean = () => true,
  ): Promise<void> {
    if (sentHashes.has(hash)) return;
    sentHashes.add(hash);
    if (bytes) {
      ctx.post({ type: 'image/bytes', hash, bytes });
      return;
    }
    const lookup = await catalog.bytesAsync(hash);
    if (ctx.isDisposed()) return;
    // Read for a selection the designer has since left: not sent, so a later need reads it again.
    if (!stillWanted()) {
      sentHashes.delete(hash);
      return;
    }
    if (lookup.ok && lookup.image.bytes) {
      await replanSelectionAsync();
      ctx.post({ type: 'image/bytes', hash, bytes: lookup.image.bytes });
      return;
    }
    sentHashes.delete(hash);
    const error = lookup.ok ? appError('bytes-unavailable', BYTES_UNAVAILABLE_MESSAGE) : lookup.error;
    ctx.post({ type: 'image/failed', hash, error });
  }

  /** The panel asks for an image its chosen target shows; only images of the current selection are read. */
  function requestImage(hash: string): void {
    if (!lastReport?.targets.some((target) => target.image.hash === hash)) return;
    ctx.track(sendBytesOnceAsync(hash, null));
  }

  async function planNodeAsync(nodeId: string): Promise<PlanOutcome> {
    const node = await ctx.figma.getNodeByIdAsync(nodeId);
    if (!node || node.removed) return { ok: false, error: appError('node-deleted', CONTROLLER_MESSAGES.nodeGone) };
    const nodes = [snapshotNode(node, isInsideInstance(node))];
    const report = planFrom(nodes, await lookupAllAsync(nodes));
    const target = report.targets.find((candidate) => candidate.nodeId === nodeId) ?? report.targets[0];
    if (target) return { ok: true, target, node };
    const refusal = report.refusals[0];
    return { ok: false, error: refusal ? refusal.error : appError('no-image', CONTROLLER_MESSAGES.nothingToOutpaint) };
  }

  return {
    panelReady() {
      ready = true;
      sentHashes.clear();
      lastReportJson = '';
    },
    onSelectionChange,
    refreshSelectionAsync,
    requestImage,
    sendBytesOnceAsync,
    sent: (hash) => sentHashes.has(hash),
    planNodeAsync,
    dispose() {
      debounce?.timer.cancel();
      debounce?.done();
    },
  };
}
