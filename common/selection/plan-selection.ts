// The selection planner: from plain snapshots of the selected nodes and the sizes of their images, one target
// (with its canvas plan) or one refusal per selected node. Pure and deterministic, so the sandbox can re-plan a
// single node at write time and compare fingerprints cheaply.
import { LARGE_EXTENSION_RATIO, newAreaRatio } from '../geometry/new-area-ratio';
import { imageRectInNode } from '../geometry/paint-rect';
import type { Plan, Rect } from '../geometry/plan';
import { planCanvas } from '../geometry/plan-canvas';
import { intersectRects, rectArea } from '../geometry/rect-ops';
import { appError, type AppError } from '../protocol/errors';
import { CANVAS_TYPES, layerCandidates, ownFillCandidate, SHAPE_TYPES, type ImageCandidate } from './image-candidates';
import { pickImagePaint } from './pick-image-paint';
import type { Refusal, SelectionReport, Target } from './report';
import { SELECTION_MESSAGES, SELECTION_NOTES } from './selection-messages';
import type { ImageInfo, Matrix, NodeSnapshot } from './snapshot';
import { targetFingerprint } from './target-fingerprint';

export type PlannedNode = { ok: true; target: Target } | { ok: false; refusal: Refusal };

/** The image hashes whose sizes `planSelection` needs, each once, in the order met. */
export function findImageHashes(nodes: NodeSnapshot[]): string[] {
  const hashes = new Set<string>();
  for (const node of nodes) {
    if (!node.visible) continue;
    const candidates = [ownFillCandidate(node), ...(CANVAS_TYPES.has(node.type) ? layerCandidates(node) : [])];
    for (const c of candidates) {
      const hash = c?.picked.paint.imageHash;
      if (hash) hashes.add(hash);
    }
  }
  return [...hashes];
}

/**
 * Plans every selected node. `images` holds what Figma reported per hash (getSizeAsync and the sniffed format);
 * `bytesByHash` the stored files' sizes, which only decide whether the original may be sent as is (auto_crop).
 */
export function planSelection(
  nodes: NodeSnapshot[],
  images: ReadonlyMap<string, ImageInfo>,
  bytesByHash?: ReadonlyMap<string, number>,
): SelectionReport {
  const report: SelectionReport = { selectedCount: nodes.length, targets: [], refusals: [] };
  for (const node of nodes) {
    const planned = planTarget(node, images, bytesByHash);
    if (planned.ok) report.targets.push(planned.target);
    else report.refusals.push(planned.refusal);
  }
  return report;
}

interface Evaluated {
  candidate: ImageCandidate;
  info: ImageInfo;
  plan: Plan;
  covered: boolean;
  imageRect: Rect;
  visible: Rect;
}
type Evaluation = { ok: true; value: Evaluated } | { ok: false; error: AppError };

/** Plans one selected node: its own image fill, or the image layer inside it that is best to extend. */
export function planTarget(
  node: NodeSnapshot,
  images: ReadonlyMap<string, ImageInfo>,
  bytesByHash?: ReadonlyMap<string, number>,
): PlannedNode {
  const refuse = (error: AppError): PlannedNode => ({
    ok: false,
    refusal: { nodeId: node.id, nodeName: node.name, error },
  });
  if (!node.visible) return refuse(appError('hidden', SELECTION_MESSAGES.hidden));
  if (node.type === 'INSTANCE' && node.scaleFactor !== 1) {
    return refuse(appError('scaled-instance', SELECTION_MESSAGES.scaledInstance));
  }
  const isCanvas = CANVAS_TYPES.has(node.type);
  if (!isCanvas && !SHAPE_TYPES.has(node.type)) {
    if (node.type === 'GROUP') return refuse(appError('no-image', SELECTION_MESSAGES.group));
    const hasImage = pickImagePaint(node) !== null;
    return refuse(appError('no-image', hasImage ? SELECTION_MESSAGES.unsupportedType : SELECTION_MESSAGES.noImage));
  }

  const own = ownFillCandidate(node);
  const layers = isCanvas ? layerCandidates(node) : [];
  if (own === null && layers.length === 0) return refuse(appError('no-image', SELECTION_MESSAGES.noImage));

  const ownResult = own ? evaluate(node, own, images, bytesByHash) : null;
  const layerResults = layers.map((c) => evaluate(node, c, images, bytesByHash));
  const goodLayers = layerResults.flatMap((r) => (r.ok ? [r.value] : []));
  const largest = (list: Evaluated[]) =>
    list.reduce<Evaluated | null>(
      (best, e) => (best === null || rectArea(e.visible) > rectArea(best.visible) ? e : best),
      null,
    );
  const ownGood = ownResult?.ok ? ownResult.value : null;

  // The frame's own fill wins when it leaves room to extend; otherwise the largest image layer that does; a
  // covering image is still reported (state 'covered') so the panel can say why there is nothing to do.
  const chosen =
    (ownGood && !ownGood.covered ? ownGood : null) ??
    largest(goodLayers.filter((e) => !e.covered)) ??
    ownGood ??
    largest(goodLayers);
  const errors = [ownResult, ...layerResults].flatMap((r) => (r !== null && !r.ok ? [r.error] : []));
  // Nothing usable: the frame's own fill speaks first, then the layers in paint order.
  if (chosen === null) return refuse(errors[0] ?? appError('no-image', SELECTION_MESSAGES.noImage));

  const notes = notesFor(node, chosen, { ownGood, goodLayerCount: goodLayers.length, skipped: errors.length });
  const { candidate, info, plan, covered, visible } = chosen;
  const imageNode = candidate.imageNode;
  const target: Target = {
    nodeId: node.id,
    nodeName: node.name,
    kind: candidate.kind,
    imageNodeId: imageNode.id,
    imageNodeName: imageNode.name,
    paintIndex: candidate.picked.index,
    frame: { width: node.width, height: node.height },
    image: { hash: info.hash, width: info.width, height: info.height, format: info.format },
    status: covered ? 'covered' : 'ready',
    plan,
    notes,
    fingerprint: targetFingerprint({
      nodeId: node.id,
      kind: candidate.kind,
      frame: { width: node.width, height: node.height },
      imageNodeId: imageNode.id,
      imageNodeSize: { width: imageNode.width, height: imageNode.height },
      paintIndex: candidate.picked.index,
      paint: candidate.picked.paint,
      image: info,
      toFrame: candidate.toFrame,
      visible,
    }),
  };
  return { ok: true, target };
}

