import type { OfflineOutpaintInput } from './outpaint-offline';

// Browsers cap canvases near 16384 px a side and 268 MP; beyond this the engine's buffers alone
// would exhaust a Worker's memory, so refuse early with a message instead of crashing.
const MAX_CANVAS_PIXELS = 64_000_000;

/** Throws an Error with a human message (≤ 100 characters, fit for figma.notify) for unusable input. */
export function validateOfflineInput(input: OfflineOutpaintInput): void {
  const { reference, canvasWidth, canvasHeight, offsetX, offsetY } = input;
  if (!isPositiveInteger(canvasWidth) || !isPositiveInteger(canvasHeight)) {
    throw new Error('The frame size must be whole pixels above zero. Resize the frame and try again.');
  }
  if (canvasWidth * canvasHeight > MAX_CANVAS_PIXELS) {
    throw new Error('The frame is too large to extend offline (over 64 MP). Make the frame smaller.');
  }
  if (!isPositiveInteger(reference.width) || !isPositiveInteger(reference.height)) {
    throw new Error('The image has no pixels. Select a frame with a visible image.');
  }
  if (reference.data.length !== reference.width * reference.height * 4) {
    throw new Error('The image data does not match its size. Re-import the image and try again.');
  }
  if (!Number.isInteger(offsetX) || !Number.isInteger(offsetY)) {
    throw new Error('The image position must be whole pixels. Move the image and try again.');
  }
  if (
    offsetX >= canvasWidth ||
    offsetY >= canvasHeight ||
    offsetX + reference.width <= 0 ||
    offsetY + reference.height <= 0
  ) {
    throw new Error('The image lies outside the frame. Move it into the frame and try again.');
  }
}

function isPositiveInteger(n: number): boolean {
  return Number.isInteger(n) && n > 0;
}
