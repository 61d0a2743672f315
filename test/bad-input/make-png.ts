// Writes PNG files the codecs would never produce, for the bad-input matrix: 16-bit samples, grey,
// and an IHDR whose declared size lies about the pixel data (PNG spec §11.2.2 IHDR, §11.2.4 IDAT).
import { crc32, deflateSync } from 'node:zlib';

export interface PngSpec {
  width: number;
  height: number;
  bitDepth: 8 | 16;
  /** 6 = RGBA, 0 = grey (PNG spec table 11.1). */
  colorType: 6 | 0;
  /** Samples of the pixel at (x, y), each 0..(2^bitDepth − 1): [r, g, b, a] or [grey]. */
  pixel(x: number, y: number): number[];
  /** Written into IHDR instead of the real size. */
  declared?: { width: number; height: number };
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

export function makePng(spec: PngSpec): Uint8Array {
  const channels = spec.colorType === 6 ? 4 : 1;
  const bytesPerSample = spec.bitDepth / 8;
  const rowBytes = 1 + spec.width * channels * bytesPerSample;
  const raw = new Uint8Array(rowBytes * spec.height);
  for (let y = 0; y < spec.height; y++) {
    let at = y * rowBytes + 1; // filter type 0 (None)
    for (let x = 0; x < spec.width; x++) {
      for (const sample of spec.pixel(x, y)) {
        if (bytesPerSample === 2) raw[at++] = sample >> 8;
        raw[at++] = sample & 255;
      }
    }
  }
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, spec.declared?.width ?? spec.width);
  view.setUint32(4, spec.declared?.height ?? spec.height);
  ihdr[8] = spec.bitDepth;
  ihdr[9] = spec.colorType;
  const signature = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const parts = [signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array())];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * A 96×64 noise PNG damaged in the middle of its compressed pixels (a disk or sync error), its chunks' CRCs made
 * right again and IEND in place: only a full decode can tell.
 */
export function midFileDamagedPng(): Uint8Array {
  const width = 96;
  const height = 64;
  let state = 12345;
  const next = (): number => {
    state = (state * 1103515245 + 12345) >>> 0;
    return state >>> 24;
  };
  const bytes = makePng({
    width,
    height,
    bitDepth: 8,
    colorType: 6,
    pixel: () => [next(), next(), next(), 255],
  }).slice();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 8; at + 8 <= bytes.length;) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (type === 'IDAT') {
      const data = at + 8;
      bytes.fill(0x5a, data + Math.floor(length / 3), data + Math.floor((2 * length) / 3));
      view.setUint32(data + length, crc32(bytes.subarray(at + 4, data + length)));
      return bytes;
    }
    at += 12 + length;
  }
  throw new Error('no IDAT chunk');
}
