// The CROP imageTransform that places a whole image at a rectangle of its node. Figma's matrix maps node-normalised
// coordinates to image-normalised ones, so it is the inverse of the placement (docs/figma-plugin-api.md, Crop transforms); quarter
// turns are folded into it because CROP ignores the paint's rotation (§1.4). common/geometry/paint-rect.ts reads
// these matrices back; the tests check the round trip.
import { invert, multiply } from '../geometry/affine';
import type { QuarterTurns, Rect, Size } from '../geometry/plan';
import type { Matrix } from '../selection/snapshot';

/** Stored image (u, v) → the turned image's unit square, for clockwise quarter turns (paint-rect.ts reading). */
const TURNS: Record<QuarterTurns, Matrix> = {
  0: [
    [1, 0, 0],
    [0, 1, 0],
  ],
  1: [
    [0, -1, 1],
    [1, 0, 0],
  ],
  2: [
    [-1, 0, 1],
    [0, -1, 1],
  ],
  3: [
    [0, 1, 0],
    [-1, 0, 1],
  ],
};

/** `rect` is where the turned image goes in the node, in the node's design units. */
export function cropTransformFor(node: Size, rect: Rect, quarterTurns: QuarterTurns): Matrix {
  const place: Matrix = [
    [rect.width / node.width, 0, rect.x / node.width],
    [0, rect.height / node.height, rect.y / node.height],
  ];
  const inverse = invert(multiply(place, TURNS[quarterTurns]));
  if (inverse === null) throw new Error('cropTransformFor: empty rectangle');
  // Adding 0 turns −0 into 0, so stored matrices compare and print cleanly.
  const [[a, b, c], [d, e, f]] = inverse;
  return [
    [a + 0, b + 0, c + 0],
    [d + 0, e + 0, f + 0],
  ];
}
