import { patchDistance } from './patch-distance';
import type { CorrespondenceField } from './patch-match-search';
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
  confidence: Float32Array;
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
 * `inheritAtEdges`: see the comment at the parent lookup.
 */
export function upsampleField(
  coarse: CoarseField,
  fine: FineSearchSpace,
  random: SeededRandom,
  inheritAtEdges: boolean,
): CorrespondenceField {
  const { width, height, r, rgb, confidence, sets } = fine;
  const { validSource, targets, sources } = sets;
  const cw = coarse.width;
  const ch = coarse.height;
  const csrc = coarse.field.source;
  const cr = coarse.r;
  const source = new Int32Array(width * height).fill(-1);
  const distance = new Float32Array(width * height);
  const hiX = width - 1 - r;
  const hiY = height - 1 - r;
  const search: NearbySearch = {
    width,
    height,
    r,
    rgb,
    confidence,
    validSource,
    sources,
    cw,
    ch,
    cr,
    csrc,
    random,
    inheritAtEdges,
    source,
    distance,
  };
  for (let k = 0; k < targets.length; k++) {
    const t = targets[k]!;
    const x = t % width;
    const y = (t - x) / width;
    // Fine targets near the canvas edge lie under coarse pixels too close to the edge to centre a
    // patch. On a level that is only voted (no search follows), they inherit the offset of the
    // nearest coarse centre (as copyPatchCentres does), sparing them the neighbourhood search
    // below; on searched levels that search measured better (engine-eval PSNR, hubble edges).
    const px = inheritAtEdges ? clampIndex(x >> 1, cr, cw - 1 - cr) : Math.min(x >> 1, cw - 1);
    const py = inheritAtEdges ? clampIndex(y >> 1, cr, ch - 1 - cr) : Math.min(y >> 1, ch - 1);
    const parentSource = csrc[py * cw + px]!;
    if (parentSource >= 0) {
      const psx = parentSource % cw;
      const sx = x + 2 * (psx - px);
      const sy = y + 2 * ((parentSource - psx) / cw - py);
      if (sx >= r && sx <= hiX && sy >= r && sy <= hiY) {
        const s = sy * width + sx;
        if (validSource[s] === 1) {
          source[t] = s;
          continue;
        }
      }
    }
    // The rarer case is its own function: it is most of this function's code, and kept apart, the
    // loop above is small for V8 to optimise and does not wait for the search's type feedback.
    searchNearby(search, t, x, y, px, py);
  }
  return { source, distance };
}

/** What searchNearby needs of the fine level, the coarse field and the result. */
interface NearbySearch {
  width: number;
  height: number;
  r: number;
  rgb: Float32Array;
  confidence: Float32Array;
  validSource: Uint8Array;
  sources: Int32Array;
  cw: number;
  ch: number;
  cr: number;
  csrc: Int32Array;
  random: SeededRandom;
  inheritAtEdges: boolean;
  source: Int32Array;
  distance: Float32Array;
}

/**
 * For target `t` (at x, y; coarse parent px, py) whose parent had no usable match: the best, by
 * patch distance, of the doubled offsets of nearby coarse targets and a few random sources.
 */
function searchNearby(n: NearbySearch, t: number, x: number, y: number, px: number, py: number): void {
  const { width, height, r, rgb, confidence, validSource, sources, cw, ch, cr, csrc, random } = n;
  const hiX = width - 1 - r;
  const hiY = height - 1 - r;
  let best = Infinity;
  let bestSource = -1;
  // Start from the nearest coarse centre's offset: a good first candidate lets the distance of
  // every later one stop early (patchDistance's limit).
  if (!n.inheritAtEdges) {
    const qx = clampIndex(px, cr, cw - 1 - cr);
    const qy = clampIndex(py, cr, ch - 1 - cr);
    const qs = csrc[qy * cw + qx]!;
    if (qs >= 0 && (qx !== px || qy !== py)) {
      const qsx = qs % cw;
      const sx = x + 2 * (qsx - qx);
      const sy = y + 2 * ((qs - qsx) / cw - qy);
      if (sx >= r && sx <= hiX && sy >= r && sy <= hiY && validSource[sy * width + sx] === 1) {
        bestSource = sy * width + sx;
        best = patchDistance(rgb, confidence, width, r, t, bestSource, Infinity);
      }
    }
  }
  for (let dy = -NEIGHBOURHOOD; dy <= NEIGHBOURHOOD; dy++) {
    const qy = py + dy;
    if (qy < 0 || qy >= ch) continue;
    for (let dx = -NEIGHBOURHOOD; dx <= NEIGHBOURHOOD; dx++) {
      const qx = px + dx;
      if (qx < 0 || qx >= cw) continue;
      const q = qy * cw + qx;
      const qs = csrc[q]!;
      if (qs < 0) continue;
      const qsx = qs % cw;
      const sx = x + 2 * (qsx - qx);
      const sy = y + 2 * ((qs - qsx) / cw - qy);
      if (sx < r || sx > hiX || sy < r || sy > hiY) continue;
      const s = sy * width + sx;
      if (s === bestSource || validSource[s] !== 1) continue;
      const d = patchDistance(rgb, confidence, width, r, t, s, best);
      if (d < best) {
        best = d;
        bestSource = s;
      }
    }
  }
  for (let i = 0; i < RANDOM_TRIES && sources.length > 0; i++) {
    const s = sources[random.nextInt(sources.length)]!;
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
