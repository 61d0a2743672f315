// Every image the planner could outpaint for one selected node: the node's own image fill, and, for frames,
// each image layer at any depth (docs/figma-plugin-api.md, Where the image sits in a frame), placed in the frame's local space.
import { IDENTITY, invert, isAxisAligned, isFlipped, multiply } from '../geometry/affine';
import type { Rect } from '../geometry/plan';
import { intersectRects } from '../geometry/rect-ops';
import { appError, type AppError } from '../protocol/errors';
import { pickImagePaint, type PickedPaint } from './pick-image-paint';
import { SELECTION_MESSAGES } from './selection-messages';
import type { Matrix, NodeSnapshot } from './snapshot';

/** Nodes whose own box can be the canvas and whose fills the write-back may replace. */
export const CANVAS_TYPES: ReadonlySet<string> = new Set(['FRAME', 'COMPONENT', 'INSTANCE']);
export const SHAPE_TYPES: ReadonlySet<string> = new Set([
  'RECTANGLE',
  'ELLIPSE',
  'POLYGON',
  'STAR',
  'VECTOR',
  'BOOLEAN_OPERATION',
]);
/** Text paints its fill inside glyphs only, so it is never a rectangular image. */
const NOT_AN_IMAGE_LAYER: ReadonlySet<string> = new Set(['TEXT']);

export interface ImageCandidate {
  kind: 'fill' | 'layer';
  imageNode: NodeSnapshot;
  picked: PickedPaint;
  /** Maps the image node's local space into the frame's (identity for 'fill'). */
  toFrame: Matrix;
  /** The image node's box in the frame, cut by clipping frames between it and the canvas frame. */
  clip: Rect | null;
  /** Set when the layer's placement in the frame can't be used. */
  error?: AppError;
  /** The layer or one of its ancestors below the frame is locked. */
  locked: boolean;
}

export function ownFillCandidate(node: NodeSnapshot): ImageCandidate | null {
  const picked = pickImagePaint(node);
  if (picked === null) return null;
  return { kind: 'fill', imageNode: node, picked, toFrame: IDENTITY, clip: null, locked: node.locked };
}

interface Walk {
  /** Inverse of the frame's absolute transform: page → frame. */
  fromPage: Matrix;
  /** Intersection of clipping ancestors' boxes in frame space; null = nothing clips yet. */
  clip: Rect | null;
  /** Set when some ancestor makes every layer below unusable (a rotated clip, a scaled instance). */
  error?: AppError;
  locked: boolean;
}

/** Image layers inside a frame, depth first in paint order; hidden subtrees are skipped (they don't render). */
export function layerCandidates(frame: NodeSnapshot): ImageCandidate[] {
  const fromPage = invert(frame.absoluteTransform);
  if (fromPage === null) return [];
  const found: ImageCandidate[] = [];
  for (const child of frame.children) collect(child, { fromPage, clip: null, locked: false }, found);
  return found;
}

function collect(node: NodeSnapshot, walk: Walk, found: ImageCandidate[]): void {
  if (!node.visible) return;
  const toFrame = multiply(walk.fromPage, node.absoluteTransform);
  const placementError = walk.error ?? placementErrorOf(toFrame);
  const box = placementError ? null : boxInFrame(node, toFrame);
  const locked = walk.locked || node.locked;
  const picked = NOT_AN_IMAGE_LAYER.has(node.type) ? null : pickImagePaint(node);
  if (picked !== null) {
    const clip = box && walk.clip ? (intersectRects(box, walk.clip) ?? emptyAt(box)) : box;
    const candidate: ImageCandidate = { kind: 'layer', imageNode: node, picked, toFrame, clip, locked };
    if (placementError) candidate.error = placementError;
    found.push(candidate);
  }
  if (node.children.length === 0) return;
  let error = placementError;
  if (!error && node.type === 'INSTANCE' && node.scaleFactor !== 1) {
    // Geometry inside scaled instances is unverified (docs/figma-plugin-api.md, Where the image sits in a frame): refuse rather than guess.
    error = appError('scaled-instance', SELECTION_MESSAGES.scaledInstance);
  }
  let clip = walk.clip;
  if (node.clipsContent && box) clip = clip ? (intersectRects(clip, box) ?? emptyAt(box)) : box;
  const next: Walk = { fromPage: walk.fromPage, clip, locked };
  if (error) next.error = error;
  for (const child of node.children) collect(child, next, found);
}

/**
 * A layer must sit square in the frame: rotation or skew relative to the frame would make the image a
 * parallelogram on the canvas (docs/figma-plugin-api.md, Where the image sits in a frame), and a mirror would need flipped pixels.
 */
function placementErrorOf(toFrame: Matrix): AppError | undefined {
  if (isFlipped(toFrame)) return appError('flipped', SELECTION_MESSAGES.layerFlipped);
  if (!isAxisAligned(toFrame) || toFrame[0][0] <= 0 || toFrame[1][1] <= 0) {
    return appError('rotated', SELECTION_MESSAGES.layerRotated);
  }
  return undefined;
}

function boxInFrame(node: NodeSnapshot, toFrame: Matrix): Rect {
  return { x: toFrame[0][2], y: toFrame[1][2], width: node.width * toFrame[0][0], height: node.height * toFrame[1][1] };
}

/** A clip that hides everything, kept as a rect so descendants plan to "nothing visible". */
function emptyAt(box: Rect): Rect {
  return { x: box.x, y: box.y, width: 0, height: 0 };
}
