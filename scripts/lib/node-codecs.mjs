// PNG and JPEG for Node tools: @jsquash/png (wasm, exact RGBA) and jpeg-js 0.4.4.
// @jsquash/png cannot fetch its own .wasm in Node, so it is compiled from the package file and
// handed to init (docs/toolchain.md, gotcha 5).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import decodePng, { init as initPngDecode } from '@jsquash/png/decode.js';
import encodePng, { init as initPngEncode } from '@jsquash/png/encode.js';
import jpeg from 'jpeg-js';

const require = createRequire(import.meta.url);
let pngReady = null;

function initPngAsync() {
  if (pngReady === null) {
    pngReady = (async () => {
      const pkgDir = dirname(require.resolve('@jsquash/png/package.json'));
      const bytes = await readFile(join(pkgDir, 'codec/pkg/squoosh_png_bg.wasm'));
      const module = await WebAssembly.compile(bytes);
      await initPngDecode(module);
      await initPngEncode(module);
    })();
  }
  return pngReady;
}

function isPng(bytes) {
  return bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
}

function isJpeg(bytes) {
  return bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

/** Decodes PNG or JPEG bytes to {data: Uint8ClampedArray RGBA, width, height}. */
export async function decodeImageAsync(bytes) {
  if (isPng(bytes)) {
    await initPngAsync();
    const copy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const image = await decodePng(copy);
    return {
      data: new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.byteLength),
      width: image.width,
      height: image.height,
    };
  }
  if (isJpeg(bytes)) {
    const image = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 1024 });
    return {
      data: new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.byteLength),
      width: image.width,
      height: image.height,
    };
  }
  throw new Error('Unsupported image: use a PNG or JPEG file.');
}

export async function readImageAsync(path) {
  return decodeImageAsync(new Uint8Array(await readFile(path)));
}

/** Encodes RGBA pixels as an 8-bit RGBA PNG; returns the file bytes. */
export async function encodePngAsync(image) {
  await initPngAsync();
  const data = new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  return new Uint8Array(await encodePng({ data, width: image.width, height: image.height, colorSpace: 'srgb' }));
}
