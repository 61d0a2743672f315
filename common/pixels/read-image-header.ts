// Reads format, size and JPEG EXIF orientation from the first bytes of a file, without decoding it, so an
// unchanged reference can be sent as the original bytes (no decode, no re-encode).
// Formats: PNG (IHDR, PNG spec §11.2.2), GIF (logical screen descriptor, GIF89a §18), JPEG (SOFn segment,
// ITU T.81 §B.2.2; orientation tag 0x0112 in the APP1 Exif IFD0, EXIF 2.32 §4.6.4), WebP (RIFF container only).

export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp';

export interface ImageHeader {
  format: ImageFormat;
  /** Stored pixel size, before any EXIF orientation; null when the header is cut short. */
  width: number | null;
  height: number | null;
  /** EXIF orientation 1–8 (JPEG only); 1 when absent. */
  orientation: number;
}

export function sniffImageFormat(bytes: Uint8Array): ImageFormat | null {
  const at = (i: number): number => bytes[i] ?? -1;
  if ([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => at(i) === b)) return 'png';
  if (at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff) return 'jpeg';
  if (ascii(bytes, 0, 4) === 'GIF8') return 'gif';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return 'webp';
  return null;
}

export function readImageHeader(bytes: Uint8Array): ImageHeader | null {
  const format = sniffImageFormat(bytes);
  if (format === null) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (format === 'png') {
    if (bytes.length < 24 || ascii(bytes, 12, 4) !== 'IHDR')
      return { format, width: null, height: null, orientation: 1 };
    return { format, width: view.getUint32(16), height: view.getUint32(20), orientation: 1 };
  }
  if (format === 'gif') {
    if (bytes.length < 10) return { format, width: null, height: null, orientation: 1 };
    return { format, width: view.getUint16(6, true), height: view.getUint16(8, true), orientation: 1 };
  }
  if (format === 'webp') return { format, width: null, height: null, orientation: 1 };
  return readJpegHeader(bytes, view);
}

function readJpegHeader(bytes: Uint8Array, view: DataView): ImageHeader {
  const header: ImageHeader = { format: 'jpeg', width: null, height: null, orientation: 1 };
  let i = 2;
  while (i + 4 <= bytes.length) {
    if (bytes[i] !== 0xff) return header;
    const marker = bytes[i + 1]!;
    if (marker === 0xff) {
      i += 1; // fill byte
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return header; // end of image / start of scan: no SOF seen
    const length = view.getUint16(i + 2);
    const body = i + 4;
    if (isStartOfFrame(marker) && body + 5 <= bytes.length) {
      header.height = view.getUint16(body + 1);
      header.width = view.getUint16(body + 3);
      return header;
    }
    if (marker === 0xe1 && ascii(bytes, body, 6) === 'Exif\0\0') {
      header.orientation = readExifOrientation(view, body + 6, Math.min(bytes.length, i + 2 + length)) ?? 1;
    }
    i += 2 + length;
  }
  return header;
}

function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

function readExifOrientation(view: DataView, tiff: number, end: number): number | null {
  if (tiff + 8 > end) return null;
  const order = view.getUint16(tiff);
  const little = order === 0x4949;
  if (!little && order !== 0x4d4d) return null;
  const ifd = tiff + view.getUint32(tiff + 4, little);
  if (ifd + 2 > end) return null;
  const entries = view.getUint16(ifd, little);
  for (let k = 0; k < entries; k++) {
    const entry = ifd + 2 + k * 12;
    if (entry + 12 > end) return null;
    if (view.getUint16(entry, little) === 0x0112) {
      const value = view.getUint16(entry + 8, little);
      return value >= 1 && value <= 8 ? value : null;
    }
  }
  return null;
}

function ascii(bytes: Uint8Array, from: number, length: number): string {
  let s = '';
  for (let i = from; i < from + length && i < bytes.length; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}
