// The promise Outpaint makes: the original's pixels come back exactly, at the place the designer put them.
// Compares every pixel (RGBA) of the original with the written image at a given offset; pixels the frame
// hides (outside the written image) are skipped and counted apart, so a test can say how many it expected.
import type { Rgba } from '../../../common/pixels/rgba';

export interface OriginalCheck {
  /** Original pixels that fall inside the written image and were compared. */
  compared: number;
  mismatches: number;
  /** The first differing pixel, for the failure message. */
  firstMismatch: string | null;
}

export function compareOriginalAt(written: Rgba, original: Rgba, at: { x: number; y: number }): OriginalCheck {
  let compared = 0;
  let mismatches = 0;
  let firstMismatch: string | null = null;
  for (let sy = 0; sy < original.height; sy += 1) {
    const wy = at.y + sy;
    if (wy < 0 || wy >= written.height) continue;
    for (let sx = 0; sx < original.width; sx += 1) {
      const wx = at.x + sx;
      if (wx < 0 || wx >= written.width) continue;
      compared += 1;
      const s = (sy * original.width + sx) * 4;
      const w = (wy * written.width + wx) * 4;
      for (let c = 0; c < 4; c += 1) {
        if (original.data[s + c] !== written.data[w + c]) {
          mismatches += 1;
          if (firstMismatch === null) {
            const px = (data: Uint8ClampedArray | Uint8Array, i: number): string =>
              `${[0, 1, 2, 3].map((k) => data[i + k]).join(',')}`;
            firstMismatch = `original (${sx}, ${sy}) = ${px(original.data, s)} but written (${wx}, ${wy}) = ${px(written.data, w)}`;
          }
          break;
        }
      }
    }
  }
  return { compared, mismatches, firstMismatch };
}

/** How many original pixels a frame of `frame` size shows when the original's top-left is at `at` (1:1). */
export function visibleArea(
  original: { width: number; height: number },
  frame: { width: number; height: number },
  at: { x: number; y: number },
): number {
  const w = Math.min(frame.width, at.x + original.width) - Math.max(0, at.x);
  const h = Math.min(frame.height, at.y + original.height) - Math.max(0, at.y);
  return Math.max(0, w) * Math.max(0, h);
}
