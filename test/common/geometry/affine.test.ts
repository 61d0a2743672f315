import { describe, expect, it } from 'vitest';
import {
  applyToPoint,
  determinant,
  invert,
  isAxisAligned,
  isFlipped,
  isQuarterTurn,
  multiply,
} from '../../../common/geometry/affine';
import type { Matrix } from '../../../common/selection/snapshot';

const translate = (x: number, y: number): Matrix => [
  [1, 0, x],
  [0, 1, y],
];
const rotate = (degrees: number): Matrix => {
  const r = (degrees * Math.PI) / 180;
  return [
    [Math.cos(r), -Math.sin(r), 0],
    [Math.sin(r), Math.cos(r), 0],
  ];
};

describe('affine', () => {
  it('applies the right-hand matrix first when multiplying', () => {
    // Scale by 2 then move by (10, 0): the point (1, 1) goes to (2, 2) then (12, 2).
    const scaleThenMove = multiply(translate(10, 0), [
      [2, 0, 0],
      [0, 2, 0],
    ]);
    expect(applyToPoint(scaleThenMove, { x: 1, y: 1 })).toEqual({ x: 12, y: 2 });
  });

  it('inverts a rotated, translated frame so a point returns home', () => {
    const frame = multiply(translate(300, -40), rotate(30));
    const inverse = invert(frame);
    expect(inverse).not.toBeNull();
    const back = applyToPoint(inverse!, applyToPoint(frame, { x: 17, y: 5 }));
    expect(back.x).toBeCloseTo(17, 9);
    expect(back.y).toBeCloseTo(5, 9);
  });

  it('refuses to invert a matrix that collapses the plane', () => {
    expect(
      invert([
        [1, 2, 0],
        [2, 4, 0],
      ]),
    ).toBeNull();
  });

  it('tells axis-aligned, quarter-turned and flipped matrices apart', () => {
    expect(isAxisAligned(translate(5, 5))).toBe(true);
    expect(isAxisAligned(rotate(10))).toBe(false);
    expect(isQuarterTurn(rotate(90))).toBe(true);
    expect(isQuarterTurn(rotate(45))).toBe(false);
    expect(
      isFlipped([
        [-1, 0, 0],
        [0, 1, 0],
      ]),
    ).toBe(true);
    // A half turn has a positive determinant: it is not a mirror.
    expect(isFlipped(rotate(180))).toBe(false);
    expect(determinant(rotate(180))).toBeCloseTo(1, 12);
  });
});
