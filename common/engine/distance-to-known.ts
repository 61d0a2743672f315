// Two-pass chamfer distance transform (Rosenfeld & Pfaltz 1966) with the chessboard metric:
// how many pixels each unknown pixel lies from the nearest known one (0 for known pixels).
//
// Each pass is its own function. This runs once per level on up to the whole canvas, so V8 optimises
// each loop while it runs (on-stack replacement); with all passes in one function, the optimised
// code for the first pass had never seen the next one and threw itself away there ("insufficient
// type feedback"), to be compiled again (see README, speed).
export function distanceToKnown(known: Uint8Array, width: number, height: number): Uint16Array {
  const d = new Uint16Array(width * height);
  startDistances(known, d);
  forwardPass(d, width, height);
  backwardPass(d, width, height);
  return d;
}

function startDistances(known: Uint8Array, d: Uint16Array): void {
  const far = 65535;
  for (let i = 0; i < d.length; i++) d[i] = known[i] === 1 ? 0 : far;
}

/** Top-left to bottom-right: the left, upper-left, upper and upper-right neighbours. */
function forwardPass(d: Uint16Array, width: number, height: number): void {
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
}

/** Bottom-right to top-left: the right, lower-right, lower and lower-left neighbours. */
function backwardPass(d: Uint16Array, width: number, height: number): void {
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
