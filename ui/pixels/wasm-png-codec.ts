// Exact PNG decode/encode with @jsquash/png 3.1.1 (Squoosh's Rust png crate compiled to wasm). The caller hands
// in the wasm, gzip-compressed, and it goes to the module's init, because the package would otherwise fetch it
// from a URL next to the script, which a self-contained ui.html does not have (docs/toolchain.md, gotcha 5). The
// bytes come from png-wasm-bytes.ts on the page and from the start message in the worker, so they ship once.
import initPngWasm, { decode, encode } from '@jsquash/png/codec/pkg/squoosh_png.js';
import type { Rgba } from './codec';
import { gunzipAsync } from './gunzip';

export interface PngCodec {
  decode(bytes: Uint8Array): Rgba;
  encode(img: Rgba): Uint8Array;
}

let ready: Promise<PngCodec> | null = null;

/**
 * Inflates and instantiates the wasm once per page or worker (the glue keeps one instance per realm, so later
 * calls reuse the first); rejects when the realm's CSP forbids WebAssembly compilation, or it lacks
 * DecompressionStream (Baseline 2023: https://developer.mozilla.org/en-US/docs/Web/API/DecompressionStream).
 */
export function loadWasmPngAsync(wasmGzip: Uint8Array<ArrayBuffer>): Promise<PngCodec> {
  ready ??= instantiateAsync(wasmGzip);
  ready.catch(() => {
    ready = null;
  });
  return ready;
}

async function instantiateAsync(wasmGzip: Uint8Array<ArrayBuffer>): Promise<PngCodec> {
  await initPngWasm(await gunzipAsync(wasmGzip));
  return {
    decode(bytes: Uint8Array): Rgba {
      const image = decode(bytes);
      return { data: image.data, width: image.width, height: image.height };
    },
    encode(img: Rgba): Uint8Array {
      const view = new Uint8Array(img.data.buffer, img.data.byteOffset, img.data.byteLength);
      return encode(view, img.width, img.height, 8);
    },
  };
}
