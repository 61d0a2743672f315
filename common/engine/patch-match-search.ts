import { patchDistance } from './patch-distance';
import type { PatchSets } from './patch-sets';
import type { SeededRandom } from './seeded-random';

/**
 * The correspondence field: for each target centre, the source centre it copies from, and the
 * cost of that match (confidence-weighted distance times the locality factor). Non-target entries
 * hold -1.
 */
export interface CorrespondenceField {
  source: Int32Array;
  distance: Float32Array;
}

export interface SearchState {
  width: number;
  height: number;
  r: number;
  rgb: Float32Array;
  confidence: Float32Array;
  sets: PatchSets;
  field: CorrespondenceField;
  /**
   * Fraction by which a candidate that continues a neighbour's match (same offset) is preferred.
   * Coherent copies keep sparse details (stars, mortar lines) intact through voting, where
   * incoherent ones average them away.
   */
  coherenceBias: number;
  /**
   * Distance penalty per canvas side of offset between target and source: far sources cost
   * (1 + w·offset/side) times more, so the fill prefers content from nearby, which usually
   * continues the scene better than an object copied from across the image.
   */
  localityWeight: number;
  /**
   * Largest random-search radius. The coarsest level searches the whole band; finer levels start
   * from the field carried up from the level below and only refine it nearby, which keeps the
   * coarse layout (and its coherent copies) and spares most candidates.
   */
  searchRadius: number;
  random: SeededRandom;
}

function localityFactor(width: number, t: number, s: number, perPixel: number): number {
  const tx = t % width;
  const sx = s % width;
  return localityAt(tx, (t - tx) / width, sx, (s - sx) / width, perPixel);
}

/** localityFactor with the coordinates already known (the sweep has them at hand). */
function localityAt(tx: number, ty: number, sx: number, sy: number, perPixel: number): number {
  const dx = tx - sx;
  const dy = ty - sy;
  return 1 + perPixel * Math.sqrt(dx * dx + dy * dy);
}

// The records made again for every pyramid level (this file's field and search state, the patch sets, the
// levels) are class instances, not object literals: V8 widens the field types of an object literal's shape
// the second time the literal runs, and throws away the optimised code that relied on them; the search's
// hottest functions, optimised on the coarsest level, were thrown away (or their compile dropped) on the
// next. A class keeps its shape from its first instance on (see README, speed).

class Field implements CorrespondenceField {
  readonly source: Int32Array;
  readonly distance: Float32Array;
  constructor(source: Int32Array, distance: Float32Array) {
    this.source = source;
    this.distance = distance;
  }
}

export function correspondenceField(source: Int32Array, distance: Float32Array): CorrespondenceField {
  return new Field(source, distance);
}

export function createField(size: number): CorrespondenceField {
  return correspondenceField(new Int32Array(size).fill(-1), new Float32Array(size));
}

class Search implements SearchState {
  readonly width: number;
  readonly height: number;
  readonly r: number;
  readonly rgb: Float32Array;
  readonly confidence: Float32Array;
  readonly sets: PatchSets;
  readonly field: CorrespondenceField;
  readonly coherenceBias: number;
  readonly localityWeight: number;
  readonly searchRadius: number;
  readonly random: SeededRandom;
  constructor(init: SearchState) {
    this.width = init.width;
    this.height = init.height;
    this.r = init.r;
    this.rgb = init.rgb;
    this.confidence = init.confidence;
    this.sets = init.sets;
    this.field = init.field;
    this.coherenceBias = init.coherenceBias;
    this.localityWeight = init.localityWeight;
    this.searchRadius = init.searchRadius;
    this.random = init.random;
  }
}

/** One level's search state, as a class instance (see above). */
export function searchState(init: SearchState): SearchState {
  return new Search(init);
}

export function randomizeField(state: SearchState): void {
  const { sets, field, random } = state;
  const { targets, sources } = sets;
  for (let k = 0; k < targets.length; k++) {
    field.source[targets[k]!] = sources[random.nextInt(sources.length)]!;
  }
}

/** Recomputes every target's match distance after the image under it changed (a vote). */
export function rescoreField(state: SearchState): void {
  const n = state.sets.targets.length;
  for (let from = 0; from < n; from += CHUNK) rescoreTargets(state, from, Math.min(n, from + CHUNK));
}

