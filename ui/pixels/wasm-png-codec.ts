// Exact PNG decode/encode with @jsquash/png 3.1.1 (Squoosh's Rust png crate compiled to wasm). Its wasm is
// inlined by esbuild's binary loader and handed to the module's init, because the package would otherwise
// fetch it from a URL next to the script, which a self-contained ui.html does not have (docs/toolchain.md, gotcha 5).
import initPngWasm, { decode, encode } from '@jsquash/png/codec/pkg/squoosh_png.js';
import * as pngWasmFile from '@jsquash/png/codec/pkg/squoosh_png_bg.wasm';
import type { Rgba } from './codec';

// TypeScript reads the package's .wasm.d.ts (the wasm's exports), but esbuild's binary loader makes the
// module's default export the file's bytes: this states what the bundle really holds.
const pngWasmBytes = (pngWasmFile as unknown as { default: Uint8Array }).default;

export interface PngCodec {
  decode(bytes: Uint8Array): Rgba;
  encode(img: Rgba): Uint8Array;
}

let ready: Promise<PngCodec> | null = null;

/** Instantiates the wasm once; rejects when the page's CSP forbids WebAssembly compilation. */
export function loadWasmPngAsync(): Promise<PngCodec> {
  ready ??= initPngWasm(pngWasmBytes).then(() => ({
    decode(bytes: Uint8Array): Rgba {
      const image = decode(bytes);
      return { data: image.data, width: image.width, height: image.height };
    },
    encode(img: Rgba): Uint8Array {
      const view = new Uint8Array(img.data.buffer, img.data.byteOffset, img.data.byteLength);
      return encode(view, img.width, img.height, 8);
    },
  }));
  ready.catch(() => {
    ready = null;
  });
  return ready;
}
