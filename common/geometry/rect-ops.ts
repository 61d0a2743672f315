// Small operations on axis-aligned rectangles (design units unless a caller says otherwise).
import type { Rect } from './plan';

/** The overlap of two rectangles, or null when they only touch or are apart. */
export function intersectRects(a: Rect, b: Rect): Rect | null {
  const x0 = Math.max(a.x, b.x);
  const y0 = Math.max(a.y, b.y);
  const x1 = Math.min(a.x + a.width, b.x + b.width);
  const y1 = Math.min(a.y + a.height, b.y + b.height);
  if (!(x1 > x0) || !(y1 > y0)) return null;
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

export function rectArea(r: Rect): number {
  return r.width * r.height;
}

export function isFiniteRect(r: Rect): boolean {
  return [r.x, r.y, r.width, r.height].every((v) => Number.isFinite(v));
}
