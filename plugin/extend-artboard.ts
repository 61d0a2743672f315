// Extend artboard, sandbox side: the frame grows to the chosen size (or a new frame is made beside it) and the image
// lands where the designer dragged it in the preview. The UI then runs the normal job on that frame.
//
// Undo: the designer should undo "extend + outpaint" in one step. Figma groups every plugin edit made since the last
// commitUndo into one step (https://developers.figma.com/docs/plugins/api/properties/figma-commitundo), so this
// commits BEFORE the resize and records the frame in `joinUndo`; the write-back then skips its own commitUndo for
// that frame's next job, and the resize and the written result undo together.
import { appError } from '../common/protocol/errors';
import type { SandboxMessage } from '../common/protocol/messages';
import { imageRectInFrame } from '../common/variants/image-rect-in-frame';
import { extendCoversImage, planExtend } from '../common/variants/plan-extend';
import { VARIANT_MESSAGES } from '../common/variants/variant-messages';
import type { ExtendArtboardRequest } from '../common/variants/variant-protocol';
import type { ExtendRecord } from './extend-restore';
import type { SandboxNode } from './sandbox-figma';
import { isInsideInstance, snapshotNode } from './snapshot-node';
import { paintAt, placedImagePaint } from './variant-paint';
import type { WorkflowDeps } from './workflow-deps';
import { PLACE_BESIDE_GAP } from './write-result';

export interface ExtendDeps extends WorkflowDeps {
  /** Marks the frame whose next write-back joins this undo step. */
  joinUndo(nodeId: string): void;
  /** Keeps what was changed, so a run that writes nothing can put it back (plugin/extend-restore.ts). */
  remember(record: ExtendRecord): void;
}

function isAutoLayout(node: SandboxNode): boolean {
  return node.layoutMode !== undefined && node.layoutMode !== 'NONE';
}

export async function extendArtboardAsync(request: ExtendArtboardRequest, deps: ExtendDeps): Promise<SandboxMessage> {
  const { figma } = deps;
  const fail = (message: string): SandboxMessage => ({
    type: 'workflow/failed',
    id: request.id,
    error: appError('write-failed', message),
  });
  const planned = await deps.planNodeAsync(request.nodeId);
  if (!planned.ok) return { type: 'workflow/failed', id: request.id, error: planned.error };
  const { target, node } = planned;
  const imageNode = await figma.getNodeByIdAsync(target.imageNodeId);
  if (!node || !imageNode) return fail(VARIANT_MESSAGES.noImage);
  const inside = isInsideInstance(node);
  const placed = imageRectInFrame(snapshotNode(node, inside), target, target.image);
  const matrix = node.absoluteTransform;
  if (!placed || !matrix) return fail(VARIANT_MESSAGES.imageUnreadable);
  const plan = planExtend(placed.rect, { width: request.width, height: request.height }, request.placement);
  if (extendCoversImage(plan)) return fail(VARIANT_MESSAGES.nothingToExtend);
  const paint = paintAt(imageNode, target.paintIndex);

  if (request.mode === 'new') {
    figma.commitUndo();
    const frame = figma.createFrame();
    try {
      figma.currentPage.appendChild(frame);
      frame.name = `${node.name} ${request.width}×${request.height}`;
      frame.resize(plan.size.width, plan.size.height);
      frame.x = matrix[0][2] + (node.width ?? 0) + PLACE_BESIDE_GAP;
      frame.y = matrix[1][2];
      frame.fills = [placedImagePaint(paint, target.image.hash, plan.size, plan.image, placed.quarterTurns)];
    } catch (error) {
      deps.warn(`Outpaint could not create the frame: ${error instanceof Error ? error.message : String(error)}`);
      if (!frame.removed) frame.remove();
      return fail(VARIANT_MESSAGES.extendFailed);
    }
    deps.joinUndo(frame.id);
    deps.remember({ kind: 'new', nodeId: frame.id, frame });
    figma.currentPage.selection = [frame];
    return { type: 'artboard/extended', id: request.id, nodeId: frame.id };
  }

  if (node.type === 'INSTANCE') return fail(VARIANT_MESSAGES.instanceResize);
  if (inside) return fail(VARIANT_MESSAGES.insideInstance);
  // A HUG frame takes its size from its children, so a size set here would not hold (docs/figma-plugin-api.md, Node geometry).
  if (isAutoLayout(node) && (node.layoutSizingHorizontal === 'HUG' || node.layoutSizingVertical === 'HUG')) {
    return fail(VARIANT_MESSAGES.hugFrame);
  }
  const resize = node.resizeWithoutConstraints ?? node.resize;
  if (!resize) return fail(VARIANT_MESSAGES.extendFailed);

  const fillsBefore = node.fills;
  const record: ExtendRecord = {
    kind: 'resize',
    nodeId: node.id,
    before: { width: node.width ?? 0, height: node.height ?? 0, x: node.x ?? 0, y: node.y ?? 0 },
    fills: target.kind === 'fill' && fillsBefore !== undefined && typeof fillsBefore !== 'symbol' ? fillsBefore : null,
    children: (node.children ?? []).map((child) => ({ id: child.id, x: child.x ?? 0, y: child.y ?? 0 })),
    after: { width: plan.size.width, height: plan.size.height },
  };
  // Before the resize, never between it and the write-back: see the file comment.
  figma.commitUndo();
  try {
    // Without constraints: children keep their size and offset; they move by the shift below, all together, so the
    // layout inside the frame stays as the designer made it.
    resize.call(node, plan.size.width, plan.size.height);
    if (target.kind === 'fill') {
      const fills = node.fills;
      if (fills === undefined || typeof fills === 'symbol') throw new Error('fills unreadable');
      node.fills = fills.map((p, index) =>
        index === target.paintIndex
          ? placedImagePaint(p, target.image.hash, plan.size, plan.image, placed.quarterTurns)
          : p,
      );
    }
    const autoLayout = isAutoLayout(node);
    for (const child of node.children ?? []) {
      // Auto layout places its flowing children itself; only absolutely positioned ones can move.
      if (autoLayout && child.layoutPositioning !== 'ABSOLUTE') continue;
      child.x = (child.x ?? 0) + plan.shift.x;
      child.y = (child.y ?? 0) + plan.shift.y;
    }
    // The frame moves the other way, so the image and the content stay where they were on the canvas and the frame
    // grows around them (a no-op for a frame placed by an auto-layout parent).
    node.x = (node.x ?? 0) - plan.shift.x;
    node.y = (node.y ?? 0) - plan.shift.y;
  } catch (error) {
    deps.warn(`Outpaint could not extend the frame: ${error instanceof Error ? error.message : String(error)}`);
    return fail(VARIANT_MESSAGES.extendFailed);
  }
  deps.joinUndo(node.id);
  deps.remember(record);
  figma.currentPage.selection = [node];
  return { type: 'artboard/extended', id: request.id, nodeId: node.id };
}
