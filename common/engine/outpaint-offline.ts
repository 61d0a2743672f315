import { correctBorderColour } from './border-colour-correction';
import { blendCarriedCopies, clampCentre, copyPatchCentres } from './centre-copy';
import { throwIfCancelled } from './cancelled-error';
import { confidenceMap, distanceToKnown, knownDistances, layersNearKnown } from './distance-to-known';
import { DEFAULT_ENGINE_TUNING, type EngineTuning } from './engine-tuning';
import { countSet, downsampleLevel, engineLevel, upsampleUnknownColours, type EngineLevel } from './engine-level';
import { upsampleField } from './field-upsample';
import { onionPeelFill } from './onion-peel-fill';
import { downsampleMask, samplingBand } from './sampling-band';
import {
  createField,
  patchMatchSweep,
  rescoreField,
  randomizeField,
  searchState,
  type CorrespondenceField,
} from './patch-match-search';
import { findPatchSets, fullyKnownWindows, windowSums, type PatchSets } from './patch-sets';
import { createVoteScratch, votePatches, type VoteScratch } from './patch-vote';
import { SeededRandom } from './seeded-random';
import { smoothFarFill } from './smooth-far-fill';
import { continueEdges } from './edge-continuation';
import { BORDER_SIDES, assessBorder, type BorderSide } from './assess-border';
import { validateOfflineInput } from './validate-offline-input';

export { CancelledError } from './cancelled-error';
export { DEFAULT_ENGINE_TUNING, type EngineTuning } from './engine-tuning';

export interface OfflineOutpaintProgress {
  /** 1-based index of the pyramid level being worked on, 1 = coarsest. */
  level: number;
  levels: number;
  /** Overall fraction of the estimated work done, 0..1. */
  fraction: number;
}

