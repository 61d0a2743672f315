import type { EngineLevel } from './engine-level';
import type { CorrespondenceField } from './patch-match-search';

/**
 * Final pass: each generated pixel takes the source pixel that the patch centred on it points to,
 * instead of the average of all overlapping patches. Averaging (the EM vote) blurs fine texture
 * and softens edges into a visible step at the border; copying keeps the grain of the source, and
 * the border patches were matched on the known pixels beside them, so edges continue.
 * `weight` < 1 mixes in the voted colour already in place (a little averaging raises fidelity to
 * the true scene, PSNR, at a small cost in fine grain).
 * Pixels too close to the canvas edge to centre a patch use the nearest patch centre's offset.
 */
export function copyPatchCentres(level: EngineLevel, field: CorrespondenceField, r: number, weight: number): void {
  // One row per call: V8 optimises the row once, as a whole function, and every level reuses it; one call per
  // level was optimised mid-loop, then compiled again for the next level (README, speed).
  for (let y = 0; y < level.height; y++) copyRowCentres(level, field.source, r, weight, y);
}

/** copyPatchCentres for row `y`. */
function copyRowCentres(level: EngineLevel, src: Int32Array, r: number, weight: number, y: number): void {
  const keep = 1 - weight;
  const { width, height, rgb, known } = level;
  const cy = clampCentre(y, r, height - 1 - r);
  for (let x = 0; x < width; x++) {
    const i = y * width + x;
    if (known[i] === 1) continue;
    const cx = clampCentre(x, r, width - 1 - r);
    const t = cy * width + cx;
    const s = src[t]!;
    if (s < 0) continue;
    const j = (s + (i - t)) * 3;
    rgb[i * 3] = weight * rgb[j]! + keep * rgb[i * 3]!;
    rgb[i * 3 + 1] = weight * rgb[j + 1]! + keep * rgb[i * 3 + 1]!;
    rgb[i * 3 + 2] = weight * rgb[j + 2]! + keep * rgb[i * 3 + 2]!;
  }
}

/**
 * The final colours on a canvas whose field was only carried up from a coarser level (large
 * canvases): such a field keeps one offset per 2×2 (or 4×4) block, and a plain centre copy shows
 * those blocks in fine texture. Each generated pixel takes `weight` of its own copy and the rest
 * from the mean of the copies its 3×3 neighbours' offsets give it, which blends the block edges
 * (a one-pixel version of the EM vote, Wexler et al. 2007) without a search or any scratch memory.
 */
export function blendCarriedCopies(level: EngineLevel, field: CorrespondenceField, r: number, weight: number): void {
  const { width, height } = level;
  const b: CarriedBlend = { level, src: field.source, r, weight, keep: 1 - weight };
  // Away from the canvas edge every neighbour centre is a plain ±1 step: no clamping needed. Each
  // kind of span is its own function, so V8 optimises each once it has run (one loop over the whole
  // canvas was optimised mid-run, then thrown away at the first span it had not seen; README, speed).
  const lo = Math.min(r + 1, width);
  const hi = Math.max(lo, width - 1 - r);
  // The rows near the top and bottom edge (edge spans across the whole row) come last: a pixel reads only known
  // pixels (its sources) and writes only itself, so the order of rows changes nothing, and V8 then optimises
  // blendEdgeSpan once, on the short spans of the middle rows, instead of mid-loop on a long first row and again.
  const inner = r >= 1;
  for (let y = 0; y < height; y++) {
    if (inner && y > r && y < height - 1 - r) {
      blendEdgeSpan(b, y, 0, lo);
      // Pieces of at most 256 pixels, so no call runs long enough to be optimised mid-loop as well.
      for (let from = lo; from < hi; from += 256) blendInnerSpan(b, y, from, Math.min(hi, from + 256));
      blendEdgeSpan(b, y, hi, width);
    }
  }
  for (let y = 0; y < height; y++) {
    if (!(inner && y > r && y < height - 1 - r)) blendEdgeSpan(b, y, 0, width);
  }
}

interface CarriedBlend {
  level: EngineLevel;
  src: Int32Array;
  r: number;
  weight: number;
  keep: number;
}

