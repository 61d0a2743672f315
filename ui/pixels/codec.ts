// One interface for every image codec the pipeline uses, so jobs run the same on the wasm codec, the canvas
// fallback, or a test's fake. All pixels are straight 8-bit RGBA (common/pixels/rgba.ts).
import type { Rgba } from '../../common/pixels/rgba';

export type { Rgba };

export interface ImageCodec {
  /** Decodes PNG, JPEG, GIF (first frame) or WebP; rejects with a PixelError 'decode-failed'. */
  decodeAsync(bytes: Uint8Array): Promise<Rgba>;
  /** Lossless for every pixel, alpha included, when `exact` is true. */
  encodePngAsync(img: Rgba): Promise<Uint8Array>;
  /** `quality` 0–1. JPEG has no alpha: callers flatten first. */
  encodeJpegAsync(img: Rgba, quality: number): Promise<Uint8Array>;
  /** True when PNG decode and encode keep every RGBA value (false for the canvas fallback: docs/toolchain.md, gotcha 1). */
  readonly exact: boolean;
}
