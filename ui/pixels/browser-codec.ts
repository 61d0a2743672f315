// The ImageCodec the pipeline uses in a browser (worker or page): wasm PNG when it instantiates, the canvas
// otherwise. Figma's iframe CSP is not documented (docs/figma-plugin-api.md, Images: reading and creating / Still to verify in Figma), so wasm may be refused; the
// fallback then keeps opaque images exact and is documented as lossy for transparency (README.md).
import { sniffImageFormat } from '../../common/pixels/read-image-header';
import { decodeWithCanvasAsync, encodeWithCanvasAsync } from './canvas-image-io';
import type { ImageCodec } from './codec';
import { DAMAGED_IMAGE_TEXT, PixelError } from './pixel-error';
import { loadWasmPngAsync, type PngCodec } from './wasm-png-codec';

export interface BrowserCodecOptions {
  /** The PNG codec's wasm, gzip-compressed (png-wasm-bytes.ts, or the worker's start message); null skips wasm. */
  pngWasmGzip: Uint8Array<ArrayBuffer> | null;
}

const MIME = { png: 'image/png', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp' } as const;

export async function createBrowserCodecAsync(options: BrowserCodecOptions): Promise<ImageCodec> {
  let png: PngCodec | null = null;
  if (options.pngWasmGzip !== null) {
    try {
      png = await loadWasmPngAsync(options.pngWasmGzip);
    } catch {
      png = null;
    }
  }
  return {
    exact: png !== null,
    async decodeAsync(bytes) {
      const format = sniffImageFormat(bytes);
      if (format === null)
        throw new PixelError('unsupported-format', 'This file is not PNG, JPEG or GIF. Replace it and retry');
      try {
        if (format === 'png' && png) return png.decode(bytes);
        return await decodeWithCanvasAsync(bytes, MIME[format]);
      } catch {
        throw new PixelError('decode-failed', DAMAGED_IMAGE_TEXT);
      }
    },
    async encodePngAsync(img) {
      return png ? png.encode(img) : encodeWithCanvasAsync(img, 'image/png');
    },
    encodeJpegAsync(img, quality) {
      return encodeWithCanvasAsync(img, 'image/jpeg', quality);
    },
  };
}
