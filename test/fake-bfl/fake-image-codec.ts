// Image decode/encode for the fake BFL server, in Node: PNG through the tests' exact wasm codec
// (test/support/png-node.ts), JPEG through jpeg-js.
import jpeg from 'jpeg-js';
import { sniffImageFormat } from '../../common/pixels/read-image-header';
import { decodePngNode, encodePngNode } from '../support/png-node';

export interface RgbaImage {
  width: number;
  height: number;
  /** RGBA, 4 bytes a pixel, row-major. */
  data: Uint8Array;
}

export type FakeOutputFormat = 'png' | 'jpeg' | 'webp';

/** 'png' or 'jpeg' from the signature; anything else is not an image the fake reads. */
export function sniffFormat(bytes: Uint8Array): 'png' | 'jpeg' | null {
  const format = sniffImageFormat(bytes);
  return format === 'png' || format === 'jpeg' ? format : null;
}

/** Decodes PNG or JPEG to RGBA; null when the bytes are not a complete image of either kind. */
export async function decodeImageAsync(bytes: Uint8Array): Promise<RgbaImage | null> {
  const format = sniffFormat(bytes);
  try {
    if (format === 'png') {
      const image = decodePngNode(bytes);
      return {
        width: image.width,
        height: image.height,
        data: new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength),
      };
    }
    if (format === 'jpeg') {
      const image = jpeg.decode(bytes, {
        useTArray: true,
        formatAsRGBA: true,
        tolerantDecoding: false,
        maxMemoryUsageInMB: 256,
      });
      return { width: image.width, height: image.height, data: image.data };
    }
  } catch {
    return null;
  }
  return null;
}

/**
 * The fake has no WebP encoder: 'webp' requests get PNG bytes (served as image/webp). The plugin
 * only asks for png or jpeg, which Figma can insert (docs/bfl-api.md, Delivery URLs).
 */
export async function encodeImageAsync(image: RgbaImage, format: FakeOutputFormat): Promise<Uint8Array> {
  if (format === 'jpeg') {
    const encoded = jpeg.encode({ data: image.data, width: image.width, height: image.height }, 90);
    return new Uint8Array(encoded.data);
  }
  return encodePngNode({
    data: new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.byteLength),
    width: image.width,
    height: image.height,
  });
}

/** How far the fill's calm ramp runs before it turns back (px). */
const RAMP_PERIOD = 768;
/** The two ends of the ramp: a muted slate blue and a warm sand, far from alarming and clearly not a photo. */
const RAMP_FROM = [122, 146, 170] as const;
const RAMP_TO = [214, 196, 168] as const;

/**
 * The deterministic, opaque "generated" pixel at (x, y): tests recompute it to check the fill. A calm diagonal ramp
 * (so the `--fake-bfl` playground shows a quiet backdrop, not alarming colour noise) with a light luminance grain
 * hashed per pixel, so the fill still has detail at every pixel of the requested canvas, as a model's output does at
 * its own resolution: a request made smaller and enlarged afterwards loses that grain, which `npm run bench`
 * measures (scripts/bench-passes.mjs). Only (x, y) decide it, so a pixel of the fill can be told from the original
 * pixel the fake pasted over it.
 */
export function fillPixel(x: number, y: number): [number, number, number, number] {
  const pixel = new Uint8Array(4);
  writeFillPixel(pixel, 0, x, y);
  return [pixel[0]!, pixel[1]!, pixel[2]!, pixel[3]!];
}

/**
 * fillPixel written straight into `data` at byte `i`, allocating nothing: a delivery renders every pixel of its
 * canvas, and an array per pixel made the fake's garbage collector queue a batch's downloads (`npm run bench`).
 * The ramp plus grain stays within 114–222, so storing it in bytes loses nothing (the tuple above is the same).
 */
export function writeFillPixel(data: Uint8Array, i: number, x: number, y: number): void {
  let h = Math.imul(x + 1, 0x27d4eb2d) ^ Math.imul(y + 1, 0x165667b1);
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
  h ^= h >>> 13;
  const grain = (h & 15) - 8; // −8 … 7: film grain, the same on every channel
  // A triangle wave along the diagonal: 0 → 1 → 0 every 2 × RAMP_PERIOD px, never a hard edge.
  const phase = ((x + (y >> 1)) % (2 * RAMP_PERIOD)) / RAMP_PERIOD;
  const t = phase <= 1 ? phase : 2 - phase;
  data[i] = rampChannel(0, t, grain);
  data[i + 1] = rampChannel(1, t, grain);
  data[i + 2] = rampChannel(2, t, grain);
  data[i + 3] = 255;
}

// A module-level function, not a closure made per pixel: tsx (the fake's CLI and the playground run under it) names
// every function it creates (esbuild keepNames, https://esbuild.github.io/api/#keep-names), and a closure named once
// per pixel made a 310 × 120 delivery take ~25 ms instead of ~2 ms, serialising a batch's downloads on the fake.
function rampChannel(i: 0 | 1 | 2, t: number, grain: number): number {
  return Math.round(RAMP_FROM[i] + (RAMP_TO[i] - RAMP_FROM[i]) * t) + grain;
}

/** The reference pasted 1:1 at (ox, oy) on a W×H fill; parts outside the canvas are dropped (auto_crop). */
export function renderOutpaint(reference: RgbaImage, width: number, height: number, ox: number, oy: number): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0; x < width; x++, i += 4) writeFillPixel(data, i, x, y);
  }
  const x0 = Math.max(0, ox);
  const x1 = Math.min(width, ox + reference.width);
  for (let y = Math.max(0, oy); y < Math.min(height, oy + reference.height); y++) {
    if (x1 <= x0) break;
    const src = ((y - oy) * reference.width + (x0 - ox)) * 4;
    data.set(reference.data.subarray(src, src + (x1 - x0) * 4), (y * width + x0) * 4);
  }
  return { width, height, data };
}
