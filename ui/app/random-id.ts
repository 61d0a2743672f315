// Job and row ids for the panel. Figma's plugin iframe is not a secure context, so `crypto.randomUUID` is
// missing there (https://developer.mozilla.org/en-US/docs/Web/API/Crypto/randomUUID: "secure contexts only");
// `crypto.getRandomValues` is available in every context
// (https://developer.mozilla.org/en-US/docs/Web/API/Crypto/getRandomValues). Same shape as a v4 UUID.

export type FillRandom = (bytes: Uint8Array<ArrayBuffer>) => Uint8Array<ArrayBuffer>;

export function randomId(fillRandom: FillRandom = (bytes) => crypto.getRandomValues(bytes)): string {
  const bytes = fillRandom(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40; // version 4
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80; // RFC 4122 variant
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
