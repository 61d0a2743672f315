import type { QuarterTurns } from '../geometry/plan';
import { createRgba, type Rgba } from './rgba';

/**
 * Rotates clockwise by `turns` × 90°, the direction of ImagePaint.rotation (docs/figma-plugin-api.md, Image paints), so the
 * pixels match what Figma shows before the plan's crop (which is in rotated pixels) applies.
 */
export function rotateQuarterTurns(img: Rgba, turns: QuarterTurns): Rgba {
  if (turns === 0) return img;
  const { width: w, height: h } = img;
  const out = turns === 2 ? createRgba(w, h) : createRgba(h, w);
  const src = new Uint32Array(img.data.buffer, img.data.byteOffset, w * h);
  const dst = new Uint32Array(out.data.buffer, out.data.byteOffset, w * h);
  const ow = out.width;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const p = src[y * w + x]!;
      if (turns === 1) dst[x * ow + (h - 1 - y)] = p;
      else if (turns === 2) dst[(h - 1 - y) * ow + (w - 1 - x)] = p;
      else dst[(w - 1 - x) * ow + y] = p;
    }
  }
  return out;
}
