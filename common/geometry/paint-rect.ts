// Where an image paint's picture sits inside its node's box, in the node's design units
// (docs/figma-plugin-api.md, Image paints / Where the image sits in a frame). The result is the rectangle of the whole (rotated) image, which may overflow
// the node (FILL, zoomed CROP) or leave empty bands (FIT, shrunken CROP); clipping is the caller's job.
import type { PaintSnapshot } from '../selection/snapshot';
import { appError, type AppError } from '../protocol/errors';
import type { QuarterTurns, Rect, Size } from './plan';
import { applyToPoint, IDENTITY, invert, isAxisAligned, isFiniteMatrix, isFlipped, isQuarterTurn } from './affine';
import { GEOMETRY_MESSAGES } from './geometry-messages';

export type PaintRectResult = { ok: true; rect: Rect; quarterTurns: QuarterTurns } | { ok: false; error: AppError };

/**
 * Largest disagreement, in source pixels, allowed between the placed rectangle's aspect and the image's before we
 * call it stretched. Half a pixel is what rounding alone can produce, so anything beyond is a real distortion.
 */
export const STRETCH_TOLERANCE_PX = 0.5;

/**
 * ImagePaint.rotation is in degrees, "in increments of +90" (plugin-api.d.ts, docs/figma-plugin-api.md, Image paints). Its sense is
 * not documented (docs/figma-plugin-api.md, Still to verify in Figma lists it as unverified); we read positive values as clockwise turns. If
 * Figma proves otherwise, flip this one constant: only FILL/FIT content orientation depends on it, never the rect.
 */
export const PAINT_ROTATION_IS_CLOCKWISE = true;

export function imageRectInNode(nodeSize: Size, paint: PaintSnapshot, imageSize: Size): PaintRectResult {
  const W = nodeSize.width;
  const H = nodeSize.height;
  if (!(W > 0) || !(H > 0) || !Number.isFinite(W) || !Number.isFinite(H)) {
    return refuse('too-small', GEOMETRY_MESSAGES.emptyNode);
  }
  if (!(imageSize.width >= 1) || !(imageSize.height >= 1)) {
    return refuse('image-missing', GEOMETRY_MESSAGES.emptyImage);
  }
  switch (paint.scaleMode ?? 'FILL') {
    case 'TILE':
      return refuse('tile', GEOMETRY_MESSAGES.tile);
    case 'FILL':
      return fitRect(nodeSize, paint, imageSize, 'cover');
    case 'FIT':
      return fitRect(nodeSize, paint, imageSize, 'contain');
    case 'CROP':
      return cropRect(nodeSize, paint, imageSize);
  }
}

/** Quarter turns for a paint `rotation` in degrees, or null when it is not a multiple of 90° (§1.4). */
export function quarterTurnsOf(rotationDegrees: number | undefined): QuarterTurns | null {
  const degrees = rotationDegrees ?? 0;
  if (!Number.isFinite(degrees)) return null;
  const normalised = ((degrees % 360) + 360) % 360;
  const steps = Math.round(normalised / 90);
  if (Math.abs(normalised - steps * 90) > 1e-6) return null;
  const clockwise = steps % 4;
  return (PAINT_ROTATION_IS_CLOCKWISE ? clockwise : (4 - clockwise) % 4) as QuarterTurns;
}

export function rotatedSize(size: Size, quarterTurns: QuarterTurns): Size {
  return quarterTurns % 2 === 1
    ? { width: size.height, height: size.width }
    : { width: size.width, height: size.height };
}

// FILL = cover, FIT = contain, both centred; the paint rotation turns the image before fitting (§1.2, [INF]).
function fitRect(node: Size, paint: PaintSnapshot, image: Size, fit: 'cover' | 'contain'): PaintRectResult {
  const quarterTurns = quarterTurnsOf(paint.rotation);
  if (quarterTurns === null) return refuse('rotated', GEOMETRY_MESSAGES.rotation);
  const turned = rotatedSize(image, quarterTurns);
  const sx = node.width / turned.width;
  const sy = node.height / turned.height;
  const s = fit === 'cover' ? Math.max(sx, sy) : Math.min(sx, sy);
  const width = turned.width * s;
  const height = turned.height * s;
  return {
    ok: true,
    quarterTurns,
    rect: { x: (node.width - width) / 2, y: (node.height - height) / 2, width, height },
  };
}

// CROP: imageTransform maps node-normalised (x/W, y/H) to image-normalised (u, v), so the image's placement is its
// inverse (§1.3). Paint `rotation` is "automatic" for CROP: any turn is folded into the matrix, so it is ignored.
function cropRect(node: Size, paint: PaintSnapshot, image: Size): PaintRectResult {
  const m = paint.imageTransform ?? IDENTITY;
  if (!isFiniteMatrix(m)) return refuse('skewed', GEOMETRY_MESSAGES.degenerate);
  const placement = invert(m);
  if (placement === null) return refuse('skewed', GEOMETRY_MESSAGES.degenerate);
  if (isFlipped(m)) return refuse('flipped', GEOMETRY_MESSAGES.flipped);
  let quarterTurns: QuarterTurns;
  if (isAxisAligned(m)) {
    // Positive determinant with both diagonal entries negative is a half turn, not a mirror.
    quarterTurns = m[0][0] > 0 ? 0 : 2;
  } else if (isQuarterTurn(m)) {
    // u grows with the node's y and v shrinks with its x: the stored image is turned a quarter clockwise.
    quarterTurns = m[0][1] > 0 ? 1 : 3;
  } else {
    return refuse('skewed', GEOMETRY_MESSAGES.skewed);
  }
  const corners = [
    { x: 0, y: 0 },
    { x: 1, y: 0 },
    { x: 0, y: 1 },
    { x: 1, y: 1 },
  ].map((uv) => {
    const p = applyToPoint(placement, uv);
    return { x: p.x * node.width, y: p.y * node.height };
  });
  const xs = corners.map((c) => c.x);
  const ys = corners.map((c) => c.y);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  const rect = { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
  if (!(rect.width > 0) || !(rect.height > 0)) return refuse('skewed', GEOMETRY_MESSAGES.degenerate);
  const turned = rotatedSize(image, quarterTurns);
  if (stretchInPixels(rect, turned) > STRETCH_TOLERANCE_PX) return refuse('stretched', GEOMETRY_MESSAGES.stretched);
  return { ok: true, quarterTurns, rect };
}

/**
 * How far, in source pixels, the rect's aspect departs from the image's: with kx = iw/w and ky = ih/h, measuring
 * one axis at the other axis's density is off by max(w, h)·|kx − ky| pixels.
 */
export function stretchInPixels(rect: Size, image: Size): number {
  const kx = image.width / rect.width;
  const ky = image.height / rect.height;
  return Math.max(rect.width, rect.height) * Math.abs(kx - ky);
}

function refuse(code: AppError['code'], message: string): PaintRectResult {
  return { ok: false, error: appError(code, message) };
}
