// Decode and encode through the browser's own codecs (createImageBitmap + OffscreenCanvas). Exact for opaque
// pixels only: the 2D canvas stores premultiplied alpha, so transparent pixels lose colour and partial alpha is
// rounded (docs/toolchain.md, gotcha 1). Used for JPEG/GIF/WebP (opaque or 1-bit alpha) and as the PNG fallback.
import type { Rgba } from './codec';

export async function decodeWithCanvasAsync(bytes: Uint8Array, mime: string): Promise<Rgba> {
  const blob = new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mime });
  // Orientation 'from-image' shows a JPEG upright, as browsers do. Colour is converted to sRGB as the browser
  // displays it (rocket.jpg carries an ICC profile): the written image is an untagged PNG that Figma shows
  // as sRGB, so the original region keeps the look it had. PNGs take the exact wasm path (stored values).
  const bitmap = await createImageBitmap(blob, {
    imageOrientation: 'from-image',
    premultiplyAlpha: 'none',
    colorSpaceConversion: 'default',
  });
  try {
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new Error('No 2D context');
    context.drawImage(bitmap, 0, 0);
    const image = context.getImageData(0, 0, bitmap.width, bitmap.height);
    return { data: image.data, width: image.width, height: image.height };
  } finally {
    bitmap.close();
  }
}

export async function encodeWithCanvasAsync(
  img: Rgba,
  type: 'image/png' | 'image/jpeg',
  quality?: number,
): Promise<Uint8Array> {
  const canvas = new OffscreenCanvas(img.width, img.height);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('No 2D context');
  context.putImageData(new ImageData(img.data as Uint8ClampedArray<ArrayBuffer>, img.width, img.height), 0, 0);
  const blob = await canvas.convertToBlob(quality === undefined ? { type } : { type, quality });
  return new Uint8Array(await blob.arrayBuffer());
}
