// Which format Figma stored, from the file's magic bytes (getBytesAsync returns the file as stored,
// figma-platform.md §2). Only the signature is read: pixels are never decoded in the sandbox (§8).
import type { ImageFormat } from '../common/selection/report';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const GIF_SIGNATURE = [0x47, 0x49, 0x46, 0x38]; // "GIF8" (GIF87a / GIF89a)
const JPEG_SIGNATURE = [0xff, 0xd8, 0xff];

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return bytes.length >= signature.length && signature.every((byte, index) => bytes[index] === byte);
}

export function sniffImageFormat(bytes: Uint8Array): ImageFormat {
  if (startsWith(bytes, PNG_SIGNATURE)) return 'png';
  if (startsWith(bytes, JPEG_SIGNATURE)) return 'jpeg';
  if (startsWith(bytes, GIF_SIGNATURE)) return 'gif';
  return 'unknown';
}