export interface RgbaImage {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

/** What one run did, for tests and the panel. */
export interface OfflineOutpaintReport {
  /** Width of the sampling band in canvas pixels (0 when nothing was generated). */
  bandWidth: number;
  /** Share of generated pixels whose source pixel lies outside the sampling band: 0 by construction. */
  sourceOutsideBandShare: number;
}

export interface OfflineOutpaintResult extends RgbaImage {
  report: OfflineOutpaintReport;
}

export interface OfflineOutpaintInput {
  /** RGBA, 4 bytes per pixel, row-major. Pixels with alpha 0 are unknown and get generated. */
  reference: { data: Uint8ClampedArray | Uint8Array; width: number; height: number };
  canvasWidth: number;
  canvasHeight: number;
  /** Top-left of the reference on the canvas; may be negative (the reference is cropped to the canvas). */
  offsetX: number;
  offsetY: number;
  seed?: number;
  onProgress?: (progress: OfflineOutpaintProgress) => void;
  /** Polled between passes; returning true throws an Error named 'CancelledError'. */
  shouldCancel?: () => boolean;
}

interface PlannedLevel {
  level: EngineLevel;
  /** The sampling band on this level: the only pixels source patches may cover. */
  band: Uint8Array;
  r: number;
  /** The centres whose patch of radius `r` lies wholly in the band (null: not worked out yet). */
  validSource: Uint8Array | null;
  search: boolean;
  iterations: number;
}

/**
 * Extends the reference over the whole canvas by multi-scale patch synthesis: PatchMatch
 * correspondence search (Barnes et al. 2009) inside Wexler-style EM voting (Wexler, Shechtman &
 * Irani 2007), coarse to fine. Known reference pixels are returned byte-exact; generated pixels are
 * opaque. Deterministic for a given seed. Synchronous: run it in a Worker.
 */
export function outpaintOffline(
  input: OfflineOutpaintInput,
  tuning: EngineTuning = DEFAULT_ENGINE_TUNING,
): OfflineOutpaintResult {
  validateOfflineInput(input);
  const { canvasWidth: width, canvasHeight: height, shouldCancel, onProgress } = input;
  const seed = input.seed ?? 1;
  const { output, base, knownCount, knownBox } = placeReference(input);
  if (knownCount === 0) {
    throw new Error('The image has no visible pixels on the canvas to extend from.');
  }
  if (knownCount === width * height) {
    return { data: output, width, height, report: { bandWidth: 0, sourceOutsideBandShare: 0 } };
  }

  // The canvas's distances to the reference serve the band and, below, the finest level's confidence.
  const baseDistances = knownDistances(base.known, width, height);
  const baseToKnown = baseDistances.distances;
  const bandSettings = {
    perExtension: tuning.bandPerExtension,
    maxShareOfReference: tuning.bandMaxShareOfReference,
    minWidth: tuning.bandMinWidth,
  };
  const band = samplingBand(base.known, width, height, bandSettings, baseToKnown, {
    depth: baseDistances.farthest,
    shorter: Math.min(knownBox.x1 - knownBox.x0 + 1, knownBox.y1 - knownBox.y0 + 1),
  });
  const plan = planLevels(base, band.mask, tuning);
  const levels = plan.length;
  const work = plan.map((p) => p.level.width * p.level.height * (p.search ? 1 + 3 * p.iterations : 1));
  const totalWork = work.reduce((a, b) => a + b, 0);
  let doneWork = 0;
  const report = (index: number, amount: number): void => {
    doneWork += amount;
    onProgress?.({ level: index + 1, levels, fraction: Math.min(1, doneWork / totalWork) });
  };

  let previous: { level: EngineLevel; r: number; field: CorrespondenceField } | null = null;
  for (let index = 0; index < levels; index++) {
    throwIfCancelled(shouldCancel);
    const planned = plan[index]!;
    const { level, r } = planned;
    const size = level.width * level.height;
    const perPixel = work[index]! / Math.max(1, planned.search ? 1 + 3 * planned.iterations : 1);
    const random = new SeededRandom((Math.imul(seed | 0, 1000003) + index * 7919) | 0);
    const levelConfidence = (): Float32Array =>
      confidenceMap(
        level === base ? baseToKnown : distanceToKnown(level.known, level.width, level.height),
        tuning.gamma,
        40,
      );
    // A level that is only carried up measures patches only for targets without a usable parent, usually none:
    // its confidence map is made when the first of them comes (field-upsample.ts).
    const confidence = planned.search ? levelConfidence() : null;
    const sets = findPatchSets(
      level.known,
      planned.band,
      level.width,
      level.height,
      r,
      planned.validSource ?? undefined,
    );
    let field: CorrespondenceField;
    let voteScratch: VoteScratch | null = null;
    const scratch = (): VoteScratch => (voteScratch ??= createVoteScratch(size));
    if (previous === null) {
      onionPeelFill(level);
      field = createField(size);
    } else {
      upsampleUnknownColours(previous.level, level);
      field = upsampleField(
        { width: previous.level.width, height: previous.level.height, r: previous.r, field: previous.field },
        {
          width: level.width,
          height: level.height,
          r,
          rgb: level.rgb,
          confidence: confidence ?? levelConfidence,
          sets,
        },
        random,
        !planned.search,
      );
      // Rebuild this level from the carried-over field before searching it, so the search starts
      // from a sharp synthesis rather than from blurry upsampled colours: each generated pixel takes
      // the pixel its own patch's match points to (centre-copy.ts). A vote here would average the
      // carried matches, whose offsets change every other pixel, and fade sparse detail (stars)
      // that the search then cannot find again. Levels that are not searched skip it when the
      // centre copy finishes: their field is only carried up, and the centre copy on the last
      // level overwrites every generated pixel.
      const carryOnly = !planned.search && tuning.centreCopy;
      if (!carryOnly) copyPatchCentres(level, field, r, 1);
    }
    report(index, perPixel);
    if (confidence !== null) {
      // Searched (confidence is made for every searched level).
      const state = searchState({
        width: level.width,
        height: level.height,
        r,
        rgb: level.rgb,
        confidence,
        sets,
        field,
        coherenceBias: tuning.coherenceBias,
        localityWeight: tuning.localityWeight,
        searchRadius: previous === null ? Math.max(level.width, level.height) : tuning.fineSearchRadius,
        random,
      });
      if (previous === null) randomizeField(state);
      const confidenceSums = tuning.similarityVotes ? windowSums(confidence, level.width, level.height, r) : null;
      for (let iteration = 0; iteration < planned.iterations; iteration++) {
        throwIfCancelled(shouldCancel);
        rescoreField(state);
        patchMatchSweep(state, iteration % 2 === 0);
        throwIfCancelled(shouldCancel);
        if (size <= tuning.copyLevelMaxPixels) {
          copyPatchCentres(level, field, r, 1);
        } else {
          votePatches(level, {
            r,
            targets: sets.targets,
            field,
            confidence,
            confidenceSums,
            scratch: scratch(),
          });
        }
        report(index, 3 * perPixel);
      }
    }
    previous = { level, r, field };
  }

  throwIfCancelled(shouldCancel);
  if (tuning.centreCopy && previous !== null) {
    const last = plan[levels - 1]!;
    if (!last.search && tuning.blendCarried) {
      blendCarriedCopies(base, previous.field, last.r, tuning.centreCopyWeight);
    } else {
      copyPatchCentres(base, previous.field, last.r, last.search ? tuning.centreCopyWeight : 1);
    }
  }
  if (tuning.smoothMaxBlend > 0) {
    const unit = Math.max(1, band.width);
    smoothFarFill(base, baseToKnown, {
      radius: tuning.smoothRadiusPerBand * unit,
      start: tuning.smoothStartPerBand * unit,
      ramp: tuning.smoothRampPerBand * unit,
      maxBlend: tuning.smoothMaxBlend,
      keepRadius: tuning.smoothKeepRadius,
      sides: smoothingSides(input, tuning),
    });
  }
  // The pixels next to the reference, for both steps below (one pass over the canvas).
  const near = layersNearKnown(baseToKnown, Math.max(1, tuning.edgeDepth));
  if (tuning.borderBand > 0) {
    correctBorderColour(
      base,
      {
        band: tuning.borderBand,
        windowRadius: tuning.borderWindowRadius,
        maxShift: tuning.borderMaxShift,
        strength: tuning.borderStrength,
      },
      baseToKnown,
      near,
    );
  }
  if (tuning.edgeDepth > 0) {
    continueEdges(base, baseToKnown, { depth: tuning.edgeDepth, strength: tuning.edgeStrength }, near);
  }
  const last = plan[levels - 1]!;
  const sourceOutsideBandShare =
    previous === null ? 0 : shareOutsideBand(base.known, band.mask, width, height, previous.field, last.r);
  writeGenerated(base, output);
  return { data: output, width, height, report: { bandWidth: band.width, sourceOutsideBandShare } };
}

/**
 * How much each side of the reference is smoothed far out (smooth-far-fill.ts), from the same look at the band
 * the panel gets (assess-border.ts). Where a subject touches the edge (busy), patch copying can only cut it up and
 * repeat it (a second cheek, a stack of cup rims): the evidence for anything sharp out there is weak, so the fill
 * softens with distance. An even texture, layers or a calm edge are what patch copying extends well; a low-pass
 * would only flatten them (gravel, brick, stars), so by default they keep their detail.
 */
function smoothingSides(
  input: OfflineOutpaintInput,
  tuning: EngineTuning,
): { rect: { x0: number; y0: number; x1: number; y1: number }; factor: Record<BorderSide, number> } {
  const { reference, canvasWidth, canvasHeight, offsetX, offsetY } = input;
  const x0 = Math.max(0, offsetX);
  const y0 = Math.max(0, offsetY);
  const x1 = Math.min(canvasWidth, offsetX + reference.width);
  const y1 = Math.min(canvasHeight, offsetY + reference.height);
  // Every kind of side gets the full blend: no need to look at the border.
  if (tuning.smoothTextureFactor === 1 && tuning.smoothQuietFactor === 1) {
    return { rect: { x0, y0, x1, y1 }, factor: { left: 1, right: 1, top: 1, bottom: 1 } };
  }
  const extend: Record<BorderSide, number> = {
    left: x0,
    top: y0,
    right: Math.max(0, canvasWidth - x1),
    bottom: Math.max(0, canvasHeight - y1),
  };
  // The visible part of the reference, as the engine sees it.
  const w = Math.max(1, x1 - x0);
  const h = Math.max(1, y1 - y0);
  const data = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) {
    const from = ((y + y0 - offsetY) * reference.width + (x0 - offsetX)) * 4;
    data.set(reference.data.subarray(from, from + w * 4), y * w * 4);
  }
  const { sides } = assessBorder({ reference: { data, width: w, height: h }, extend });
  const factor = { left: 1, right: 1, top: 1, bottom: 1 };
  for (const side of BORDER_SIDES) {
    const reason = sides[side].reason;
    factor[side] = sides[side].busy ? 1 : reason === 'texture' ? tuning.smoothTextureFactor : tuning.smoothQuietFactor;
  }
  return { rect: { x0, y0, x1, y1 }, factor };
}

