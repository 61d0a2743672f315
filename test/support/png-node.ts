// Exact PNG decode/encode in Node for tests: @jsquash/png's wasm compiled from the package file, because the
// package cannot fetch its own wasm in Node (docs/toolchain.md, gotcha 5).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { decode, encode, initSync } from '@jsquash/png/codec/pkg/squoosh_png.js';
import type { Rgba } from '../../common/pixels/rgba';

let ready = false;

function init(): void {
  if (ready) return;
  if (!('ImageData' in globalThis)) {
    // The wasm glue builds its result with `new ImageData`, which Node lacks.
    class NodeImageData {
      constructor(
        readonly data: Uint8ClampedArray,
        readonly width: number,
        readonly height: number,
      ) {}
    }
    Object.assign(globalThis, { ImageData: NodeImageData });
  }
  const require = createRequire(import.meta.url);
  initSync(readFileSync(require.resolve('@jsquash/png/codec/pkg/squoosh_png_bg.wasm')));
  ready = true;
}

export function decodePngNode(bytes: Uint8Array): Rgba {
  init();
  const image = decode(bytes);
  return { data: image.data, width: image.width, height: image.height };
}

export function encodePngNode(img: Rgba): Uint8Array {
  init();
  return encode(new Uint8Array(img.data.buffer, img.data.byteOffset, img.data.byteLength), img.width, img.height, 8);
}
