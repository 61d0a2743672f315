// What the sandbox knows about stored images. Planning a selection needs only each image's size
// (getSizeAsync), so a selection change never reads image bytes: a frame with 200 image layers is answered from
// 200 size lookups, and Figma is not made to load 200 files (docs/figma-plugin-api.md, Performance and review).
// Bytes are read for an image a job runs on or whose preview the panel shows, once; that read also tells the
// file's format and size, which refine the plan (GIF note, sending the original file as is).
import { appError, type AppError } from '../common/protocol/errors';
import type { ImageInfo } from '../common/selection/snapshot';
import type { SandboxFigma } from './sandbox-figma';
import { sniffImageFormat } from './sniff-image-format';

export interface LoadedImage {
  /** `format` is 'unknown' until the bytes have been read once. */
  info: ImageInfo;
  /** The stored file's size in bytes; null until the bytes have been read once. */
  byteLength: number | null;
  /** Present only on the lookup that read them (bytesAsync); the catalog never keeps them. */
  bytes: Uint8Array | null;
}

export type ImageLookup = { ok: true; image: LoadedImage } | { ok: false; hash: string; error: AppError };

export const IMAGE_MISSING_MESSAGE = 'This image is no longer in the file. Re-add the image, then select it again.';
export const EMPTY_IMAGE_MESSAGE = 'This image file is empty. Replace it with a PNG or JPEG, then select it again.';
export const BYTES_UNAVAILABLE_MESSAGE = 'Figma could not load this image. Check your connection, then reselect it.';

export interface ImageCatalog {
  /** Size (and, once the bytes were read, format and file size); never reads the bytes. */
  lookupAsync(hash: string): Promise<ImageLookup>;
  /** Reads the stored bytes (Figma may download them first) and remembers the file's format and size. */
  bytesAsync(hash: string): Promise<ImageLookup>;
}

export function createImageCatalog(figma: Pick<SandboxFigma, 'getImageByHash'>): ImageCatalog {
  const sizes = new Map<string, Promise<ImageLookup>>();
  const details = new Map<string, { format: ImageInfo['format']; byteLength: number }>();

  const withDetails = (lookup: ImageLookup): ImageLookup => {
    if (!lookup.ok) return lookup;
    const known = details.get(lookup.image.info.hash);
    if (!known) return lookup;
    return {
      ok: true,
      image: { info: { ...lookup.image.info, format: known.format }, byteLength: known.byteLength, bytes: null },
    };
  };

  async function readSizeAsync(hash: string): Promise<ImageLookup> {
    const image = figma.getImageByHash(hash);
    if (!image) return { ok: false, hash, error: appError('image-missing', IMAGE_MISSING_MESSAGE) };
    try {
      const size = await image.getSizeAsync();
      return {
        ok: true,
        image: {
          info: { hash, width: size.width, height: size.height, format: 'unknown' },
          byteLength: null,
          bytes: null,
        },
      };
    } catch {
      return { ok: false, hash, error: appError('bytes-unavailable', BYTES_UNAVAILABLE_MESSAGE) };
    }
  }

  function lookupAsync(hash: string): Promise<ImageLookup> {
    let size = sizes.get(hash);
    if (!size) {
      size = readSizeAsync(hash);
      sizes.set(hash, size);
      // A failure is not remembered: the next selection change tries again (the download may recover).
      void size.then((lookup) => {
        if (!lookup.ok) sizes.delete(hash);
      });
    }
    return size.then(withDetails);
  }

  return {
    lookupAsync,
    async bytesAsync(hash) {
      const sized = await lookupAsync(hash);
      if (!sized.ok) return sized;
      const image = figma.getImageByHash(hash);
      if (!image) return { ok: false, hash, error: appError('image-missing', IMAGE_MISSING_MESSAGE) };
      let bytes: Uint8Array;
      try {
        bytes = await image.getBytesAsync();
      } catch {
        return { ok: false, hash, error: appError('bytes-unavailable', BYTES_UNAVAILABLE_MESSAGE) };
      }
      // An empty file cannot be sent (the UI's parser refuses empty bytes) and a job would wait for it forever.
      if (bytes.length === 0) return { ok: false, hash, error: appError('unsupported-format', EMPTY_IMAGE_MESSAGE) };
      const format = sniffImageFormat(bytes);
      details.set(hash, { format, byteLength: bytes.length });
      return { ok: true, image: { info: { ...sized.image.info, format }, byteLength: bytes.length, bytes } };
    },
  };
}
