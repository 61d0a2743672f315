// Two-pass chamfer distance transform (Rosenfeld & Pfaltz 1966) with the chessboard metric:
// how many pixels each unknown pixel lies from the nearest known one (0 for known pixels).
//
// Each pass is its own function. This runs once per level on up to the whole canvas, so V8 optimises
// each loop while it runs (on-stack replacement); with all passes in one function, the optimised
// code for the first pass had never seen the next one and threw itself away there ("insufficient
// type feedback"), to be compiled again (see README, speed).
export function distanceToKnown(known: Uint8Array, width: number, height: number): Uint16Array {
  return knownDistances(known, width, height).distances;
}

/** The distances, and the largest of them (how far the farthest pixel lies from the known ones). */
export class KnownDistances {
  readonly distances: Uint16Array;
  readonly farthest: number;
  constructor(distances: Uint16Array, farthest: number) {
    this.distances = distances;
    this.farthest = farthest;
  }
}

/** distanceToKnown, with the largest distance found by the last pass as it goes (no pass of its own). */
export function knownDistances(known: Uint8Array, width: number, height: number): KnownDistances {
  const d = new Uint16Array(width * height);
  startDistances(known, d);
  // One row per call: V8 optimises each pass once, as a whole function, and every level reuses it (a call per
  // level was optimised mid-loop, then compiled again; README, speed).
  for (let y = 0; y < height; y++) forwardRow(d, width, y);
  let farthest = 0;
  for (let y = height - 1; y >= 0; y--) farthest = Math.max(farthest, backwardRow(d, width, height, y));
  return new KnownDistances(d, farthest);
}

function startDistances(known: Uint8Array, d: Uint16Array): void {
  const far = 65535;
  for (let i = 0; i < d.length; i++) d[i] = known[i] === 1 ? 0 : far;
}

/** Top-left to bottom-right: the left, upper-left, upper and upper-right neighbours; row `y`. */
function forwardRow(d: Uint16Array, width: number, y: number): void {
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

/** Bottom-right to top-left: the right, lower-right, lower and lower-left neighbours; row `y`. Returns its largest. */
function backwardRow(d: Uint16Array, width: number, height: number, y: number): number {
  let far = 0;
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
    if (v > far) far = v;
  }
  return far;
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

/**
 * The pixels at distance 1..depth from the known ones, layer by layer, each layer in scan order: layer d is
 * order[first[d] .. first[d + 1]). Border colour correction starts from layer 1 and edge continuation walks
 * layers 1..3; both take them from this one pass over the canvas (they each made their own before).
 */
export class NearLayers {
  readonly depth: number;
  readonly first: Int32Array;
  readonly order: Int32Array;
  constructor(depth: number, first: Int32Array, order: Int32Array) {
    this.depth = depth;
    this.first = first;
    this.order = order;
  }
}

export function layersNearKnown(toKnown: Uint16Array, depth: number): NearLayers {
  // Every near pixel in scan order (a scratch list as long as the canvas, of which only the first pages are
  // touched), then sorted by layer, stably, over that short list.
  const near = new Int32Array(toKnown.length + 1);
  const count = listNear(toKnown, depth, near);
  const first = new Int32Array(depth + 2);
  for (let k = 0; k < count; k++) first[toKnown[near[k]!]! + 1]!++;
  for (let d = 1; d <= depth; d++) first[d + 1] = first[d + 1]! + first[d]!;
  const fill = first.slice();
  const order = new Int32Array(count);
  for (let k = 0; k < count; k++) {
    const i = near[k]!;
    order[fill[toKnown[i]!]!++] = i;
  }
  return new NearLayers(depth, first, order);
}

/** Lists the pixels at distance 1..depth in scan order into `out`; returns how many. */
function listNear(toKnown: Uint16Array, depth: number, out: Int32Array): number {
  let count = 0;
  for (let i = 0; i < toKnown.length; i++) {
    const d = toKnown[i]!;
    // One store per pixel, kept or overwritten by the next: the first near pixel comes late, and code optimised
    // before it would stop at a separate branch (README, speed).
    out[count] = i;
    count += d >= 1 && d <= depth ? 1 : 0;
  }
  return count;
}
