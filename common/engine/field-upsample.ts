import { patchDistance } from './patch-distance';
import { correspondenceField, type CorrespondenceField } from './patch-match-search';
import type { PatchSets } from './patch-sets';
import type { SeededRandom } from './seeded-random';

export interface CoarseField {
  width: number;
  height: number;
  /** Patch radius of the coarse level: its field has entries only for centres in [r, side-1-r]. */
  r: number;
  field: CorrespondenceField;
}

export interface FineSearchSpace {
  width: number;
  height: number;
  r: number;
  rgb: Float32Array;
  /**
   * Per-pixel confidence for the patch distances, or a function that works it out: only targets without a
   * usable parent are measured, and on levels that are only carried up there are usually none, so the map is
   * then never made.
   */
  confidence: Float32Array | (() => Float32Array);
  sets: PatchSets;
}

// Targets without a usable parent (mostly along the canvas edge) try the offsets of the 3×3 nearby
// coarse targets and a few random sources. The search that follows on searched levels refines them
// anyway: a 7×7 neighbourhood and 16 tries cost a tenth of the 1 MP run and changed no eval figure.
const NEIGHBOURHOOD = 1;
const RANDOM_TRIES = 8;

/**
 * Carries the coarse correspondence field to the next finer level: each fine target inherits its
 * coarse parent's offset, doubled. Targets whose parent had no usable match (typically right on
 * the reference border, where the coarse level counted the pixel as known) take the best of the
 * doubled offsets of nearby coarse targets and a few random sources, by patch distance.
 * `inheritAtEdges`: see parentIndices.
 */
export function upsampleField(
  coarse: CoarseField,
  fine: FineSearchSpace,
  random: SeededRandom,
  inheritAtEdges: boolean,
): CorrespondenceField {
  const { width, height, sets } = fine;
  const source = new Int32Array(width * height).fill(-1);
  const distance = new Float32Array(width * height);
  const search = new NearbySearch(fine, coarse, random, inheritAtEdges, source, distance);
  // Two passes, each its own function: most targets inherit their parent's offset (the first pass, small for V8
  // to optimise); the few left search nearby, after it, in the same target order, so they draw the same random
  // numbers as when the search was inline. No target's search reads another's result.
  // In chunks of targets, one call each: V8 optimises the step once, for every level, rather than mid-loop on
  // the first level and again on the next (README, speed).
  let pending = 0;
  for (let from = 0; from < sets.targets.length; from += INHERIT_CHUNK) {
    pending += inheritParents(search, sets.targets, from, Math.min(sets.targets.length, from + INHERIT_CHUNK));
  }
  if (pending > 0) {
    if (typeof fine.confidence === 'function') search.confidence = fine.confidence();
    searchPending(search, sets.targets);
  }
  return correspondenceField(source, distance);
}

const NO_CONFIDENCE = new Float32Array(0);

/** Marks a target whose parent has no usable match (a search is still to come). */
const PENDING = -2;

/** Targets[from..to) take their coarse parent's offset, doubled, when that source is valid; returns how many could not. */
const INHERIT_CHUNK = 512;

function inheritParents(n: NearbySearch, targets: Int32Array, from: number, to: number): number {
  const { width, height, r, validSource, cw, csrc, source, parentXs, parentYs } = n;
  const hiX = width - 1 - r;
  const hiY = height - 1 - r;
  let pending = 0;
  for (let k = from; k < to; k++) {
    const t = targets[k]!;
    const x = t % width;
    const y = (t - x) / width;
    const px = parentXs[x]!;
    const py = parentYs[y]!;
    const parentSource = csrc[py * cw + px]!;
    // One store and one count for every target, inherited or not: the first targets needing a search
    // come late (near the reference), and code optimised before them would stop at a separate branch.
    let s = PENDING;
    if (parentSource >= 0) {
      const psx = parentSource % cw;
      const sx = x + 2 * (psx - px);
      const sy = y + 2 * ((parentSource - psx) / cw - py);
      if (sx >= r && sx <= hiX && sy >= r && sy <= hiY && validSource[sy * width + sx] === 1) s = sy * width + sx;
    }
    source[t] = s;
    pending += s === PENDING ? 1 : 0;
  }
  return pending;
}

