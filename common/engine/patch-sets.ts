// Which patch centres may be copied from (sources: every pixel in the sampling band, see
// sampling-band.ts) and which must be synthesised (targets: at least one unknown pixel). Patches are
// square, side 2r+1, and never leave the canvas, so centres lie in [r, size-1-r].
import { countSet } from './engine-level';

/** Sum of `values` over every (2r+1)² window, indexed by window centre (0 where the window leaves the canvas). */
export function windowSums(values: Float32Array | Uint8Array, width: number, height: number, r: number): Float32Array {
  const integral = integralImage(values, width, height);
  // The integral needs doubles; a single window's sum fits a float.
  const out = new Float32Array(width * height);
  windowSumsFromIntegral(integral, width, height, r, out);
  return out;
}

// Each loop over a level below is its own function: V8 optimises a long loop while it runs
// (on-stack replacement), and optimised code for one loop that runs on into a next, never-run loop
// is thrown away there and compiled again (see README, speed).

function integralImage(values: Float32Array | Uint8Array, width: number, height: number): Float64Array {
  const w1 = width + 1;
  const integral = new Float64Array(w1 * (height + 1));
  for (let y = 0; y < height; y++) {
    let row = 0;
    for (let x = 0; x < width; x++) {
      row += values[y * width + x]!;
      integral[(y + 1) * w1 + x + 1] = integral[y * w1 + x + 1]! + row;
    }
  }
  return integral;
}

function windowSumsFromIntegral(
  integral: Float64Array,
  width: number,
  height: number,
  r: number,
  out: Float32Array,
): void {
  const w1 = width + 1;
  for (let y = r; y < height - r; y++) {
    const top = (y - r) * w1;
    const bottom = (y + r + 1) * w1;
    for (let x = r; x < width - r; x++) {
      const left = x - r;
      const right = x + r + 1;
      out[y * width + x] =
        integral[bottom + right]! - integral[bottom + left]! - integral[top + right]! + integral[top + left]!;
    }
  }
}

/**
 * 1 at every centre whose (2r+1)² window lies on the canvas and holds only known pixels. Separable
 * runs of known pixels (a row pass, then a column pass) instead of a full integral image: one byte
 * per pixel and two cheap scans, which matters on the 4 MP levels.
 */
export function fullyKnownWindows(known: Uint8Array, width: number, height: number, r: number): Uint8Array {
  const side = 2 * r + 1;
  const out = new Uint8Array(width * height);
  if (width < side || height < side) return out;
  const rowOk = new Uint8Array(width * height);
  knownRowRuns(known, width, height, r, rowOk);
  knownColumnRuns(rowOk, width, height, r, new Uint32Array(width), out);
  return out;
}

/** Row pass: rowOk[i] = 1 when the horizontal run [x-r, x+r] is all known. */
function knownRowRuns(known: Uint8Array, width: number, height: number, r: number, rowOk: Uint8Array): void {
  const side = 2 * r + 1;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let run = 0;
    for (let x = 0; x < width; x++) {
      // The mask holds 0 or 1: one path for every pixel, whose first known one comes late (README, speed);
      // the same for the store (0 leaves the entry as it is).
      run = (run + 1) * known[row + x]!;
      const at = Math.max(row, row + x - r);
      rowOk[at] = rowOk[at]! | (run >= side ? 1 : 0);
    }
  }
}

/** Column pass over rowOk, one running count per column (`runs`, zeroed). */
function knownColumnRuns(
  rowOk: Uint8Array,
  width: number,
  height: number,
  r: number,
  runs: Uint32Array,
  out: Uint8Array,
): void {
  const side = 2 * r + 1;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const centreRow = (y - r) * width;
    for (let x = r; x < width - r; x++) {
      const run = (runs[x]! + 1) * rowOk[row + x]!;
      runs[x] = run;
      // As above: one store per pixel, into row 0 while the first rows have no centre yet.
      const at = Math.max(x, centreRow + x);
      out[at] = out[at]! | (run >= side ? 1 : 0);
    }
  }
}

export interface PatchSets {
  /** 1 where a patch centred here lies wholly in the sampling band. */
  validSource: Uint8Array;
  /** Indices of valid source centres (for random restarts). */
  sources: Int32Array;
  /** Indices of centres whose patch holds at least one unknown pixel, in scan order. */
  targets: Int32Array;
}

/** `band`: the known pixels patches may be copied from (the whole known mask when there is no band). */
export function findPatchSets(
  known: Uint8Array,
  band: Uint8Array,
  width: number,
  height: number,
  r: number,
  /** fullyKnownWindows(band, width, height, r) when the caller has it already (planning the levels does). */
  validWindows?: Uint8Array,
): PatchSets {
  const validSource = validWindows ?? fullyKnownWindows(band, width, height, r);
  // A window wholly in the band is wholly known, so only the other windows need the known test.
  const wholeKnown = band === known ? validSource : fullyKnownWindows(known, width, height, r);
  let sourceCount = 0;
  let targetCount = 0;
  for (let y = r; y < height - r; y++) {
    const row = y * width;
    sourceCount += countInRow(validSource, row + r, row + width - r, 1);
    targetCount += countInRow(wholeKnown, row + r, row + width - r, 0);
  }
  const sources = new Int32Array(sourceCount);
  const targets = new Int32Array(targetCount);
  let s = 0;
  let t = 0;
  for (let y = r; y < height - r; y++) {
    const row = y * width;
    s = listInRow(validSource, row + r, row + width - r, 1, sources, s);
    t = listInRow(wholeKnown, row + r, row + width - r, 0, targets, t);
  }
  return new Sets(validSource, sources, targets);
}

/** A class, not an object literal, as it is made for every level (see patch-match-search.ts). */
class Sets implements PatchSets {
  readonly validSource: Uint8Array;
  readonly sources: Int32Array;
  readonly targets: Int32Array;
  constructor(validSource: Uint8Array, sources: Int32Array, targets: Int32Array) {
    this.validSource = validSource;
    this.sources = sources;
    this.targets = targets;
  }
}

/** How many of mask[from..to) equal `value`. */
function countInRow(mask: Uint8Array, from: number, to: number, value: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (mask[i] === value) n++;
  return n;
}

/** Appends to `list` from `at` the indices in [from, to) where mask equals `value`; returns the new length. */
function listInRow(mask: Uint8Array, from: number, to: number, value: number, list: Int32Array, at: number): number {
  let k = at;
  for (let i = from; i < to; i++) if (mask[i] === value) list[k++] = i;
  return k;
}

/** Number of valid source centres for a patch radius, without building the sets. */
export function countValidSources(known: Uint8Array, width: number, height: number, r: number): number {
  return countSet(fullyKnownWindows(known, width, height, r));
}
