import type { EngineLevel } from './engine-level';

export interface SmoothFarFillOptions {
  /** Radius in pixels of the low-pass (three box passes, close to a Gaussian of σ ≈ radius). */
  radius: number;
  /** Distance from the reference (pixels) where the blend toward the low-pass starts… */
  start: number;
  /** …and the distance over which it ramps up to `maxBlend`. */
  ramp: number;
  /** Share of the low-pass in the colour of the farthest pixels (0 = off, 1 = only the low-pass). */
  maxBlend: number;
  /**
   * Per side of the reference, a factor on `maxBlend` (0..1); a pixel beyond a corner takes the mean of its two
   * sides'. Left out: 1 everywhere.
   */
  sides?: {
    rect: { x0: number; y0: number; x1: number; y1: number };
    factor: Record<'left' | 'right' | 'top' | 'bottom', number>;
  };
  /**
   * Radius in pixels of the finest detail kept whole (grain, mortar lines, stars): only the band of
   * scales between this and `radius` is taken out. 0 = blend the whole of the detail away.
   */
  keepRadius?: number;
}

/**
 * Far from the reference the copied patches rest on weak evidence: the scene there is a guess, and
 * a sharp wrong guess (a repeated object edge, a cut-off eye) reads worse than a soft one. Each
 * generated pixel is blended toward a low-pass of the synthesis itself, more the farther it lies
 * from the reference: the fill keeps its layout (horizon, floor, light) and loses the detail it
 * cannot vouch for. This is the perception–distortion trade-off made deliberately by distance
 * (Blau & Michaeli, "The Perception-Distortion Tradeoff", CVPR 2018); the confidence that falls
 * with distance is Wexler, Shechtman & Irani's (TPAMI 2007). Known pixels are never changed.
 */
export function smoothFarFill(level: EngineLevel, toKnown: Uint16Array, options: SmoothFarFillOptions): void {
  const { width, height, rgb, known } = level;
  const { start, ramp, maxBlend } = options;
  const radius = Math.max(1, Math.round(options.radius));
  if (maxBlend <= 0) return;
  // No side to soften (the usual case for textures, skies and walls): skip the low-pass altogether.
  const f = options.sides?.factor;
  if (f && f.left <= 0 && f.right <= 0 && f.top <= 0 && f.bottom <= 0) return;
  // The wide low-pass stays on its shrunk copy and is sampled only at the pixels blended below (no
  // canvas-sized array: at 1 MP it was 12 MB and a pass over every pixel, known ones included).
  const shrunk = radius >= 8 ? shrunkLowPass(rgb, width, height, radius) : null;
  const low = shrunk === null ? lowPass(rgb, width, height, radius) : rgb;
  // The fill minus its finest detail: the blend below removes only scales between keepRadius and radius.
  const keep = Math.round(options.keepRadius ?? 0);
  // With the shrunk low-pass (every canvas of some size), that fine low-pass comes row by row and each row is
  // blended as it comes (lowPassRows), with no canvas-sized array; otherwise it is made whole first.
  const streamed = shrunk !== null && keep >= 1;
  const coarse = keep >= 1 && !streamed ? lowPass(rgb, width, height, keep) : rgb;
  const span = Math.max(1, ramp);
  // The same blend on every side: no need to find each pixel's side.
  const sides = f && f.left === 1 && f.right === 1 && f.top === 1 && f.bottom === 1 ? undefined : options.sides;
  const px = new Float32Array(3);
  const blend: FarBlend = {
    width,
    rgb,
    known,
    toKnown,
    coarse,
    shares: sharesByDistance(start, span, maxBlend),
    sides: sides ?? null,
    px,
  };
  // One row per call: V8 optimises a small, often-called function after a few rows, where a single
  // canvas-sized loop waits for an on-stack replacement of the whole function (see README, speed).
  if (streamed) {
    lowPassRows(rgb, width, height, keep, new RowBlend(blend, shrunk));
  } else {
    for (let y = 0; y < height; y++) {
      if (shrunk !== null) blendRowFromShrunk(blend, shrunk, y, coarse, 0);
      else blendRowFromLowPass(blend, low, y);
    }
  }
}