/** The targets inheritParents left, in target order. */
function searchPending(n: NearbySearch, targets: Int32Array): void {
  const { width, source } = n;
  for (let k = 0; k < targets.length; k++) {
    const t = targets[k]!;
    if (source[t] !== PENDING) continue;
    const x = t % width;
    const y = (t - x) / width;
    searchNearby(n, t, x, y, n.parentXs[x]!, n.parentYs[y]!);
  }
}

/**
 * The coarse parent column (or row) of each fine one, `n` of them on a coarse side of `coarseSide`. Fine targets
 * near the canvas edge lie under coarse pixels too close to the edge to centre a patch. On a level that is only
 * voted (no search follows), they inherit the offset of the nearest coarse centre (as copyPatchCentres does),
 * sparing them the neighbourhood search below; on searched levels that search measured better (engine-eval
 * PSNR, hubble edges). A table per level, so the loop over the targets has no branch that only the last level
 * takes (V8 would throw its optimised code away there; README, speed).
 */
function parentIndices(n: number, coarseSide: number, cr: number, inheritAtEdges: boolean): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = inheritAtEdges ? clampIndex(i >> 1, cr, coarseSide - 1 - cr) : Math.min(i >> 1, coarseSide - 1);
  }
  return out;
}

/**
 * What searchNearby needs of the fine level, the coarse field and the result. A class, not an object literal,
 * as it is made for every level (see patch-match-search.ts).
 */
class NearbySearch {
  readonly width: number;
  readonly height: number;
  readonly r: number;
  readonly rgb: Float32Array;
  /** Set before the first patch distance when it comes as a function (FineSearchSpace.confidence). */
  confidence: Float32Array;
  readonly validSource: Uint8Array;
  readonly sources: Int32Array;
  readonly cw: number;
  readonly ch: number;
  readonly cr: number;
  readonly csrc: Int32Array;
  readonly random: SeededRandom;
  readonly inheritAtEdges: boolean;
  readonly source: Int32Array;
  readonly distance: Float32Array;
  /** The coarse parent column of each fine column, and row of each fine row. */
  readonly parentXs: Int32Array;
  readonly parentYs: Int32Array;
  /** Scratch: one target's candidate sources, and whether each is skipped when it is already the best. */
  readonly candidates = new Int32Array(1 + (2 * NEIGHBOURHOOD + 1) ** 2 + RANDOM_TRIES);
  readonly skipIfBest = new Uint8Array(1 + (2 * NEIGHBOURHOOD + 1) ** 2 + RANDOM_TRIES);
  constructor(
    fine: FineSearchSpace,
    coarse: CoarseField,
    random: SeededRandom,
    inheritAtEdges: boolean,
    source: Int32Array,
    distance: Float32Array,
  ) {
    this.width = fine.width;
    this.height = fine.height;
    this.r = fine.r;
    this.rgb = fine.rgb;
    this.confidence = typeof fine.confidence === 'function' ? NO_CONFIDENCE : fine.confidence;
    this.validSource = fine.sets.validSource;
    this.sources = fine.sets.sources;
    this.cw = coarse.width;
    this.ch = coarse.height;
    this.cr = coarse.r;
    this.csrc = coarse.field.source;
    this.random = random;
    this.inheritAtEdges = inheritAtEdges;
    this.source = source;
    this.distance = distance;
    this.parentXs = parentIndices(fine.width, coarse.width, coarse.r, inheritAtEdges);
    this.parentYs = parentIndices(fine.height, coarse.height, coarse.r, inheritAtEdges);
  }
}

/**
 * For target `t` (at x, y; coarse parent px, py) whose parent had no usable match: the best, by
 * patch distance, of the doubled offsets of nearby coarse targets and a few random sources.
 */
