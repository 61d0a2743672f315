// A 40-hex-digit content hash, like Figma's image hashes: equal bytes give equal hashes.
// Five FNV-1a 32-bit lanes with different offsets: not cryptographic, pure JS (no Node crypto), so
// the fake bundles for a browser page.
const FNV_PRIME = 0x01000193;
const LANE_OFFSETS = [0x811c9dc5, 0x050c5d1f, 0x6b8b4567, 0x327b23c6, 0x643c9869];

export function contentHash(bytes: Uint8Array): string {
  return LANE_OFFSETS.map((offset, lane) => {
    let hash = offset;
    for (let index = 0; index < bytes.length; index += 1) {
      hash ^= (bytes[index] ?? 0) + lane;
      hash = Math.imul(hash, FNV_PRIME) >>> 0;
    }
    hash ^= bytes.length;
    hash = Math.imul(hash, FNV_PRIME) >>> 0;
    return hash.toString(16).padStart(8, '0');
  }).join('');
}