/** Where lowPassRows sends its rows: the far-out blend of that row, from the shrunk wide low-pass. */
class RowBlend {
  readonly blend: FarBlend;
  readonly shrunk: ShrunkLowPass;
  constructor(blend: FarBlend, shrunk: ShrunkLowPass) {
    this.blend = blend;
    this.shrunk = shrunk;
  }
}

/** What every row of the far-out blend shares. */
interface FarBlend {
  width: number;
  rgb: Float32Array;
  known: Uint8Array;
  toKnown: Uint16Array;
  /** The fill minus its finest detail (or the fill itself when nothing is kept). */
  coarse: Float32Array;
  /** The blend's share by distance to the reference (before the side's factor); the last one for every farther. */
  shares: Float64Array;
  sides: NonNullable<SmoothFarFillOptions['sides']> | null;
  /** Scratch for one pixel's low-pass colour, float32 as the canvas-sized array it replaces. */
  px: Float32Array;
}

/**
 * maxBlend × the ramp (0 up to `start`, rising to 1 over `span`) for each whole distance up to the ramp's end,
 * worked out once: per pixel, the ramp's first pixels (far out, at the top) are whole numbers and the later ones
 * are not, and V8's code optimised on the first was thrown away at the others (README, speed).
 */
function sharesByDistance(start: number, span: number, maxBlend: number): Float64Array {
  // Its last entry lies over a pixel past the ramp's end (t > 1): it holds maxBlend, the share of every
  // farther distance, so a look-up clamps to it rather than branching.
  const shares = new Float64Array(Math.max(0, Math.ceil(start + span)) + 2);
  for (let d = 0; d < shares.length; d++) {
    const t = (d - start) / span;
    shares[d] = t <= 0 ? 0 : maxBlend * (t >= 1 ? 1 : t);
  }
  return shares;
}

/** The share of the low-pass in pixel `i` (row `y`, column `x`) of the blend: 0 for known and near pixels. */
function blendShare(b: FarBlend, i: number, x: number, y: number): number {
  if (b.known[i] === 1) return 0;
  const share = b.shares[Math.min(b.toKnown[i]!, b.shares.length - 1)]!;
  if (share <= 0) return 0;
  return share * (b.sides !== null ? sideFactor(b.sides, x, y) : 1);
}

/**
 * Row `y` of the blend with the wide low-pass sampled bilinearly from its shrunk copy; the fine low-pass of
 * canvas entry o is coarse[o − coarseAt] (the whole canvas, or this row alone).
 */
function blendRowFromShrunk(
  b: FarBlend,
  shrunk: ShrunkLowPass,
  y: number,
  coarse: Float32Array,
  coarseAt: number,
): void {
  const { width, rgb, px } = b;
  const { small, w, h, xs, wx } = shrunk;
  const y0 = shrunk.ys[y]!;
  const y1 = Math.min(h - 1, y0 + 1);
  const wy = shrunk.wy[y]!;
  const by = 1 - wy;
  for (let x = 0; x < width; x++) {
    const i = y * width + x;
    const a = blendShare(b, i, x, y);
    if (a <= 0) continue;
    const o = i * 3;
    // Bilinear, sampling the small copy at the pixel's centre, into `px`.
    const x0 = Math.max(0, xs[x]!);
    const x1 = Math.min(w - 1, x0 + 1);
    const ax = wx[x]!;
    const bx = 1 - ax;
    const p00 = (y0 * w + x0) * 3;
    const p01 = (y0 * w + x1) * 3;
    const p10 = (y1 * w + x0) * 3;
    const p11 = (y1 * w + x1) * 3;
    px[0] = (small[p00]! * bx + small[p01]! * ax) * by + (small[p10]! * bx + small[p11]! * ax) * wy;
    px[1] = (small[p00 + 1]! * bx + small[p01 + 1]! * ax) * by + (small[p10 + 1]! * bx + small[p11 + 1]! * ax) * wy;
    px[2] = (small[p00 + 2]! * bx + small[p01 + 2]! * ax) * by + (small[p10 + 2]! * bx + small[p11 + 2]! * ax) * wy;
    const c = o - coarseAt;
    rgb[o] = rgb[o]! + a * (px[0]! - coarse[c]!);
    rgb[o + 1] = rgb[o + 1]! + a * (px[1]! - coarse[c + 1]!);
    rgb[o + 2] = rgb[o + 2]! + a * (px[2]! - coarse[c + 2]!);
  }
}

