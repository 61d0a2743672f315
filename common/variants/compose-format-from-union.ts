// One format of a variant set, cut from the set's one generated canvas (plan-union-canvas.ts): the format's frame
// is cropped from the union, brought to the format's written size, and the original is pasted back over it pixel
// for pixel (common/pixels/compose-original.ts), so every format holds the exact original whatever the model did
// to its own copy. The crop is rounded to whole canvas pixels before resizing: at the union's native density
// (scale 1) the frames' edges are whole pixels already, and below it the half-pixel is far under the seam feather.
import { composeOriginal } from '../pixels/compose-original';
import { cropRgba } from '../pixels/crop-rgba';
import { resizeRgba } from '../pixels/resize-rgba';
import type { Rgba } from '../pixels/rgba';
import type { UnionCrop } from './plan-union-canvas';

export interface FormatFromUnionInput {
  /** The generated union canvas, at the plan's canvas size. */
  union: Rgba;
  crop: UnionCrop;
  /** The whole source image as the designer sees it (turned), at its native pixels. */
  original: Rgba;
  /** Seam feather in pixels (Settings); 0 = hard edge. */
  feather: number;
}

export function composeFormatFromUnion(input: FormatFromUnionInput): Rgba {
  const { union, crop, original } = input;
  const x0 = Math.min(union.width - 1, Math.max(0, Math.round(crop.rect.x)));
  const y0 = Math.min(union.height - 1, Math.max(0, Math.round(crop.rect.y)));
  const x1 = Math.min(union.width, Math.max(x0 + 1, Math.round(crop.rect.x + crop.rect.width)));
  const y1 = Math.min(union.height, Math.max(y0 + 1, Math.round(crop.rect.y + crop.rect.height)));
  const cut = cropRgba(union, { x: x0, y: y0, width: x1 - x0, height: y1 - y0 });
  const { output } = crop;
  const generated = resizeRgba(cut, output.width, output.height);
  // A format too big for Figma's 4096 px side is written smaller and the original follows it, as plan-canvas.ts
  // does for a single frame; otherwise the original lands at its own pixels.
  const placed =
    output.scale === 1
      ? original
      : resizeRgba(
          original,
          Math.max(1, Math.round(original.width * output.scale)),
          Math.max(1, Math.round(original.height * output.scale)),
        );
  return composeOriginal({ generated, original: placed, x: output.offsetX, y: output.offsetY, feather: input.feather });
}
