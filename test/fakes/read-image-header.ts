// Reads an encoded image's format and pixel size from its header, without decoding pixels.
// Pure and free of Node APIs so the figma fake can be bundled for a browser page.
// Formats: PNG (IHDR, ISO/IEC 15948 §11.2.2), GIF (logical screen descriptor, GIF89a §18),
// JPEG (first SOFn frame header, ITU T.81 §B.2.2).

export interface ImageHeader {
  format: 'png' | 'jpeg' | 'gif';
  width: number;
  height: number;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function readImageHeader(bytes: Uint8Array): ImageHeader | null {
  return readPng(bytes) ?? readGif(bytes) ?? readJpeg(bytes);
}

function readPng(bytes: Uint8Array): ImageHeader | null {
  if (bytes.length < 24 || !PNG_SIGNATURE.every((byte, index) => bytes[index] === byte)) return null;
  if (ascii(bytes, 12, 4) !== 'IHDR') return null;
  return { format: 'png', width: uint32(bytes, 16), height: uint32(bytes, 20) };
}

function readGif(bytes: Uint8Array): ImageHeader | null {
  const magic = ascii(bytes, 0, 6);
  if (bytes.length < 10 || (magic !== 'GIF87a' && magic !== 'GIF89a')) return null;
  return { format: 'gif', width: uint16le(bytes, 6), height: uint16le(bytes, 8) };
}

/** SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range but are not frame headers. */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

function readJpeg(bytes: Uint8Array): ImageHeader | null {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  let offset = 2;
  while (offset + 3 < bytes.length) {
    if (bytes[offset] !== 0xff) return null;
    const marker = bytes[offset + 1] ?? 0;
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      offset += 2; // markers without a length
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return null; // end or scan before any frame header
    const length = uint16(bytes, offset + 2);
    if (isStartOfFrame(marker)) {
      if (offset + 9 > bytes.length) return null;
      return { format: 'jpeg', height: uint16(bytes, offset + 5), width: uint16(bytes, offset + 7) };
    }
    if (length < 2) return null;
    offset += 2 + length;
  }
  return null;
}

function ascii(bytes: Uint8Array, start: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(start, start + length));
}

function uint32(bytes: Uint8Array, at: number): number {
  return (((bytes[at] ?? 0) << 24) >>> 0) + ((bytes[at + 1] ?? 0) << 16) + ((bytes[at + 2] ?? 0) << 8) + (bytes[at + 3] ?? 0);
}

function uint16(bytes: Uint8Array, at: number): number {
  return ((bytes[at] ?? 0) << 8) + (bytes[at + 1] ?? 0);
}

function uint16le(bytes: Uint8Array, at: number): number {
  return (bytes[at] ?? 0) + ((bytes[at + 1] ?? 0) << 8);
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
