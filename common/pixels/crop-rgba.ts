import type { Rect } from '../geometry/plan';
import { createRgba, type Rgba } from './rgba';

/** Copies `rect` out of `img`; the rectangle must lie inside the image (a plan never asks for pixels it lacks). */
export function cropRgba(img: Rgba, rect: Rect): Rgba {
  const { x, y, width, height } = rect;
  if (x < 0 || y < 0 || x + width > img.width || y + height > img.height || !isWhole(rect)) {
    throw new RangeError(`Crop ${width}×${height} at ${x},${y} is outside the ${img.width}×${img.height} image`);
  }
  if (x === 0 && y === 0 && width === img.width && height === img.height) return img;
  const out = createRgba(width, height);
  const rowBytes = width * 4;
  for (let row = 0; row < height; row++) {
    const from = ((y + row) * img.width + x) * 4;
    out.data.set(img.data.subarray(from, from + rowBytes), row * rowBytes);
  }
  return out;
}

function isWhole(rect: Rect): boolean {
  return [rect.x, rect.y, rect.width, rect.height].every(Number.isInteger) && rect.width > 0 && rect.height > 0;
}
