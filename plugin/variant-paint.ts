// The image paint for a variant or an extended frame: the same image hash placed with CROP at a rectangle. No pixel
// work happens in the sandbox (docs/figma-plugin-api.md, Performance and review); the UI's normal job outpaints the frame afterwards.
import type { QuarterTurns, Rect, Size } from '../common/geometry/plan';
import { cropTransformFor } from '../common/variants/crop-transform';

/** `source` is the original image paint: its filters, opacity and blend mode carry over so the look is kept. */
export function placedImagePaint(
  source: Paint | undefined,
  imageHash: string,
  node: Size,
  rect: Rect,
  quarterTurns: QuarterTurns,
): ImagePaint {
  const paint: ImagePaint = {
    type: 'IMAGE',
    scaleMode: 'CROP',
    imageHash,
    imageTransform: cropTransformFor(node, rect, quarterTurns),
    visible: true,
    opacity: source?.opacity ?? 1,
    blendMode: source?.blendMode ?? 'NORMAL',
  };
  if (source?.type === 'IMAGE' && source.filters) return { ...paint, filters: { ...source.filters } };
  return paint;
}

export function paintAt(node: { fills?: ReadonlyArray<Paint> | symbol }, index: number): Paint | undefined {
  const fills = node.fills;
  return fills === undefined || typeof fills === 'symbol' ? undefined : fills[index];
}
