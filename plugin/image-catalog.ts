// What the sandbox knows about stored images, looked up once per hash: Figma may have to download
// an image first, so getSizeAsync/getBytesAsync are awaited once and cached (docs/figma-plugin-api.md, Performance and review).
// Only the size, format and byte count are kept; the bytes themselves go to the UI and are dropped.
import { appError, type AppError } from '../common/protocol/errors';
import type { ImageInfo } from '../common/selection/snapshot';
import type { SandboxFigma } from './sandbox-figma';
import { sniffImageFormat } from './sniff-image-format';

export interface LoadedImage {
  info: ImageInfo;
  byteLength: number;
  /** Present only on the lookup that fetched them; later lookups hit the cache and carry none. */
  bytes: Uint8Array | null;
}

export type ImageLookup = { ok: true; image: LoadedImage } | { ok: false; hash: string; error: AppError };

export const IMAGE_MISSING_MESSAGE = 'This image is no longer in the file. Re-add the image, then select it again.';
export const EMPTY_IMAGE_MESSAGE = 'This image file is empty. Replace it with a PNG or JPEG, then select it again.';
export const BYTES_UNAVAILABLE_MESSAGE = 'Figma could not load this image. Check your connection, then reselect it.';

export interface ImageCatalog {
  lookupAsync(hash: string): Promise<ImageLookup>;
  bytesAsync(hash: string): Promise<ImageLookup>;
}

export function createImageCatalog(figma: Pick<SandboxFigma, 'getImageByHash'>): ImageCatalog {
  const known = new Map<string, Promise<ImageLookup>>();

  async function fetchAsync(hash: string): Promise<ImageLookup> {
    const image = figma.getImageByHash(hash);
    if (!image) return { ok: false, hash, error: appError('image-missing', IMAGE_MISSING_MESSAGE) };
    try {
      const [size, bytes] = await Promise.all([image.getSizeAsync(), image.getBytesAsync()]);
      // An empty file cannot be sent (the UI's parser refuses empty bytes) and a job would wait for it forever.
      if (bytes.length === 0) return { ok: false, hash, error: appError('unsupported-format', EMPTY_IMAGE_MESSAGE) };
      const info: ImageInfo = { hash, width: size.width, height: size.height, format: sniffImageFormat(bytes) };
      return { ok: true, image: { info, byteLength: bytes.length, bytes } };
    } catch {
      return { ok: false, hash, error: appError('bytes-unavailable', BYTES_UNAVAILABLE_MESSAGE) };
    }
  }

  return {
    lookupAsync(hash) {
      const cached = known.get(hash);
      if (cached) return cached.then(withoutBytes);
      const fetched = fetchAsync(hash);
      known.set(hash, fetched.then(withoutBytes));
      // A failure is not remembered: the next selection change tries again (the download may recover).
      void fetched.then((lookup) => {
        if (!lookup.ok) known.delete(hash);
      });
      return fetched;
    },
    async bytesAsync(hash) {
      const fetched = await fetchAsync(hash);
      if (fetched.ok && !known.has(hash)) known.set(hash, Promise.resolve(withoutBytes(fetched)));
      return fetched;
    },
  };
}

function withoutBytes(lookup: ImageLookup): ImageLookup {
  return lookup.ok ? { ok: true, image: { ...lookup.image, bytes: null } } : lookup;
}
