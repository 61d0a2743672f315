// The figma fake's view of an encoded image: format and pixel size from the header, no pixels decoded.
// It reads the same headers as the UI (common/pixels/read-image-header.ts) and keeps only what Figma's
// createImage accepts: PNG, JPEG and GIF with a readable size (docs/figma-plugin-api.md, Images: reading and creating).
import { readImageHeader as readHeader } from '../../common/pixels/read-image-header';

export interface ImageHeader {
  format: 'png' | 'jpeg' | 'gif';
  width: number;
  height: number;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function readImageHeader(bytes: Uint8Array): ImageHeader | null {
  const header = readHeader(bytes);
  if (header === null || header.format === 'webp' || header.width === null || header.height === null) return null;
  return { format: header.format, width: header.width, height: header.height };
}

/**
 * A minimal valid-header PNG of the given size: signature, IHDR and IEND, no pixel data. Enough for
 * Figma's size checks in the fake; never decoded.
 */
export function pngHeaderBytes(width: number, height: number, salt = 0): Uint8Array {
  const bytes = new Uint8Array(33 + 12 + 4);
  bytes.set(PNG_SIGNATURE, 0);
  const view = new DataView(bytes.buffer);
  view.setUint32(8, 13);
  bytes.set([0x49, 0x48, 0x44, 0x52], 12);
  view.setUint32(16, width);
  view.setUint32(20, height);
  bytes.set([8, 6, 0, 0, 0], 24);
  // Bytes 29..32 would be the CRC; the salt keeps equal-size images distinct for content hashes.
  view.setUint32(29, salt >>> 0);
  view.setUint32(33, 0);
  bytes.set([0x49, 0x45, 0x4e, 0x44], 37);
  return bytes;
}
