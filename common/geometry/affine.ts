// 2×3 affine matrices in Figma's layout: [[m00, m01, m02], [m10, m11, m12]], x axis = (m00, m10),
// y axis = (m01, m11), translation = (m02, m12) (docs/figma-plugin-api.md, Crop transforms, REST `Transform`).
// A point maps as x' = m00·x + m01·y + m02, y' = m10·x + m11·y + m12.
import type { Matrix } from '../selection/snapshot';

export interface Point {
  x: number;
  y: number;
}

export const IDENTITY: Matrix = [
  [1, 0, 0],
  [0, 1, 0],
];

/** Tolerance for "this entry is zero" on unit-axis transforms (Figma node transforms have unit axes, §6). */
export const AXIS_EPSILON = 1e-6;

/** `a · b`: apply `b` first, then `a`. */
export function multiply(a: Matrix, b: Matrix): Matrix {
  const [[a00, a01, a02], [a10, a11, a12]] = a;
  const [[b00, b01, b02], [b10, b11, b12]] = b;
  return [
    [a00 * b00 + a01 * b10, a00 * b01 + a01 * b11, a00 * b02 + a01 * b12 + a02],
    [a10 * b00 + a11 * b10, a10 * b01 + a11 * b11, a10 * b02 + a11 * b12 + a12],
  ];
}

export function determinant(m: Matrix): number {
  return m[0][0] * m[1][1] - m[0][1] * m[1][0];
}

/** The inverse map, or null when the matrix is singular (or not finite). */
export function invert(m: Matrix): Matrix | null {
  const det = determinant(m);
  if (!Number.isFinite(det) || Math.abs(det) < 1e-12) return null;
  const [[m00, m01, m02], [m10, m11, m12]] = m;
  const i00 = m11 / det;
  const i01 = -m01 / det;
  const i10 = -m10 / det;
  const i11 = m00 / det;
  return [
    [i00, i01, -(i00 * m02 + i01 * m12)],
    [i10, i11, -(i10 * m02 + i11 * m12)],
  ];
}

export function applyToPoint(m: Matrix, p: Point): Point {
  return { x: m[0][0] * p.x + m[0][1] * p.y + m[0][2], y: m[1][0] * p.x + m[1][1] * p.y + m[1][2] };
}

/** No rotation or skew: both axes stay parallel to x and y (either sign). */
export function isAxisAligned(m: Matrix, epsilon = AXIS_EPSILON): boolean {
  return Math.abs(m[0][1]) <= epsilon && Math.abs(m[1][0]) <= epsilon;
}

/** A pure quarter turn (90° or 270°, any scale): the axes are swapped, the diagonal is zero. */
export function isQuarterTurn(m: Matrix, epsilon = AXIS_EPSILON): boolean {
  return Math.abs(m[0][0]) <= epsilon && Math.abs(m[1][1]) <= epsilon;
}

/** Mirrored: the map reverses orientation (negative determinant). */
export function isFlipped(m: Matrix): boolean {
  return determinant(m) < 0;
}

export function isFiniteMatrix(m: Matrix): boolean {
  return m.every((row) => row.every((v) => Number.isFinite(v)));
}