/**
 * Share of generated pixels whose source pixel, the one the final centre copy takes
 * (copyPatchCentres), lies outside the sampling band. Measured, not assumed, so tests can hold the
 * band to its promise.
 */
function shareOutsideBand(
  known: Uint8Array,
  band: Uint8Array,
  width: number,
  height: number,
  field: CorrespondenceField,
  r: number,
): number {
  let generated = 0;
  let outside = 0;
  for (let y = 0; y < height; y++) {
    const cy = clampCentre(y, r, height - 1 - r);
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (known[i] === 1) continue;
      generated++;
      const cx = clampCentre(x, r, width - 1 - r);
      const t = cy * width + cx;
      const s = field.source[t]!;
      if (s < 0 || band[s + (i - t)] !== 1) outside++;
    }
  }
  return generated === 0 ? 0 : outside / generated;
}

/** The generated pixels of `level` into the RGBA canvas, opaque. */
function writeGenerated(level: EngineLevel, output: Uint8ClampedArray): void {
  const { rgb, known } = level;
  for (let i = 0; i < known.length; i++) {
    if (known[i] === 1) continue;
    // Uint8ClampedArray rounds to nearest on assignment.
    output[i * 4] = rgb[i * 3]!;
    output[i * 4 + 1] = rgb[i * 3 + 1]!;
    output[i * 4 + 2] = rgb[i * 3 + 2]!;
    output[i * 4 + 3] = 255;
  }
}