/** Row `y` of the blend with a full-size low-pass (small radii). */
function blendRowFromLowPass(b: FarBlend, low: Float32Array, y: number): void {
  const { width, rgb, coarse } = b;
  for (let x = 0; x < width; x++) {
    const i = y * width + x;
    const a = blendShare(b, i, x, y);
    if (a <= 0) continue;
    const o = i * 3;
    rgb[o] = rgb[o]! + a * (low[o]! - coarse[o]!);
    rgb[o + 1] = rgb[o + 1]! + a * (low[o + 1]! - coarse[o + 1]!);
    rgb[o + 2] = rgb[o + 2]! + a * (low[o + 2]! - coarse[o + 2]!);
  }
}

/** The factor of the side (or the mean of the two sides, beyond a corner) a pixel outside the reference lies on. */
function sideFactor(sides: NonNullable<SmoothFarFillOptions['sides']>, x: number, y: number): number {
  const { rect, factor } = sides;
  let sum = 0;
  let n = 0;
  if (x < rect.x0) {
    sum += factor.left;
    n++;
  } else if (x >= rect.x1) {
    sum += factor.right;
    n++;
  }
  if (y < rect.y0) {
    sum += factor.top;
    n++;
  } else if (y >= rect.y1) {
    sum += factor.bottom;
    n++;
  }
  // Inside the reference's rectangle (a transparent hole): known pixels all round, so no softening.
  return n === 0 ? 0 : sum / n;
}

/** Three box-blur passes of `radius` (close to a Gaussian of σ ≈ radius), as a new array. */
export function lowPass(rgb: Float32Array, width: number, height: number, radius: number): Float32Array {
  return blurred(new Float32Array(rgb.length), width, height, radius, rgb);
}

interface ShrunkLowPass {
  /** The blurred shrunk copy, RGB, `w`×`h`. */
  small: Float32Array;
  w: number;
  h: number;
  /** Shrink factor. */
  f: number;
  /** Per canvas column: the left small column of its bilinear pair, and the weight of the right one. */
  xs: Int32Array;
  wx: Float32Array;
  /** Per canvas row: the upper small row of its bilinear pair, and the weight of the lower one (a double). */
  ys: Int32Array;
  wy: Float64Array;
}

/**
 * A wide low-pass (`radius` ≥ 8) as a copy shrunk by about a quarter of the radius and blurred there,
 * to be scaled back up bilinearly: the result is smooth at that scale anyway, and the full-size passes
 * were a quarter of a 1 MP run.
 */
function shrunkLowPass(rgb: Float32Array, width: number, height: number, radius: number): ShrunkLowPass {
  const f = Math.floor(radius / 4);
  const w = Math.ceil(width / f);
  const h = Math.ceil(height / f);
  const small = new Float32Array(w * h * 3);
  const count = new Float32Array(w * h);
  // Each loop is its own function, so V8's code optimised for one (while it runs) does not stop at the next.
  sumCells(rgb, width, height, f, w, small, count);
  meanCells(small, count);
  blurred(small, w, h, Math.max(1, Math.round(radius / f)), small);
  const xs = new Int32Array(width);
  const wx = new Float32Array(width);
  for (let x = 0; x < width; x++) {
    const sx = Math.min(w - 1, Math.max(0, (x + 0.5) / f - 0.5));
    xs[x] = Math.min(w - 2, Math.floor(sx));
    wx[x] = w === 1 ? 0 : sx - xs[x]!;
  }
  const ys = new Int32Array(height);
  const wy = new Float64Array(height);
  for (let y = 0; y < height; y++) {
    const sy = Math.min(h - 1, Math.max(0, (y + 0.5) / f - 0.5));
    ys[y] = Math.max(0, Math.min(h - 2, Math.floor(sy)));
    wy[y] = sy - ys[y]!;
  }
  return { small, w, h, f, xs, wx, ys, wy };
}