/** Pixels x in [from, to) of row y, all of whose 3×3 neighbour centres are on the canvas. */
function blendInnerSpan(b: CarriedBlend, y: number, from: number, to: number): void {
  const { src, weight, keep } = b;
  const { width, rgb, known } = b.level;
  for (let x = from; x < to; x++) {
    const i = y * width + x;
    if (known[i] === 1) continue;
    const own = src[i]!;
    if (own < 0) continue;
    const j = own * 3;
    // All 9 neighbours copy with the pixel's own offset (three in four pixels of a carried field, whose offsets
    // come in 2×2 blocks or larger): each proposes the pixel's own copy, and the mean of 9 equal float32 values,
    // summed in doubles, is that value exactly, so it is taken as is (the same bytes, a third of the reads).
    if (
      src[i - width - 1] === own - width - 1 &&
      src[i - width] === own - width &&
      src[i - width + 1] === own - width + 1 &&
      src[i - 1] === own - 1 &&
      src[i + 1] === own + 1 &&
      src[i + width - 1] === own + width - 1 &&
      src[i + width] === own + width &&
      src[i + width + 1] === own + width + 1
    ) {
      const r = rgb[j]!;
      const g = rgb[j + 1]!;
      const bl = rgb[j + 2]!;
      rgb[i * 3] = weight * r + keep * r;
      rgb[i * 3 + 1] = weight * g + keep * g;
      rgb[i * 3 + 2] = weight * bl + keep * bl;
      continue;
    }
    let sr = 0;
    let sg = 0;
    let sb = 0;
    let n = 0;
    for (let dy = -width; dy <= width; dy += width) {
      for (let u = i + dy - 1; u <= i + dy + 1; u++) {
        const s = src[u]!;
        if (s < 0) continue;
        const k = (s + (i - u)) * 3;
        sr += rgb[k]!;
        sg += rgb[k + 1]!;
        sb += rgb[k + 2]!;
        n++;
      }
    }
    rgb[i * 3] = weight * rgb[j]! + keep * (sr / n);
    rgb[i * 3 + 1] = weight * rgb[j + 1]! + keep * (sg / n);
    rgb[i * 3 + 2] = weight * rgb[j + 2]! + keep * (sb / n);
  }
}

/** Pixels x in [from, to) of row y near the canvas edge: patch centres clamped r from it. */
function blendEdgeSpan(b: CarriedBlend, y: number, from: number, to: number): void {
  const { src, r, weight, keep } = b;
  const { width, height, rgb, known } = b.level;
  const cy = clampCentre(y, r, height - 1 - r);
  for (let x = from; x < to; x++) {
    const i = y * width + x;
    if (known[i] === 1) continue;
    const cx = clampCentre(x, r, width - 1 - r);
    const t = cy * width + cx;
    const own = src[t]!;
    if (own < 0) continue;
    let sr = 0;
    let sg = 0;
    let sb = 0;
    let n = 0;
    for (let dy = -1; dy <= 1; dy++) {
      const yy = y + dy;
      const ny = clampCentre(yy, r, height - 1 - r);
      for (let dx = -1; dx <= 1; dx++) {
        const xx = x + dx;
        const nx = clampCentre(xx, r, width - 1 - r);
        const s = src[ny * width + nx]!;
        // A clamped neighbour's patch covers pixel i only when i lies within r of its centre.
        if (s < 0 || Math.abs(nx - x) > r || Math.abs(ny - y) > r) continue;
        const k = (s + (i - (ny * width + nx))) * 3;
        sr += rgb[k]!;
        sg += rgb[k + 1]!;
        sb += rgb[k + 2]!;
        n++;
      }
    }
    const j = (own + (i - t)) * 3;
    rgb[i * 3] = weight * rgb[j]! + keep * (sr / n);
    rgb[i * 3 + 1] = weight * rgb[j + 1]! + keep * (sg / n);
    rgb[i * 3 + 2] = weight * rgb[j + 2]! + keep * (sb / n);
  }
}

/**
 * `v` kept within [lo, hi] (patch centres r from the canvas edge), as one function for rows and columns alike:
 * V8 collects its type feedback from every use, so code optimised on the top rows has seen the bottom rows'
 * case too (the columns of the first row reach it) and is not thrown away there (see README, speed).
 */
export function clampCentre(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
