import { describe, expect, it } from 'vitest';
import { imageRectInNode, quarterTurnsOf, type PaintRectResult } from '../../../common/geometry/paint-rect';
import { GEOMETRY_MESSAGES } from '../../../common/geometry/geometry-messages';
import type { Matrix, PaintSnapshot } from '../../../common/selection/snapshot';

const paint = (scaleMode: PaintSnapshot['scaleMode'], extra: Partial<PaintSnapshot> = {}): PaintSnapshot => ({
  type: 'IMAGE',
  visible: true,
  opacity: 1,
  scaleMode,
  imageHash: 'h',
  ...extra,
});
const crop = (imageTransform: Matrix): PaintSnapshot => paint('CROP', { imageTransform });

function placed(result: PaintRectResult) {
  if (!result.ok) throw new Error(`expected a placement, got ${result.error.code}: ${result.error.message}`);
  return result;
}
function refused(result: PaintRectResult) {
  if (result.ok) throw new Error('expected a refusal');
  return result.error;
}
function expectRect(result: PaintRectResult, x: number, y: number, width: number, height: number) {
  const { rect } = placed(result);
  expect(rect.x).toBeCloseTo(x, 9);
  expect(rect.y).toBeCloseTo(y, 9);
  expect(rect.width).toBeCloseTo(width, 9);
  expect(rect.height).toBeCloseTo(height, 9);
}

describe('imageRectInNode — CROP worked examples (docs/figma-plugin-api.md, Crop transforms, 1000×500 node)', () => {
  const node = { width: 1000, height: 500 };

  it('places a half-width crop as an image overflowing both sides', () => {
    // 4000×1000 px keeps the 2000×500 rectangle proportional.
    const result = imageRectInNode(
      node,
      crop([
        [0.5, 0, 0.25],
        [0, 1, 0],
      ]),
      { width: 4000, height: 1000 },
    );
    expectRect(result, -500, 0, 2000, 500);
  });

  it('places a double-scale crop as a centred image smaller than the node', () => {
    const result = imageRectInNode(
      node,
      crop([
        [2, 0, -0.5],
        [0, 2, -0.5],
      ]),
      { width: 1000, height: 500 },
    );
    expectRect(result, 250, 125, 500, 250);
  });

  it('moves the image right when the crop offset is negative', () => {
    // u = 0.5·x/W − 0.25 → the image starts where u = 0, at x = 0.5·W = 500; it spans W/0.5 = 2000 by H/0.5 = 1000.
    const result = imageRectInNode(
      node,
      crop([
        [0.5, 0, -0.25],
        [0, 0.5, 0],
      ]),
      { width: 2000, height: 1000 },
    );
    expectRect(result, 500, 0, 2000, 1000);
  });

  it('reads a missing imageTransform as the identity crop', () => {
    expectRect(imageRectInNode(node, paint('CROP'), { width: 2000, height: 1000 }), 0, 0, 1000, 500);
  });
});

describe('imageRectInNode — FILL and FIT', () => {
  it('letterboxes a wide image in a square frame with FIT', () => {
    // 2000×1000 into 1000×1000: scale 0.5 → 1000×500, bands of 250 above and below.
    expectRect(
      imageRectInNode({ width: 1000, height: 1000 }, paint('FIT'), { width: 2000, height: 1000 }),
      0,
      250,
      1000,
      500,
    );
  });

  it('pillarboxes a square image in a wide frame with FIT', () => {
    expectRect(
      imageRectInNode({ width: 1000, height: 500 }, paint('FIT'), { width: 500, height: 500 }),
      250,
      0,
      500,
      500,
    );
  });

  it('lets FILL overflow the long way so the frame is covered', () => {
    expectRect(
      imageRectInNode({ width: 1000, height: 500 }, paint('FILL'), { width: 1000, height: 1000 }),
      0,
      -250,
      1000,
      1000,
    );
  });

  it('turns the image before fitting for 90° and 270°, and keeps the shape for 180°', () => {
    const node = { width: 1000, height: 1000 };
    const image = { width: 2000, height: 1000 };
    const r90 = imageRectInNode(node, paint('FIT', { rotation: 90 }), image);
    expectRect(r90, 250, 0, 500, 1000);
    expect(placed(r90).quarterTurns).toBe(1);
    const r270 = imageRectInNode(node, paint('FIT', { rotation: 270 }), image);
    expectRect(r270, 250, 0, 500, 1000);
    expect(placed(r270).quarterTurns).toBe(3);
    const r180 = imageRectInNode(node, paint('FIT', { rotation: 180 }), image);
    expectRect(r180, 0, 250, 1000, 500);
    expect(placed(r180).quarterTurns).toBe(2);
  });

  it('normalises negative and full-circle rotations', () => {
    expect(quarterTurnsOf(-90)).toBe(3);
    expect(quarterTurnsOf(450)).toBe(1);
    expect(quarterTurnsOf(undefined)).toBe(0);
  });

  it('refuses a fill turned by an angle that is not a multiple of 90°', () => {
    const error = refused(
      imageRectInNode({ width: 10, height: 10 }, paint('FIT', { rotation: 45 }), { width: 10, height: 10 }),
    );
    expect(error.code).toBe('rotated');
    expect(error.message).toBe(GEOMETRY_MESSAGES.rotation);
  });
});