/**
 * Sums the canvas into f×f cells, cell by cell along each row, in the same order (row by row, left
 * to right) as pixel by pixel. The sums stay in the Float32Array (rounded at every add) rather than
 * in Math.fround'ed locals: this loop runs once per fill, some of it before V8 optimises it, where a
 * call per add is dear.
 */
function sumCells(
  rgb: Float32Array,
  width: number,
  height: number,
  f: number,
  w: number,
  small: Float32Array,
  count: Float32Array,
): void {
  for (let y = 0; y < height; y++) {
    const row = ((y / f) | 0) * w;
    let o = y * width * 3;
    for (let cx = 0, x = 0; cx < w; cx++) {
      const end = Math.min(width, x + f);
      const j3 = (row + cx) * 3;
      count[row + cx] = count[row + cx]! + (end - x);
      for (; x < end; x++, o += 3) {
        small[j3] = small[j3]! + rgb[o]!;
        small[j3 + 1] = small[j3 + 1]! + rgb[o + 1]!;
        small[j3 + 2] = small[j3 + 2]! + rgb[o + 2]!;
      }
    }
  }
}

function meanCells(small: Float32Array, count: Float32Array): void {
  for (let j = 0; j < count.length; j++) {
    const c = count[j]!;
    small[j * 3] = small[j * 3]! / c;
    small[j * 3 + 1] = small[j * 3 + 1]! / c;
    small[j * 3 + 2] = small[j * 3 + 2]! / c;
  }
}

/**
 * Three box-blur passes along rows and columns of `source` into `data` (which may be `source`), in
 * place. Each pass blurs a row along the row just before the column pass needs it, into a ring of
 * 2·radius + 2 rows, so no canvas-sized scratch is written and read back (at 1 MP that was 12 MB per
 * pass, and the memory traffic and garbage collection were most of the blur's time).
 */
function blurred(
  data: Float32Array,
  width: number,
  height: number,
  radius: number,
  source: Float32Array,
): Float32Array {
  const n = width * 3;
  const slots = 2 * radius + 2;
  const ring = new Float32Array(slots * n);
  const sum = new Float32Array(n);
  for (let pass = 0; pass < 3; pass++) {
    // Rows below the one being written are still this pass's input, so reading them from `data` is safe.
    const from = pass === 0 ? source : data;
    sum.fill(0);
    let hi = Math.min(height - 1, radius);
    for (let y = 0; y <= hi; y++) {
      const at = (y % slots) * n;
      blurLine(from, y * n, width, radius, ring, at, 3);
      addRow(sum, ring, at, n);
    }
    // Column running sums (window clamped at the image edges: mean of what is inside), a whole row
    // at a time: write the row, then slide the window one row down.
    for (let y = 0; y < height; y++) {
      const lo = Math.max(0, y - radius);
      const scale = 1 / (hi - lo + 1);
      const row = y * n;
      let add = -1;
      if (y + radius + 1 < height) {
        hi = y + radius + 1;
        add = (hi % slots) * n;
        blurLine(from, hi * n, width, radius, ring, add, 3);
      }
      const sub = y - radius >= 0 ? ((y - radius) % slots) * n : -1;
      // Each case is its own small function, so V8 optimises it as soon as its rows come (see README, speed).
      if (add >= 0 && sub >= 0) slideWindow(data, row, sum, ring, add, sub, n, scale);
      else if (add >= 0) growWindow(data, row, sum, ring, add, n, scale);
      else if (sub >= 0) shrinkWindow(data, row, sum, ring, sub, n, scale);
      else for (let k = 0; k < n; k++) data[row + k] = sum[k]! * scale;
    }
  }
  return data;
}

