// Two-pass chamfer distance transform (Rosenfeld & Pfaltz 1966) with the chessboard metric:
// how many pixels each unknown pixel lies from the nearest known one (0 for known pixels).
export function distanceToKnown(known: Uint8Array, width: number, height: number): Uint16Array {
  const far = 65535;
  const d = new Uint16Array(width * height);
  for (let i = 0; i < d.length; i++) d[i] = known[i] === 1 ? 0 : far;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      let v = d[i]!;
      if (v === 0) continue;
      if (x > 0) v = Math.min(v, d[i - 1]! + 1);
      if (y > 0) {
        v = Math.min(v, d[i - width]! + 1);
        if (x > 0) v = Math.min(v, d[i - width - 1]! + 1);
        if (x < width - 1) v = Math.min(v, d[i - width + 1]! + 1);
      }
      d[i] = v;
    }
  }
  for (let y = height - 1; y >= 0; y--) {
    for (let x = width - 1; x >= 0; x--) {
      const i = y * width + x;
      let v = d[i]!;
      if (v === 0) continue;
      if (x < width - 1) v = Math.min(v, d[i + 1]! + 1);
      if (y < height - 1) {
        v = Math.min(v, d[i + width]! + 1);
        if (x < width - 1) v = Math.min(v, d[i + width + 1]! + 1);
        if (x > 0) v = Math.min(v, d[i + width - 1]! + 1);
      }
      d[i] = v;
    }
  }
  return d;
}

/**
 * Per-pixel confidence for patch distances and votes (Wexler, Shechtman & Irani 2007, §3.2):
 * 1 for known pixels, gamma^-distance for generated ones, so what lies next to real pixels
 * counts more than what was itself guessed. The distance is capped so weights never underflow.
 */
export function confidenceMap(distance: Uint16Array, gamma: number, maxDistance: number): Float32Array {
  const table = new Float32Array(maxDistance + 1);
  for (let k = 0; k <= maxDistance; k++) table[k] = Math.pow(gamma, -k);
  const c = new Float32Array(distance.length);
  for (let i = 0; i < c.length; i++) c[i] = table[Math.min(distance[i]!, maxDistance)]!;
  return c;
}
