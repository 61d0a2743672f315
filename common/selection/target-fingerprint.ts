// A stable string of everything that would make a finished job wrong to write back: if any of it changes between
// job start and write-back, the sandbox places the result beside the node instead of overwriting it.
// Only geometry and identity go in (not file sizes or plan choices that depend on them), and positions are taken
// relative to the frame and rounded, so moving the frame on the page or float noise never makes a job stale.
import type { Rect, Size } from '../geometry/plan';
import type { PaintSnapshot, Matrix } from './snapshot';

export interface FingerprintParts {
  nodeId: string;
  kind: 'fill' | 'layer';
  frame: Size;
  imageNodeId: string;
  imageNodeSize: Size;
  paintIndex: number;
  paint: PaintSnapshot;
  image: { hash: string; width: number; height: number };
  /** The image node's transform into the frame (identity for 'fill'). */
  toFrame: Matrix;
  /** The visible part of the image in the frame. */
  visible: Rect;
}

const round = (v: number): number => Math.round(v * 1e4) / 1e4 + 0;

export function targetFingerprint(p: FingerprintParts): string {
  return JSON.stringify([
    'v1',
    p.nodeId,
    p.kind,
    round(p.frame.width),
    round(p.frame.height),
    p.imageNodeId,
    round(p.imageNodeSize.width),
    round(p.imageNodeSize.height),
    p.paintIndex,
    p.image.hash,
    p.image.width,
    p.image.height,
    p.paint.scaleMode ?? 'FILL',
    round(p.paint.rotation ?? 0),
    p.paint.imageTransform ? p.paint.imageTransform.flat().map(round) : null,
    p.toFrame.flat().map(round),
    [p.visible.x, p.visible.y, p.visible.width, p.visible.height].map(round),
  ]);
}
