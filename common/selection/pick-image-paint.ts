// Which image paint of a node is "the image" (docs/figma-plugin-api.md, Where the image sits in a frame step 1): the topmost visible IMAGE paint.
import type { NodeSnapshot, PaintSnapshot } from './snapshot';

export interface PickedPaint {
  paint: PaintSnapshot;
  /** Index in the node's fills, for the write-back. */
  index: number;
  /** How many visible image paints the node has, to tell the designer which one is used. */
  visibleImageCount: number;
}

/** A paint shows when it is visible and not fully transparent. */
export function isVisibleImagePaint(paint: PaintSnapshot): boolean {
  return paint.type === 'IMAGE' && paint.visible && paint.opacity > 0;
}

/** The last visible image paint (the array's last element renders on top, §1.5 [INF]), or null. */
export function pickImagePaint(node: NodeSnapshot): PickedPaint | null {
  const fills = node.fills;
  if (!Array.isArray(fills)) return null;
  let picked: PickedPaint | null = null;
  let count = 0;
  fills.forEach((paint, index) => {
    if (!isVisibleImagePaint(paint)) return;
    count++;
    picked = { paint, index, visibleImageCount: 0 };
  });
  if (picked === null) return null;
  return { ...(picked as PickedPaint), visibleImageCount: count };
}