function searchNearby(n: NearbySearch, t: number, x: number, y: number, px: number, py: number): void {
  const { width, height, r, validSource, sources, cw, ch, cr, csrc, random, candidates, skipIfBest } = n;
  const hiX = width - 1 - r;
  const hiY = height - 1 - r;
  // The candidates are listed first, then measured in the same order through one call of the distance
  // (V8 inlines it once, not three times: a third of this function's compile; README, speed). Listing
  // first draws the same random numbers in the same order; whether a candidate repeats the best so far
  // is only known while measuring, so that test waits for it (`skipIfBest`).
  let count = 0;
  // Start from the nearest coarse centre's offset: a good first candidate lets the distance of
  // every later one stop early (patchDistance's limit).
  if (!n.inheritAtEdges) {
    const qx = clampIndex(px, cr, cw - 1 - cr);
    const qy = clampIndex(py, cr, ch - 1 - cr);
    const qs = csrc[qy * cw + qx]!;
    // Worked out, and stored, for every target, kept only when that centre was clamped (near the canvas edge):
    // those targets come late, and V8's code optimised before them stopped at a branch of their own (README,
    // speed). With no match there (qs −1), the arithmetic runs on harmlessly and the candidate is not kept.
    const qsx = qs % cw;
    const sx = x + 2 * (qsx - qx);
    const sy = y + 2 * ((qs - qsx) / cw - qy);
    const at = insideAt(sx, sy, r, hiX, hiY, width);
    candidates[count] = at;
    skipIfBest[count] = 0;
    const valid = validSource[at < 0 ? 0 : at]!;
    count += (qs >= 0 ? 1 : 0) & (qx !== px || qy !== py ? 1 : 0) & (at >= 0 ? 1 : 0) & valid;
  }
  for (let dy = -NEIGHBOURHOOD; dy <= NEIGHBOURHOOD; dy++) {
    const qy = py + dy;
    if (qy < 0 || qy >= ch) continue;
    for (let dx = -NEIGHBOURHOOD; dx <= NEIGHBOURHOOD; dx++) {
      const qx = px + dx;
      if (qx < 0 || qx >= cw) continue;
      const q = qy * cw + qx;
      const qs = csrc[q]!;
      // As above: worked out and stored for every neighbour, counted only when it has a match that lands on a
      // valid source (the first pending targets often have no neighbour with a match).
      const qsx = qs % cw;
      const sx = x + 2 * (qsx - qx);
      const sy = y + 2 * ((qs - qsx) / cw - qy);
      const s = insideAt(sx, sy, r, hiX, hiY, width);
      candidates[count] = s;
      skipIfBest[count] = 1;
      const valid = validSource[s < 0 ? 0 : s]!;
      count += (qs >= 0 ? 1 : 0) & (s >= 0 ? 1 : 0) & valid;
    }
  }
  for (let i = 0; i < RANDOM_TRIES && sources.length > 0; i++) {
    candidates[count] = sources[random.nextInt(sources.length)]!;
    skipIfBest[count++] = 0;
  }
  bestCandidate(n, t, count);
}

/** Index of (sx, sy) when it can centre a patch (in [r, hiX] × [r, hiY]), else −1; every test runs every time. */
function insideAt(sx: number, sy: number, r: number, hiX: number, hiY: number, width: number): number {
  const inside = (sx >= r ? 1 : 0) & (sx <= hiX ? 1 : 0) & (sy >= r ? 1 : 0) & (sy <= hiY ? 1 : 0);
  return inside * (sy * width + sx + 1) - 1;
}

/** The best of the `count` listed candidates for target `t`, by patch distance, into the field. */
function bestCandidate(n: NearbySearch, t: number, count: number): void {
  const { width, r, rgb, confidence, candidates, skipIfBest } = n;
  let best = Infinity;
  let bestSource = -1;
  for (let c = 0; c < count; c++) {
    const s = candidates[c]!;
    // Both tests run for every candidate (no `&&`): the first neighbour candidate can come late (README, speed).
    if ((skipIfBest[c]! & (s === bestSource ? 1 : 0)) === 1) continue;
    const d = patchDistance(rgb, confidence, width, r, t, s, best);
    if (d < best) {
      best = d;
      bestSource = s;
    }
  }
  n.source[t] = bestSource;
  n.distance[t] = best;
}

function clampIndex(v: number, lo: number, hi: number): number {
  return v < lo ? (lo <= hi ? lo : v) : v > hi ? (hi >= lo ? hi : v) : v;
}
