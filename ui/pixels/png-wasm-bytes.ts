// The PNG codec's wasm (@jsquash/png 3.1.1), inlined by esbuild's binary loader. It is imported here and only
// here, by the page's bundle: the pixel worker gets these bytes in its start message (worker-protocol.ts), so
// ui.html carries the wasm once instead of once for the page and once more inside the worker's source.
import * as pngWasmFile from '@jsquash/png/codec/pkg/squoosh_png_bg.wasm';

// TypeScript reads the package's .wasm.d.ts (the wasm's exports), but esbuild's binary loader makes the
// module's default export the file's bytes: this states what the bundle really holds.
export const pngWasmBytes = (pngWasmFile as unknown as { default: Uint8Array<ArrayBuffer> }).default;
