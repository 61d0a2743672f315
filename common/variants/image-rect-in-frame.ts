// Where a target's whole image sits in its frame, exactly, from the node snapshot: the same steps the planner takes
// (common/selection/plan-selection.ts), re-run for the one image the target names. Extend and variants need the
// image's rectangle, which the plan only implies in rounded API pixels.
import { applyToPoint } from '../geometry/affine';
import { imageRectInNode, rotatedSize } from '../geometry/paint-rect';
import type { QuarterTurns, Rect, Size } from '../geometry/plan';
import { layerCandidates, ownFillCandidate } from '../selection/image-candidates';
import type { NodeSnapshot } from '../selection/snapshot';

export interface ImageInFrame {
  rect: Rect;
  quarterTurns: QuarterTurns;
  /** The stored image turned by quarterTurns: what the designer sees. */
  turned: Size;
}

export function imageRectInFrame(
  frame: NodeSnapshot,
  ref: { kind: 'fill' | 'layer'; imageNodeId: string; paintIndex: number },
  image: Size,
): ImageInFrame | null {
  const candidates = ref.kind === 'fill' ? [ownFillCandidate(frame)] : layerCandidates(frame);
  const candidate = candidates.find(
    (c) => c !== null && c.imageNode.id === ref.imageNodeId && c.picked.index === ref.paintIndex,
  );
  if (!candidate) return null;
  const node = candidate.imageNode;
  const placed = imageRectInNode({ width: node.width, height: node.height }, candidate.picked.paint, image);
  if (!placed.ok) return null;
  const a = applyToPoint(candidate.toFrame, { x: placed.rect.x, y: placed.rect.y });
  const b = applyToPoint(candidate.toFrame, {
    x: placed.rect.x + placed.rect.width,
    y: placed.rect.y + placed.rect.height,
  });
  return {
    rect: { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), width: Math.abs(b.x - a.x), height: Math.abs(b.y - a.y) },
    quarterTurns: placed.quarterTurns,
    turned: rotatedSize(image, placed.quarterTurns),
  };
}