/** Copies the visible part of the reference onto the canvas, byte-exact, and marks it known. */
function placeReference(input: OfflineOutpaintInput): {
  output: Uint8ClampedArray;
  base: EngineLevel;
  knownCount: number;
  knownBox: KnownBox;
} {
  const { canvasWidth: width, canvasHeight: height } = input;
  const output = new Uint8ClampedArray(width * height * 4);
  const rgb = new Float32Array(width * height * 3);
  const known = new Uint8Array(width * height);
  // The loop is its own function, so V8's optimised code for it (compiled while it runs) does not
  // stop at the return here, which it had never reached (see README, speed).
  const knownBox = new KnownBox(width, height);
  const knownCount = copyReference(input, output, rgb, known, knownBox);
  return { output, base: engineLevel(width, height, rgb, known), knownCount, knownBox };
}

/** The box of the known pixels (columns x0..x1, rows y0..y1), found while they are marked. */
class KnownBox {
  x0: number;
  y0: number;
  x1 = -1;
  y1 = -1;
  constructor(width: number, height: number) {
    this.x0 = width;
    this.y0 = height;
  }
}

function copyReference(
  input: OfflineOutpaintInput,
  output: Uint8ClampedArray,
  rgb: Float32Array,
  known: Uint8Array,
  box: KnownBox,
): number {
  const { reference, canvasWidth: width, canvasHeight: height, offsetX, offsetY } = input;
  // The known pixels are counted, and their box found, as they are marked (passes over the canvas less).
  let count = 0;
  let bx0 = box.x0;
  let by0 = box.y0;
  let bx1 = box.x1;
  let by1 = box.y1;
  const src = reference.data;
  const x0 = Math.max(0, offsetX);
  const x1 = Math.min(width, offsetX + reference.width);
  const y0 = Math.max(0, offsetY);
  const y1 = Math.min(height, offsetY + reference.height);
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const si = ((y - offsetY) * reference.width + (x - offsetX)) * 4;
      if (src[si + 3] === 0) continue;
      const i = y * width + x;
      output[i * 4] = src[si]!;
      output[i * 4 + 1] = src[si + 1]!;
      output[i * 4 + 2] = src[si + 2]!;
      output[i * 4 + 3] = src[si + 3]!;
      rgb[i * 3] = src[si]!;
      rgb[i * 3 + 1] = src[si + 1]!;
      rgb[i * 3 + 2] = src[si + 2]!;
      known[i] = 1;
      count++;
      if (x < bx0) bx0 = x;
      if (x > bx1) bx1 = x;
      if (y < by0) by0 = y;
      if (y > by1) by1 = y;
    }
  }
  box.x0 = bx0;
  box.y0 = by0;
  box.x1 = bx1;
  box.y1 = by1;
  return count;
}

