// The frame's image is decoded once per job, not in every stage: prepare (or the offline engine) and finish
// both need its pixels, and a 4 MP decode is the costliest step they share. The pipeline names each source
// Uint8Array with a number (its bytes travel to the worker as copies, so identity is lost there).
import type { ImageCodec, Rgba } from './codec';

/** Holds the last decoded source: one image, so a 4 MP source costs 16 MB while it is the current one. */
export interface SourceDecodeCache {
  entry: { sourceId: number; pixels: Rgba } | null;
}

export function createSourceDecodeCache(): SourceDecodeCache {
  return { entry: null };
}

/**
 * `codec`, except that decoding `source` reuses the pixels decoded for the same `sourceId`. Each caller gets its
 * own copy, so no stage can change what the next one reads.
 */
export function withSourceCache(
  codec: ImageCodec,
  cache: SourceDecodeCache,
  source: Uint8Array,
  sourceId: number,
): ImageCodec {
  return {
    exact: codec.exact,
    encodePngAsync: (img) => codec.encodePngAsync(img),
    encodeJpegAsync: (img, quality) => codec.encodeJpegAsync(img, quality),
    async decodeAsync(bytes) {
      if (bytes !== source) return codec.decodeAsync(bytes);
      let entry = cache.entry;
      if (entry?.sourceId !== sourceId) {
        entry = { sourceId, pixels: await codec.decodeAsync(bytes) };
        cache.entry = entry;
      }
      const { pixels } = entry;
      return { width: pixels.width, height: pixels.height, data: new Uint8ClampedArray(pixels.data) };
    },
  };
}
