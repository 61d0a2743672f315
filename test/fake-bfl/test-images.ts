// Reference images for tests and a pixel-exact check of the fake's output: the reference must sit
// 1:1 at its offset and every other pixel must be the fake's deterministic fill.
import { decodeImageAsync, encodeImageAsync, fillPixel, type RgbaImage } from './fake-image-codec';

/** A W×H RGBA image whose every pixel differs from its neighbours, with partial alpha. */
export function makeReference(width: number, height: number): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      data[i] = (x * 5 + 17) & 255;
      data[i + 1] = (y * 9 + 3) & 255;
      data[i + 2] = (x * y + 29) & 255;
      data[i + 3] = 128 + ((x + y) % 128);
    }
  }
  return { width, height, data };
}

export async function makeReferencePngAsync(
  width: number,
  height: number,
): Promise<{ image: RgbaImage; png: Uint8Array }> {
  const image = makeReference(width, height);
  return { image, png: await encodeImageAsync(image, 'png') };
}

export interface PlacementReport {
  width: number;
  height: number;
  /** Pixels that differ from what a 1:1 paste at (ox, oy) on the fill should give. */
  wrongPixels: number;
}

export async function checkPlacementAsync(
  result: Uint8Array,
  reference: RgbaImage,
  ox: number,
  oy: number,
): Promise<PlacementReport> {
  const out = await decodeImageAsync(result);
  if (!out) throw new Error('the result is not a decodable PNG/JPEG');
  let wrong = 0;
  for (let y = 0; y < out.height; y++) {
    for (let x = 0; x < out.width; x++) {
      const rx = x - ox;
      const ry = y - oy;
      const inside = rx >= 0 && ry >= 0 && rx < reference.width && ry < reference.height;
      const expected = inside
        ? Array.from(reference.data.subarray((ry * reference.width + rx) * 4, (ry * reference.width + rx) * 4 + 4))
        : fillPixel(x, y);
      const i = (y * out.width + x) * 4;
      if (
        out.data[i] !== expected[0] ||
        out.data[i + 1] !== expected[1] ||
        out.data[i + 2] !== expected[2] ||
        out.data[i + 3] !== expected[3]
      )
        wrong++;
    }
  }
  return { width: out.width, height: out.height, wrongPixels: wrong };
}

export const realSleepAsync = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