describe('imageRectInNode — CROP turns and refusals', () => {
  it('reads a crop with a quarter turn folded into the matrix as one clockwise turn', () => {
    // u = y/H, v = 1 − x/W: the stored image's left column runs down the node's left edge from the bottom row.
    const result = imageRectInNode(
      { width: 1000, height: 2000 },
      crop([
        [0, 1, 0],
        [-1, 0, 1],
      ]),
      { width: 2000, height: 1000 },
    );
    expectRect(result, 0, 0, 1000, 2000);
    expect(placed(result).quarterTurns).toBe(1);
  });

  it('reads the opposite quarter turn as three clockwise turns', () => {
    const result = imageRectInNode(
      { width: 1000, height: 2000 },
      crop([
        [0, -1, 1],
        [1, 0, 0],
      ]),
      { width: 2000, height: 1000 },
    );
    expect(placed(result).quarterTurns).toBe(3);
  });

  it('reads both axes reversed as a half turn, not a flip', () => {
    const result = imageRectInNode(
      { width: 100, height: 50 },
      crop([
        [-1, 0, 1],
        [0, -1, 1],
      ]),
      { width: 200, height: 100 },
    );
    expectRect(result, 0, 0, 100, 50);
    expect(placed(result).quarterTurns).toBe(2);
  });

  it('refuses a TILE fill with a hint to switch mode', () => {
    const error = refused(imageRectInNode({ width: 10, height: 10 }, paint('TILE'), { width: 10, height: 10 }));
    expect(error.code).toBe('tile');
    expect(error.message).toBe("Tiled images can't be extended — set the fill to Fit or Crop");
  });

  it('refuses a skewed crop', () => {
    const error = refused(
      imageRectInNode(
        { width: 100, height: 100 },
        crop([
          [1, 0.2, 0],
          [0, 1, 0],
        ]),
        { width: 100, height: 100 },
      ),
    );
    expect(error.code).toBe('skewed');
  });

  it('refuses a crop turned by 30°', () => {
    const c = Math.cos(Math.PI / 6);
    const s = Math.sin(Math.PI / 6);
    const error = refused(
      imageRectInNode(
        { width: 100, height: 100 },
        crop([
          [c, -s, 0],
          [s, c, 0],
        ]),
        { width: 100, height: 100 },
      ),
    );
    expect(error.code).toBe('skewed');
  });

  it('refuses a mirrored crop with a hint to unflip it', () => {
    const error = refused(
      imageRectInNode(
        { width: 100, height: 100 },
        crop([
          [-1, 0, 1],
          [0, 1, 0],
        ]),
        { width: 100, height: 100 },
      ),
    );
    expect(error.code).toBe('flipped');
    expect(error.message).toMatch(/unflip/);
  });

  it('refuses a crop that squashes the image out of proportion', () => {
    // The identity crop squeezes a square image into a 2:1 node.
    const error = refused(
      imageRectInNode(
        { width: 1000, height: 500 },
        crop([
          [1, 0, 0],
          [0, 1, 0],
        ]),
        { width: 1000, height: 1000 },
      ),
    );
    expect(error.code).toBe('stretched');
  });

  it('accepts a stretch smaller than half a pixel and refuses one larger', () => {
    // 1000×500 px into 1000×500.2: measured at the x density the height is off by 0.2 px.
    expect(imageRectInNode({ width: 1000, height: 500.2 }, paint('CROP'), { width: 1000, height: 500 }).ok).toBe(true);
    // Into 1000×501 it is off by 1 px along the height (and 2 px along the width at the y density).
    expect(imageRectInNode({ width: 1000, height: 501 }, paint('CROP'), { width: 1000, height: 500 }).ok).toBe(false);
  });

  it('refuses a crop matrix with no area', () => {
    const error = refused(
      imageRectInNode(
        { width: 100, height: 100 },
        crop([
          [0, 0, 0],
          [0, 0, 0],
        ]),
        { width: 100, height: 100 },
      ),
    );
    expect(error.code).toBe('skewed');
    expect(error.message).toBe(GEOMETRY_MESSAGES.degenerate);
  });

  it('refuses a node without size', () => {
    expect(refused(imageRectInNode({ width: 0, height: 100 }, paint('FIT'), { width: 10, height: 10 })).code).toBe(
      'too-small',
    );
  });
});

describe('geometry messages', () => {
  it('stay within figma.notify’s 100 characters', () => {
    for (const message of Object.values(GEOMETRY_MESSAGES)) expect(message.length).toBeLessThanOrEqual(100);
  });
});
