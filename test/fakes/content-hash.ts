// A 40-hex-digit content hash, like Figma's image hashes: equal bytes give equal hashes.
// Five FNV-1a 32-bit lanes with different offsets: not cryptographic, pure JS (no Node crypto), so
// the fake bundles for a browser page. The lanes run in one pass over the bytes: Figma hashes natively,
// so the fake should not make every written image cost the plugin's thread five passes (`npm run bench`).
const FNV_PRIME = 0x01000193;

export function contentHash(bytes: Uint8Array): string {
  let h0 = 0x811c9dc5;
  let h1 = 0x050c5d1f;
  let h2 = 0x6b8b4567;
  let h3 = 0x327b23c6;
  let h4 = 0x643c9869;
  for (let index = 0; index < bytes.length; index += 1) {
    const byte = bytes[index]!;
    h0 = Math.imul(h0 ^ byte, FNV_PRIME) >>> 0;
    h1 = Math.imul(h1 ^ (byte + 1), FNV_PRIME) >>> 0;
    h2 = Math.imul(h2 ^ (byte + 2), FNV_PRIME) >>> 0;
    h3 = Math.imul(h3 ^ (byte + 3), FNV_PRIME) >>> 0;
    h4 = Math.imul(h4 ^ (byte + 4), FNV_PRIME) >>> 0;
  }
  return [h0, h1, h2, h3, h4]
    .map((hash) => (Math.imul(hash ^ bytes.length, FNV_PRIME) >>> 0).toString(16).padStart(8, '0'))
    .join('');
}