/** Builds the pyramid, finest first in construction, and returns it coarsest first with each level's patch size. */
function planLevels(base: EngineLevel, baseBand: Uint8Array, tuning: EngineTuning): PlannedLevel[] {
  const pyramid: EngineLevel[] = [base];
  const bands: Uint8Array[] = [baseBand];
  // Per level, the source centres for patches of `coarseMinRadius` and their count, as the stop test below
  // found them: choosing the level's radius needs them again when it comes down to that radius (levels that
  // are only carried up ask for it first).
  const smallest: (WindowCount | null)[] = [null];
  for (;;) {
    const last = pyramid[pyramid.length - 1]!;
    if (Math.max(last.width, last.height) <= tuning.coarsestMaxSide) break;
    const next = downsampleLevel(last);
    const nextBand = downsampleMask(bands[bands.length - 1]!, last.width, last.height);
    // A coarse level may use patches down to `coarseMinRadius` when the band there is too thin for
    // the usual ones: the coarsest level is what lays out the fill, and it must stay coarse.
    const valid = fullyKnownWindows(nextBand, next.width, next.height, tuning.coarseMinRadius);
    const count = countSet(valid);
    if (count < tuning.minSourcePatches) break;
    pyramid.push(next);
    bands.push(nextBand);
    smallest.push(new WindowCount(tuning.coarseMinRadius, valid, count));
  }
  pyramid.reverse();
  bands.reverse();
  smallest.reverse();
  // Canvases up to `searchMaxPixels` are searched on every level. On larger canvases only levels up
  // to `largeCanvasSearchMaxPixels` are: at 1 MP the search of the 0.25 MP level was over half the
  // time and changed the result little (hubble: −0.07 dB PSNR of the generated pixels), since the
  // field carried up from the level below already fits there.
  // The largest searched level of such a canvas gets one EM iteration instead of two (1 MP:
  // −0.1 dB on hubble and on a meadow photo, no visible difference, an eighth less time).
  const largeCanvas = base.width * base.height > tuning.searchMaxPixels;
  const searchLimit = largeCanvas ? tuning.largeCanvasSearchMaxPixels : tuning.searchMaxPixels;
  let lastSearched = 0;
  pyramid.forEach((level, index) => {
    if (level.width * level.height <= searchLimit) lastSearched = index;
  });
  return pyramid.map((level, index) => {
    const search = index === 0 || level.width * level.height <= searchLimit;
    const pixels = level.width * level.height;
    const wanted = !search
      ? tuning.voteRadius
      : pixels > tuning.largeLevelPixels
        ? tuning.largeLevelSearchRadius
        : tuning.searchRadius;
    const band = bands[index]!;
    const bandPixels = countSet(band);
    // Patches must fit the band with room to move: when at most a sliver of the band can centre a
    // patch (a thin band on a coarse level), every target copies from the same few spots.
    const enough = Math.max(tuning.minSourcePatches, tuning.minSourceShareOfBand * bandPixels);
    const { r, validSource } = largestUsableRadius(band, level.width, level.height, wanted, enough, smallest[index]!);
    return {
      level,
      band,
      r,
      validSource,
      search,
      iterations:
        index === 0
          ? tuning.coarsestIterations
          : index === lastSearched
            ? largeCanvas
              ? tuning.largeCanvasLargestIterations
              : tuning.largestSearchedIterations
            : tuning.fineIterations,
    };
  });
}

/** The centres whose patch of radius `r` lies wholly in a level's band, and how many there are. */
class WindowCount {
  readonly r: number;
  readonly valid: Uint8Array;
  readonly count: number;
  constructor(r: number, valid: Uint8Array, count: number) {
    this.r = r;
    this.valid = valid;
    this.count = count;
  }
}

/**
 * The largest patch radius up to `wanted` that leaves at least `enough` source patches in the band,
 * or failing that the largest that leaves any; with the valid source centres for that radius when
 * they were worked out on the way (the patch sets need them again).
 */
function largestUsableRadius(
  band: Uint8Array,
  width: number,
  height: number,
  wanted: number,
  enough: number,
  /** The centres and count for one radius, when the caller has them already. */
  known: WindowCount | null,
): { r: number; validSource: Uint8Array | null } {
  let any = 0;
  for (let r = wanted; r > 0; r--) {
    const valid = known !== null && known.r === r ? known.valid : fullyKnownWindows(band, width, height, r);
    const count = known !== null && known.r === r ? known.count : countSet(valid);
    if (count >= enough) return { r, validSource: valid };
    if (count > 0 && any === 0) any = r;
  }
  if (any > 0) return { r: any, validSource: null };
  return { r: 0, validSource: null };
}

export type { PatchSets };
