// Social format variants, sandbox side: one new frame per format beside the source, each holding the same image hash
// as a CROP paint at the size that fits (common/variants/plan-variants.ts). Made as one undo step and selected, so
// the UI can outpaint each through the normal job path.
import { appError } from '../common/protocol/errors';
import type { SandboxMessage } from '../common/protocol/messages';
import { imageRectInFrame } from '../common/variants/image-rect-in-frame';
import { MAX_VARIANTS, formatProblem, planVariants } from '../common/variants/plan-variants';
import { VARIANT_MESSAGES } from '../common/variants/variant-messages';
import type { CreateVariantsRequest, CreatedVariant } from '../common/variants/variant-protocol';
import type { CreatedNode } from './sandbox-figma';
import { isInsideInstance, snapshotNode } from './snapshot-node';
import { paintAt, placedImagePaint } from './variant-paint';
import { VARIANT_DATA_KEY } from './variant-frame-data';
import type { WorkflowDeps } from './workflow-deps';

export { VARIANT_DATA_KEY };

export async function createVariantFramesAsync(
  request: CreateVariantsRequest,
  deps: WorkflowDeps,
): Promise<SandboxMessage> {
  const { figma } = deps;
  const fail = (message: string): SandboxMessage => ({
    type: 'workflow/failed',
    id: request.id,
    error: appError('write-failed', message),
  });
  if (request.formats.length === 0) return fail(VARIANT_MESSAGES.noFormats);
  if (request.formats.length > MAX_VARIANTS) return fail(VARIANT_MESSAGES.tooManyFormats);
  for (const format of request.formats) {
    const problem = formatProblem(format);
    if (problem !== null) return fail(problem);
  }
  const planned = await deps.planNodeAsync(request.nodeId);
  if (!planned.ok) return { type: 'workflow/failed', id: request.id, error: planned.error };
  const { target, node } = planned;
  const imageNode = await figma.getNodeByIdAsync(target.imageNodeId);
  if (!node || !imageNode) return fail(VARIANT_MESSAGES.noImage);
  const placed = imageRectInFrame(snapshotNode(node, isInsideInstance(node)), target, target.image);
  const matrix = node.absoluteTransform;
  if (!placed || !matrix) return fail(VARIANT_MESSAGES.imageUnreadable);

  const plans = planVariants({
    source: { x: matrix[0][2], y: matrix[1][2], width: node.width ?? 0, height: node.height ?? 0 },
    image: placed.turned,
    formats: request.formats,
    anchor: request.anchor,
  });
  const sourcePaint = paintAt(imageNode, target.paintIndex);
  // The new frames are their own undo step: edits made before them stay where they were
  // (https://developers.figma.com/docs/plugins/api/properties/figma-commitundo).
  figma.commitUndo();
  const made: CreatedNode[] = [];
  try {
    for (const plan of plans) {
      const frame = figma.createFrame();
      made.push(frame);
      figma.currentPage.appendChild(frame);
      frame.name = plan.name;
      frame.resize(plan.frame.width, plan.frame.height);
      frame.x = plan.frame.x;
      frame.y = plan.frame.y;
      frame.fills = [placedImagePaint(sourcePaint, target.image.hash, plan.frame, plan.image, placed.quarterTurns)];
      frame.setPluginData(
        VARIANT_DATA_KEY,
        JSON.stringify({ sourceNodeId: target.nodeId, format: plan.name, anchor: request.anchor }),
      );
    }
  } catch (error) {
    deps.warn(`Outpaint could not create variants: ${error instanceof Error ? error.message : String(error)}`);
    for (const frame of made) if (!frame.removed) frame.remove();
    return fail(VARIANT_MESSAGES.createFailed);
  }
  figma.currentPage.selection = made;
  const frames: CreatedVariant[] = made.map((frame, index) => ({
    nodeId: frame.id,
    name: frame.name,
    needsOutpaint: plans[index]?.needsOutpaint ?? false,
  }));
  return { type: 'variants/created', id: request.id, frames };
}
