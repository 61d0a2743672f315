// A 40-hex-digit content hash, like Figma's image hashes: equal bytes give equal hashes.
// Five FNV-1a-style 32-bit lanes with different offsets: not cryptographic, pure JS (no Node crypto), so
// the fake bundles for a browser page. Figma hashes natively, so the fake should cost the plugin's thread as
// little as it can (`npm run bench` writes 20 results at once): the lanes run in one pass, over 32-bit words.
const FNV_PRIME = 0x01000193;

export function contentHash(bytes: Uint8Array): string {
  let h0 = 0x811c9dc5;
  let h1 = 0x050c5d1f;
  let h2 = 0x6b8b4567;
  let h3 = 0x327b23c6;
  let h4 = 0x643c9869;
  const whole = bytes.length - (bytes.length % 4);
  for (let index = 0; index < bytes.length; index += 4) {
    // The tail's missing bytes read as 0; the length, mixed in below, tells such inputs apart.
    const word =
      index < whole
        ? bytes[index]! | (bytes[index + 1]! << 8) | (bytes[index + 2]! << 16) | (bytes[index + 3]! << 24)
        : (bytes[index] ?? 0) | ((bytes[index + 1] ?? 0) << 8) | ((bytes[index + 2] ?? 0) << 16);
    h0 = Math.imul(h0 ^ word, FNV_PRIME);
    h1 = Math.imul(h1 ^ (word + 1), FNV_PRIME);
    h2 = Math.imul(h2 ^ (word + 2), FNV_PRIME);
    h3 = Math.imul(h3 ^ (word + 3), FNV_PRIME);
    h4 = Math.imul(h4 ^ (word + 4), FNV_PRIME);
    // FNV mixes a byte into the low bits only; a word needs its high bits folded down, or lanes would ignore them.
    h0 ^= h0 >>> 15;
    h1 ^= h1 >>> 15;
    h2 ^= h2 >>> 15;
    h3 ^= h3 >>> 15;
    h4 ^= h4 >>> 15;
  }
  return [h0, h1, h2, h3, h4]
    .map((hash) => (Math.imul(hash ^ bytes.length, FNV_PRIME) >>> 0).toString(16).padStart(8, '0'))
    .join('');
}
