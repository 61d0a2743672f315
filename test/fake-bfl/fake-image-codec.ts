// Image decode/encode for the fake BFL server, in Node. @jsquash/png cannot fetch its wasm in Node,
// so the .wasm is compiled from the package and handed to init (toolchain.md gotcha 5).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import decodePng, { init as initPngDecode } from '@jsquash/png/decode.js';
import encodePng, { init as initPngEncode } from '@jsquash/png/encode.js';
import jpeg from 'jpeg-js';

export interface RgbaImage {
  width: number;
  height: number;
  /** RGBA, 4 bytes a pixel, row-major. */
  data: Uint8Array;
}

export type FakeOutputFormat = 'png' | 'jpeg' | 'webp';

let pngReady: Promise<void> | null = null;

function ensurePngAsync(): Promise<void> {
  pngReady ??= (async () => {
    const require = createRequire(import.meta.url);
    const pkgDir = path.dirname(require.resolve('@jsquash/png/package.json'));
    const wasm = await WebAssembly.compile(await readFile(path.join(pkgDir, 'codec/pkg/squoosh_png_bg.wasm')));
    await initPngDecode(wasm);
    await initPngEncode(wasm);
  })();
  return pngReady;
}

export function sniffFormat(bytes: Uint8Array): 'png' | 'jpeg' | null {
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return null;
}

/** Decodes PNG or JPEG to RGBA; null when the bytes are not a complete image of either kind. */
export async function decodeImageAsync(bytes: Uint8Array): Promise<RgbaImage | null> {
  const format = sniffFormat(bytes);
  try {
    if (format === 'png') {
      await ensurePngAsync();
      const copy = bytes.slice().buffer;
      const image = await decodePng(copy);
      return { width: image.width, height: image.height, data: new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength) };
    }
    if (format === 'jpeg') {
      const image = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, tolerantDecoding: false, maxMemoryUsageInMB: 256 });
      return { width: image.width, height: image.height, data: image.data };
    }
  } catch {
    return null;
  }
  return null;
}

/**
 * The fake has no WebP encoder: 'webp' requests get PNG bytes (served as image/webp). The plugin
 * only asks for png or jpeg, which Figma can insert (bfl-api.md §7).
 */
export async function encodeImageAsync(image: RgbaImage, format: FakeOutputFormat): Promise<Uint8Array> {
  if (format === 'jpeg') {
    const encoded = jpeg.encode({ data: image.data, width: image.width, height: image.height }, 90);
    return new Uint8Array(encoded.data);
  }
  await ensurePngAsync();
  const data = new Uint8ClampedArray(image.data);
  const buffer = await encodePng({ data, width: image.width, height: image.height, colorSpace: 'srgb' });
  return new Uint8Array(buffer);
}

/** The deterministic, opaque "generated" pixel at (x, y): tests recompute it to check the fill. */
export function fillPixel(x: number, y: number): [number, number, number, number] {
  return [(x * 7 + y * 3) & 255, (x * 3 + y * 11) & 255, (x * 13 + y * 5 + 101) & 255, 255];
}

/** The reference pasted 1:1 at (ox, oy) on a W×H fill; parts outside the canvas are dropped (auto_crop). */
export function renderOutpaint(reference: RgbaImage, width: number, height: number, ox: number, oy: number): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b, a] = fillPixel(x, y);
      const i = (y * width + x) * 4;
      data[i] = r;
      data[i + 1] = g;
      data[i + 2] = b;
      data[i + 3] = a;
    }
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
