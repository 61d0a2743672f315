// Raw base64 (no data: prefix) for the API's input_image (docs/bfl-api.md, Outpainting request).
// Uint8Array.prototype.toBase64 exists in Chromium but maybe not in Figma's desktop app, so it is
// feature-detected; the fallback feeds btoa in chunks because String.fromCharCode(...bytes) on a
// multi-megabyte image overflows the call stack (docs/toolchain.md, gotcha 6).

interface WithToBase64 {
  toBase64?: () => string;
}

// A multiple of 3, so each chunk encodes without padding and the pieces concatenate.
const CHUNK = 3 * 0x2000;

export function bytesToBase64(bytes: Uint8Array, options: { native?: boolean } = {}): string {
  const native = (bytes as Uint8Array & WithToBase64).toBase64;
  if (options.native !== false && typeof native === 'function') return native.call(bytes);
  return chunkedBtoa(bytes);
}

function chunkedBtoa(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const chunk = bytes.subarray(start, start + CHUNK);
    parts.push(btoa(String.fromCharCode.apply(null, Array.from(chunk))));
  }
  return parts.join('');
}