/**
 * The search's passes run over the targets in chunks of this many, each chunk one call: V8 then optimises each
 * pass once, as a whole function, after a few chunks on the coarsest level, and every later level uses that code.
 * One call per level ran long enough to be optimised mid-loop (on-stack replacement) and was compiled a second
 * time for the next level's call (README, speed). The targets are still taken in the same order.
 */
const CHUNK = 64;

/** rescoreField for targets[from..to). */
function rescoreTargets(state: SearchState, from: number, to: number): void {
  const { rgb, confidence, width, height, r, sets, field } = state;
  const { targets } = sets;
  const src = field.source;
  const dist = field.distance;
  const perPixel = state.localityWeight / Math.max(width, height);
  for (let k = from; k < to; k++) {
    const t = targets[k]!;
    const s = src[t]!;
    dist[t] = patchDistance(rgb, confidence, width, r, t, s, Infinity) * localityFactor(width, t, s, perPixel);
  }
}

/**
 * One PatchMatch sweep (Barnes, Shechtman, Finkelstein & Goldman 2009): propagate good matches
 * from the previous neighbours in scan order, then try random candidates at halving radii.
 * Alternate `forward` between sweeps.
 */
export function patchMatchSweep(state: SearchState, forward: boolean): void {
  const n = state.sets.targets.length;
  // Chunks of targets in scan order, or in reverse (see CHUNK).
  for (let done = 0; done < n; done += CHUNK) {
    const count = Math.min(CHUNK, n - done);
    sweepTargets(state, forward, forward ? done : n - 1 - done, count);
  }
}

/** `count` targets of the sweep from index `start` on, stepping forward or backward. */
function sweepTargets(state: SearchState, forward: boolean, start: number, count: number): void {
  const { rgb, confidence, width, height, r, sets, field, random } = state;
  const { targets, validSource } = sets;
  const src = field.source;
  const dist = field.distance;
  const keep = 1 - state.coherenceBias;
  const step = forward ? 1 : -1;
  const maxRadius = Math.min(state.searchRadius, Math.max(width, height));
  const lo = r;
  const hiX = width - 1 - r;
  const hiY = height - 1 - r;
  const size = width * height;
  const perPixel = state.localityWeight / Math.max(width, height);
  // The scan order's index steps by ±1 (not `n - 1 - k` on backward sweeps only): the first sweep is
  // forward, and V8's code optimised during it would stop at a backward-only expression it had never run.
  for (let m = 0, k = start; m < count; m++, k += step) {
    const t = targets[k]!;
    let best = dist[t]!;
    let bestSource = src[t]!;
    const tx = t % width;
    const ty = (t - tx) / width;

    // The candidates, in order: propagation (the horizontal, then the vertical predecessor's match,
    // shifted by one, with the coherence bonus), then random ones around the best so far, radius
    // halving down to one pixel. They share one call of the distance, so V8 inlines it once in this,
    // the engine's hottest loop, not three times (a third of the compile; README, speed).
    let radius = maxRadius;
    let sx = 0;
    let sy = 0;
    for (let c = 0; ; c++) {
      let cand = -1;
      let weight = 1;
      if (c < 2) {
        weight = keep;
        if (c === 0) {
          const nx = tx - step;
          if (nx >= 0 && nx < width) {
            const ns = src[t - step]!;
            if (ns >= 0) cand = ns + step;
          }
        } else {
          const nv = t - step * width;
          if (nv >= 0 && nv < size) {
            const ns = src[nv]!;
            if (ns >= 0) cand = ns + step * width;
          }
        }
      } else {
        if (radius < 1) break;
        if (c === 2) {
          sx = bestSource % width;
          sy = (bestSource - sx) / width;
        }
        let cx = sx + random.nextInt(2 * radius + 1) - radius;
        let cy = sy + random.nextInt(2 * radius + 1) - radius;
        if (cx < lo) cx = lo;
        else if (cx > hiX) cx = hiX;
        if (cy < lo) cy = lo;
        else if (cy > hiY) cy = hiY;
        cand = cy * width + cx;
        radius >>= 1;
      }
      if (cand < 0 || cand >= size || cand === bestSource || validSource[cand] !== 1) continue;
      // Cost of copying `cand` here (times the bonus for propagated ones); adopted when it beats the best.
      const cx = cand % width;
      const f = weight * localityAt(tx, ty, cx, (cand - cx) / width, perPixel);
      const d = patchDistance(rgb, confidence, width, r, t, cand, best / f) * f;
      if (d < best) {
        best = d;
        bestSource = cand;
      }
    }
    src[t] = bestSource;
    dist[t] = best;
  }
}
