// The PNG codec's wasm (@jsquash/png 3.1.1), inlined gzip-compressed by scripts/build.mjs (`?gzip`: about 79 KB
// instead of 181 KB, before base64). It is imported here and only here, by the page's bundle: the pixel worker
// gets these bytes in its start message (worker-protocol.ts), so ui.html carries the wasm once instead of once
// for the page and once more inside the worker's source. wasm-png-codec.ts inflates them.
import pngWasmGzipFile from '@jsquash/png/codec/pkg/squoosh_png_bg.wasm?gzip';

export const pngWasmGzip: Uint8Array<ArrayBuffer> = pngWasmGzipFile;