function evaluate(
  frame: NodeSnapshot,
  candidate: ImageCandidate,
  images: ReadonlyMap<string, ImageInfo>,
  bytesByHash: ReadonlyMap<string, number> | undefined,
): Evaluation {
  const hash = candidate.picked.paint.imageHash;
  if (!hash) return { ok: false, error: appError('image-missing', SELECTION_MESSAGES.hashNull) };
  const info = images.get(hash);
  if (!info) return { ok: false, error: appError('image-missing', SELECTION_MESSAGES.sizeUnknown) };
  if (candidate.error) return { ok: false, error: candidate.error };
  const node = candidate.imageNode;
  const placed = imageRectInNode({ width: node.width, height: node.height }, candidate.picked.paint, info);
  if (!placed.ok) return placed;
  const imageRect = mapAxisAlignedRect(candidate.toFrame, placed.rect);
  const fileBytes = bytesByHash?.get(hash);
  const planned = planCanvas({
    frame: { width: frame.width, height: frame.height },
    imageRect,
    ...(candidate.clip ? { clip: candidate.clip } : {}),
    image: { width: info.width, height: info.height },
    quarterTurns: placed.quarterTurns,
    format: info.format,
    ...(fileBytes !== undefined ? { fileBytes } : {}),
    ...(frame.targetDensity !== undefined ? { targetDensity: frame.targetDensity } : {}),
  });
  if (!planned.ok) return planned;
  return {
    ok: true,
    value: { candidate, info, plan: planned.plan, covered: planned.covered, imageRect, visible: planned.visible },
  };
}

/** Maps a rect through a transform already checked to be axis-aligned with positive scale. */
function mapAxisAlignedRect(m: Matrix, r: Rect): Rect {
  return {
    x: m[0][2] + m[0][0] * r.x,
    y: m[1][2] + m[1][1] * r.y,
    width: m[0][0] * r.width,
    height: m[1][1] * r.height,
  };
}

function notesFor(
  frame: NodeSnapshot,
  chosen: Evaluated,
  context: { ownGood: Evaluated | null; goodLayerCount: number; skipped: number },
): string[] {
  const { candidate, info, plan, covered, imageRect } = chosen;
  const notes: string[] = [];
  if (candidate.picked.visibleImageCount > 1)
    notes.push(SELECTION_NOTES.severalFills(candidate.picked.visibleImageCount));
  if (candidate.kind === 'fill' && context.goodLayerCount > 0) notes.push(SELECTION_NOTES.ownFillOverLayers);
  if (candidate.kind === 'layer') {
    if (context.ownGood) notes.push(SELECTION_NOTES.layerBecauseFillCovers(candidate.imageNode.name));
    if (context.goodLayerCount > 1)
      notes.push(SELECTION_NOTES.largestLayer(candidate.imageNode.name, context.goodLayerCount));
    const shown = candidate.clip ? intersectRects(imageRect, candidate.clip) : imageRect;
    const outside =
      shown !== null &&
      (shown.x < 0 || shown.y < 0 || shown.x + shown.width > frame.width || shown.y + shown.height > frame.height);
    if (!frame.clipsContent && outside) notes.push(SELECTION_NOTES.frameDoesNotClip);
    if (frame.type === 'INSTANCE' || frame.insideInstance) notes.push(SELECTION_NOTES.instanceLayer);
  }
  if (context.skipped > 0) notes.push(SELECTION_NOTES.skipped(context.skipped));
  if (info.format === 'gif') notes.push(SELECTION_NOTES.gif);
  if (frame.locked || candidate.locked) notes.push(SELECTION_NOTES.locked);
  if (covered) {
    const fillMode = candidate.kind === 'fill' && (candidate.picked.paint.scaleMode ?? 'FILL') === 'FILL';
    notes.push(fillMode ? SELECTION_NOTES.coveredByFill : SELECTION_NOTES.covered);
  }
  const percent = (scale: number) => Math.max(1, Math.floor(scale * 100));
  if (plan.limitedBy.includes('api-max-pixels') && plan.scale < 1)
    notes.push(SELECTION_NOTES.apiPixels(percent(plan.scale)));
  if (plan.limitedBy.includes('api-min-side')) notes.push(SELECTION_NOTES.apiMinSide);
  if (plan.output.scale < 1) notes.push(SELECTION_NOTES.figmaMaxSide(percent(plan.output.scale)));
  const ratio = newAreaRatio(plan);
  if (!covered && Number.isFinite(ratio) && ratio > LARGE_EXTENSION_RATIO)
    notes.push(SELECTION_NOTES.largeExtension(ratio));
  return notes;
}