/**
 * The same three box passes as `blurred` (the same sums in the same order, so the same float32 values), with
 * each pass taking its input one row at a time and handing on each output row as soon as it is written: a row
 * of the next pass needs only that row blurred along itself, so no pass keeps more than its ring of rows. Each
 * row of the last pass goes to the far-out blend as it comes; the canvas rows it changes have been read by the
 * first pass long before (it reads radius + 1 rows ahead of the second, which reads as far ahead of the third).
 * At 1 MP this spares a 12 MB array and two writes and reads of it.
 */
function lowPassRows(rgb: Float32Array, width: number, height: number, radius: number, sink: RowBlend): void {
  const first = new BoxPass(width, height, radius);
  const second = new BoxPass(width, height, radius);
  const third = new BoxPass(width, height, radius);
  const n = width * 3;
  for (let j = 0; j < height; j++) {
    receiveRow(first, rgb, j * n);
    while (canEmit(first)) {
      emitRow(first);
      receiveRow(second, first.out, 0);
      while (canEmit(second)) {
        emitRow(second);
        receiveRow(third, second.out, 0);
        while (canEmit(third)) {
          const y = third.emitted;
          emitRow(third);
          blendRowFromShrunk(sink.blend, sink.shrunk, y, third.out, y * n);
        }
      }
    }
  }
}

/** One box pass of lowPassRows: its ring of rows blurred along themselves, the column sums, one output row. */
class BoxPass {
  readonly width: number;
  readonly height: number;
  readonly radius: number;
  readonly n: number;
  readonly slots: number;
  readonly ring: Float32Array;
  readonly sum: Float32Array;
  readonly out: Float32Array;
  /** Input rows taken, output rows written, the last input row in the column sums. */
  received = 0;
  emitted = 0;
  hi: number;
  /** Where the ring's row of zeros starts. */
  readonly zero: number;
  /** The rows that start the column sums: 0..start. */
  readonly start: number;
  constructor(width: number, height: number, radius: number) {
    this.width = width;
    this.height = height;
    this.radius = radius;
    this.n = width * 3;
    this.slots = 2 * radius + 2;
    // One more row, left at zero (emitRow).
    this.ring = new Float32Array((this.slots + 1) * this.n);
    this.zero = this.slots * this.n;
    this.sum = new Float32Array(this.n);
    this.out = new Float32Array(this.n);
    this.start = Math.min(height - 1, radius);
    this.hi = this.start;
  }
}

/** Takes the pass's next input row (`line` from `from`): blurred along itself into the ring, as `blurred` does. */
function receiveRow(p: BoxPass, line: Float32Array, from: number): void {
  const j = p.received++;
  const at = (j % p.slots) * p.n;
  blurLine(line, from, p.width, p.radius, p.ring, at, 3);
  if (j <= p.start) addRow(p.sum, p.ring, at, p.n);
}

/** Whether the next output row can be written: every input row its window slides over next has come. */
function canEmit(p: BoxPass): boolean {
  return p.emitted < p.height && p.received > Math.min(p.height - 1, p.emitted + p.radius + 1);
}

/** Writes the next output row into `out`, then slides the window one row down (blurred's column step). */
function emitRow(p: BoxPass): void {
  const y = p.emitted++;
  const { radius, height, n, slots, sum, ring, out } = p;
  const lo = Math.max(0, y - radius);
  const scale = 1 / (p.hi - lo + 1);
  let add = -1;
  if (y + radius + 1 < height) {
    p.hi = y + radius + 1;
    add = (p.hi % slots) * n;
  }
  const sub = y - radius >= 0 ? ((y - radius) % slots) * n : -1;
  // Every row takes the same step: where the window does not grow or shrink on a side, the ring's row of zeros
  // stands in, and adding or taking away 0 leaves a float32 sum exactly as it was. A case reached only by the
  // bottom rows stopped V8's optimised code at every pass (README, speed).
  slideWindow(out, 0, sum, ring, add >= 0 ? add : p.zero, sub >= 0 ? sub : p.zero, n, scale);
}

