// Object URLs for the placement preview, made from the stored bytes the sandbox sends.
import type { ImageFormat } from '../../common/selection/report';

const MIME: Record<ImageFormat, string> = { png: 'image/png', jpeg: 'image/jpeg', gif: 'image/gif', unknown: '' };

/** Blob needs ArrayBuffer-backed bytes; messages always deliver those, so the copy is only a fallback. */
function blobBytes(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const { buffer } = bytes;
  return buffer instanceof ArrayBuffer ? new Uint8Array(buffer, bytes.byteOffset, bytes.byteLength) : new Uint8Array(bytes);
}

export function makePreviewUrl(bytes: Uint8Array, format: ImageFormat): string {
  const type = MIME[format];
  return URL.createObjectURL(new Blob([blobBytes(bytes)], type === '' ? {} : { type }));
}
