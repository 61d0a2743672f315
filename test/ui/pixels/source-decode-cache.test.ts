import { describe, expect, it } from 'vitest';
import { createRgba, type Rgba } from '../../../common/pixels/rgba';
import type { ImageCodec } from '../../../ui/pixels/codec';
import { createSourceDecodeCache, withSourceCache } from '../../../ui/pixels/source-decode-cache';

/** Decodes every file to a 2×1 image whose first byte is the file's first byte, counting the decodes. */
class CountingCodec implements ImageCodec {
  readonly exact = true;
  decodes = 0;
  decodeAsync(bytes: Uint8Array): Promise<Rgba> {
    this.decodes += 1;
    const img = createRgba(2, 1);
    img.data[0] = bytes[0] ?? 0;
    return Promise.resolve(img);
  }
  encodePngAsync(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array([1]));
  }
  encodeJpegAsync(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array([2]));
  }
}

describe('decoding the frame’s image once per job', () => {
  it('decodes the source once for prepare and finish of the same image, and gives each stage its own pixels', async () => {
    const codec = new CountingCodec();
    const cache = createSourceDecodeCache();
    const source = new Uint8Array([7, 1, 2]);
    // The worker receives a fresh copy of the bytes in every job message; the id says they are the same image.
    const prepared = await withSourceCache(codec, cache, source, 1).decodeAsync(source);
    const copy = source.slice();
    const finished = await withSourceCache(codec, cache, copy, 1).decodeAsync(copy);
    expect(codec.decodes).toBe(1);
    expect(finished.data[0]).toBe(7);
    prepared.data[0] = 99;
    expect(finished.data[0]).toBe(7);
  });

  it('decodes again for another image, and never caches the generated result', async () => {
    const codec = new CountingCodec();
    const cache = createSourceDecodeCache();
    const first = new Uint8Array([1]);
    const second = new Uint8Array([2]);
    const result = new Uint8Array([3]);
    await withSourceCache(codec, cache, first, 1).decodeAsync(first);
    const other = await withSourceCache(codec, cache, second, 2).decodeAsync(second);
    const stage = withSourceCache(codec, cache, second, 2);
    await stage.decodeAsync(result);
    await stage.decodeAsync(result);
    expect(other.data[0]).toBe(2);
    expect(codec.decodes).toBe(4);
  });
});