/** Adds ring row `at` to the column sums. */
function addRow(sum: Float32Array, ring: Float32Array, at: number, n: number): void {
  for (let k = 0; k < n; k++) sum[k] = sum[k]! + ring[at + k]!;
}

/** Writes the row at `row` from the column sums, then slides the window one row down (adds ring row `add`, drops `sub`). */
function slideWindow(
  data: Float32Array,
  row: number,
  sum: Float32Array,
  ring: Float32Array,
  add: number,
  sub: number,
  n: number,
  scale: number,
): void {
  for (let k = 0; k < n; k++) {
    const v = sum[k]!;
    data[row + k] = v * scale;
    sum[k] = v + ring[add + k]!;
    sum[k] = sum[k]! - ring[sub + k]!;
  }
}

/** As slideWindow near the top, where the window only grows. */
function growWindow(
  data: Float32Array,
  row: number,
  sum: Float32Array,
  ring: Float32Array,
  add: number,
  n: number,
  scale: number,
): void {
  for (let k = 0; k < n; k++) {
    const v = sum[k]!;
    data[row + k] = v * scale;
    sum[k] = v + ring[add + k]!;
  }
}

/** As slideWindow near the bottom, where the window only shrinks. */
function shrinkWindow(
  data: Float32Array,
  row: number,
  sum: Float32Array,
  ring: Float32Array,
  sub: number,
  n: number,
  scale: number,
): void {
  for (let k = 0; k < n; k++) {
    const v = sum[k]!;
    data[row + k] = v * scale;
    sum[k] = v - ring[sub + k]!;
  }
}

/** Blurs `n` RGB entries of `line` from `from` into `out` at `offset + k·stride`. */
function blurLine(
  line: Float32Array,
  from: number,
  n: number,
  radius: number,
  out: Float32Array,
  offset: number,
  stride: number,
): void {
  let r = 0;
  let g = 0;
  let b = 0;
  // The window [k − radius, k + radius] clamped to the line: fill it for k = 0, then per step add
  // the entry entering on the right before taking out the one leaving on the left.
  const first = Math.min(n - 1, radius);
  for (let p = from, end = from + first * 3; p <= end; p += 3) {
    r += line[p]!;
    g += line[p + 1]!;
    b += line[p + 2]!;
  }
  // Entries k in [innerFrom, innerTo) always have a full window of 2·radius + 1 (one entering, one
  // leaving): the same sums and divisions as the clamped ends, without their tests per entry.
  const innerFrom = Math.min(n, radius + 1);
  const innerTo = Math.max(innerFrom, n - radius);
  const full = 2 * radius + 1;
  let o = offset;
  let k = 0;
  for (; k < innerFrom; k++, o += stride) {
    if (k > 0 && k + radius < n) {
      const p = from + (k + radius) * 3;
      r += line[p]!;
      g += line[p + 1]!;
      b += line[p + 2]!;
    }
    const count = (k + radius < n ? k + radius : n - 1) + 1;
    out[o] = r / count;
    out[o + 1] = g / count;
    out[o + 2] = b / count;
  }
  for (; k < innerTo; k++, o += stride) {
    const p = from + (k + radius) * 3;
    r += line[p]!;
    g += line[p + 1]!;
    b += line[p + 2]!;
    const q = from + (k - radius - 1) * 3;
    r -= line[q]!;
    g -= line[q + 1]!;
    b -= line[q + 2]!;
    out[o] = r / full;
    out[o + 1] = g / full;
    out[o + 2] = b / full;
  }
  for (; k < n; k++, o += stride) {
    const q = from + (k - radius - 1) * 3;
    r -= line[q]!;
    g -= line[q + 1]!;
    b -= line[q + 2]!;
    const count = n - 1 - (k - radius) + 1;
    out[o] = r / count;
    out[o + 1] = g / count;
    out[o + 2] = b / count;
  }
}
