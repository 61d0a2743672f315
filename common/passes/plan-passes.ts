// One planner for every FLUX request sequence: a frame whose native canvas is past the API's 4 MP, and an extension
// much larger than the image it continues. FLUX Outpainting generates at most 4,194,304 px per call
// (https://docs.bfl.ai/flux_tools/flux_outpainting "Maximum canvas size"), and quality drops when the new area is
// larger than the image it continues (docs/designer-expectations.md #5: extend by at most the source's size).
//
// The plan walks the native canvas (the written image, so nothing generated is ever resampled) from the original
// outwards. The known part of the canvas is always one rectangle, K (at first the original). Each step grows K by a
// strip along one of its sides; a strip too long for one request is cut into tiles along that side, each tile a
// request whose reference is the known band right next to it (a crop of the current canvas: the original plus what
// earlier passes generated). Neighbouring tiles overlap and are cross-faded there. Because a strip spans K's whole
// side, K is a rectangle again after it, so the next strip (a corner included) sees everything made so far.
// Pure: no figma, no DOM; the engine runs the passes (ui/jobs/run-passes.ts).
import type { Rect, Size } from '../geometry/plan';
import { API_MAX_PIXELS, API_MIN_SIDE, FAST_ALIGNMENT, FAST_MAX_ASPECT, FIGMA_MAX_SIDE } from '../geometry/plan-canvas';

export type Side = 'left' | 'right' | 'top' | 'bottom';

export interface PassLimits {
  /** Width × height of one request (https://docs.bfl.ai/flux_tools/flux_outpainting: 4,194,304). */
  maxPixels: number;
  /** Per side of one request and of the canvas (Figma's createImage limit; docs/bfl-api.md, Placement geometry). */
  maxSide: number;
  /** Per side of one request (https://docs.bfl.ai/flux_tools/flux_outpainting, Troubleshooting: at least 64). */
  minSide: number;
  /** Fast mode's alignment padding, which must still fit under maxPixels ("Fast mode requirements"). */
  fastAlignment: number;
  /** Fast mode: the placed reference and (by the brief) the canvas at most this many times longer than wide. */
  fastMaxAspect: number;
}

export const FLUX_PASS_LIMITS: PassLimits = {
  maxPixels: API_MAX_PIXELS,
  maxSide: FIGMA_MAX_SIDE,
  minSide: API_MIN_SIDE,
  fastAlignment: FAST_ALIGNMENT,
  fastMaxAspect: FAST_MAX_ASPECT,
};

/** New area per pass ÷ its reference: past 1× quality drops (docs/designer-expectations.md #5). */
export const MAX_NEW_PER_CONTEXT = 1;
/** Tiles of one strip overlap by this much, cross-faded, so no tile edge shows as a seam. */
export const TILE_OVERLAP = 64;
/** A strip's reference is at least this deep (when the known part allows), so a thin strip still sees the scene. */
export const MIN_CONTEXT = 512;

export interface PassesInput {
  /** The native canvas: the image written back, in its own pixels (≤ maxSide per side). */
  canvas: Size;
  /** The original's placement on that canvas, whole pixels, inside it. */
  original: Rect;
  /** Fast mode's extra rules apply to every request. */
  fast: boolean;
  limits?: PassLimits;
  /** New area per pass ÷ its reference, at most; MAX_NEW_PER_CONTEXT unless a test asks otherwise. */
  maxNewPerContext?: number;
}

export interface Pass {
  /** The request's canvas on the native canvas: `width`/`height` of the request are its size. */
  region: Rect;
  /**
   * The reference sent: this crop of the current canvas (known pixels only), placed at
   * `reference_offset_x/y` = reference − region. Everything else in the region is generated.
   */
  reference: Rect;
  /** The side of the known rectangle this pass extends; null for a single whole-canvas pass. */
  side: Side | null;
  /**
   * Where the generated part overlaps the previous tile: there the new pixels fade in from `from` (weight 0 at that
   * edge of the rect, 1 at the opposite edge). Null when nothing generated earlier is overlapped.
   */
  blend: { rect: Rect; from: Side } | null;
}

export interface PassPlan {
  canvas: Size;
  original: Rect;
  passes: Pass[];
  /** Largest new area ÷ reference of any pass. */
  maxNewPerContext: number;
  /** Sum of the requests' pixels, for estimates. */
  totalPixels: number;
}

export type PassesResult = { ok: true; plan: PassPlan } | { ok: false; reason: PassesRefusal };

export type PassesRefusal = 'covered' | 'bad-input' | 'too-thin';

/** Pixels a request occupies once fast mode pads each side to its alignment. */
export function paddedPixels(width: number, height: number, alignment: number): number {
  return Math.ceil(width / alignment) * alignment * Math.ceil(height / alignment) * alignment;
}

function aspect(w: number, h: number): number {
  return Math.max(w, h) / Math.max(1, Math.min(w, h));
}

/**
 * Whether one request of this size and reference fits the API: sides within [minSide, maxSide], area within 4 MP
 * with room for fast mode's padding in both modes (as common/geometry/plan-canvas.ts does, so one plan serves
 * both), and fast mode's aspect rules when it is chosen.
 */
export function requestFits(
  region: Size,
  reference: Size,
  fast: boolean,
  limits: PassLimits = FLUX_PASS_LIMITS,
): boolean {
  const { width: w, height: h } = region;
  if (Math.min(w, h) < limits.minSide || Math.max(w, h) > limits.maxSide) return false;
  if (w * h > limits.maxPixels || paddedPixels(w, h, limits.fastAlignment) >= limits.maxPixels) return false;
  if (reference.width < 1 || reference.height < 1) return false;
  if (!fast) return true;
  return (
    Math.min(reference.width, reference.height) >= limits.minSide &&
    aspect(reference.width, reference.height) <= limits.fastMaxAspect &&
    aspect(w, h) <= limits.fastMaxAspect
  );
}

/** Everything in the region outside the reference is generated. */
export function newPixels(pass: Pick<Pass, 'region' | 'reference'>): number {
  return pass.region.width * pass.region.height - pass.reference.width * pass.reference.height;
}

export function planPasses(input: PassesInput): PassesResult {
  const limits = input.limits ?? FLUX_PASS_LIMITS;
  const ratio = input.maxNewPerContext ?? MAX_NEW_PER_CONTEXT;
  const { canvas, original, fast } = input;
  const whole = [canvas.width, canvas.height, original.x, original.y, original.width, original.height];
  if (!whole.every((v) => Number.isInteger(v)) || !(ratio > 0)) return { ok: false, reason: 'bad-input' };
  if (canvas.width < 1 || canvas.height < 1 || canvas.width > limits.maxSide || canvas.height > limits.maxSide)
    return { ok: false, reason: 'bad-input' };
  if (original.width < 1 || original.height < 1 || original.x < 0 || original.y < 0)
    return { ok: false, reason: 'bad-input' };
  if (original.x + original.width > canvas.width || original.y + original.height > canvas.height)
    return { ok: false, reason: 'bad-input' };

  const total = canvas.width * canvas.height;
  const kept = original.width * original.height;
  if (total === kept) return { ok: false, reason: 'covered' };

  const wholeCanvas: Rect = { x: 0, y: 0, width: canvas.width, height: canvas.height };
  // Today's single pass, when it is within every limit and the new area within its ratio: nothing to split.
  if ((total - kept) / kept <= ratio && requestFits(canvas, original, fast, limits)) {
    return done(input, [{ region: wholeCanvas, reference: { ...original }, side: null, blend: null }]);
  }

  const passes: Pass[] = [];
  let known: Rect = { ...original };
  for (let guard = 0; guard < 10_000; guard++) {
    const side = nextSide(known, canvas);
    if (side === null) return done(input, passes);
    const strip = planStrip(known, canvas, side, fast, limits, ratio);
    if (strip === null) return { ok: false, reason: 'too-thin' };
    passes.push(...strip.passes);
    known = strip.known;
  }
  return { ok: false, reason: 'bad-input' };
}

function done(input: PassesInput, passes: Pass[]): PassesResult {
  let maxRatio = 0;
  let totalPixels = 0;
  for (const pass of passes) {
    maxRatio = Math.max(maxRatio, newPixels(pass) / (pass.reference.width * pass.reference.height));
    totalPixels += pass.region.width * pass.region.height;
  }
  return {
    ok: true,
    plan: {
      canvas: { ...input.canvas },
      original: { ...input.original },
      passes,
      maxNewPerContext: maxRatio,
      totalPixels,
    },
  };
}

function remaining(known: Rect, canvas: Size, side: Side): number {
  switch (side) {
    case 'left':
      return known.x;
    case 'right':
      return canvas.width - known.x - known.width;
    case 'top':
      return known.y;
    case 'bottom':
      return canvas.height - known.y - known.height;
  }
}

const SIDES: readonly Side[] = ['left', 'right', 'top', 'bottom'];

/**
 * The side with the most left to make goes first: on a strong extension the original stays near the middle of the
 * known part, so each later step still sees it, and the long sides are done before the short ones cross them.
 */
function nextSide(known: Rect, canvas: Size): Side | null {
  let best: Side | null = null;
  let bestLeft = 0;
  for (const side of SIDES) {
    const left = remaining(known, canvas, side);
    if (left > bestLeft) {
      best = side;
      bestLeft = left;
    }
  }
  return best;
}

interface StripPlan {
  passes: Pass[];
  known: Rect;
}

/**
 * One strip along `side`: depth d of new pixels (≤ ratio × its context c, and what is left on that side), tiles of
 * length t along the side, each request (c + d) × t within the limits. If no tile length fits, the strip is made
 * shallower.
 */
function planStrip(
  known: Rect,
  canvas: Size,
  side: Side,
  fast: boolean,
  limits: PassLimits,
  ratio: number,
): StripPlan | null {
  const horizontal = side === 'left' || side === 'right';
  const knownDepth = horizontal ? known.width : known.height;
  const length = horizontal ? known.height : known.width;
  const left = remaining(known, canvas, side);
  if (length < limits.minSide) return null;
  const minContext = fast ? limits.minSide : 1;
  if (knownDepth < minContext) return null;

  let depth = Math.min(left, Math.floor(ratio * knownDepth));
  while (depth >= 1) {
    const needed = Math.max(Math.ceil(depth / ratio), minContext);
    // In fast mode the request may be at most 8× longer than wide, so a short side caps how deep it reaches.
    const deepest = fast ? limits.fastMaxAspect * length - depth : Number.POSITIVE_INFINITY;
    const context = Math.min(knownDepth, Math.max(needed, Math.min(MIN_CONTEXT, deepest)));
    const tile = longestTile(context, depth, length, fast, limits);
    if (tile !== null) return cutStrip(known, side, context, depth, tile, length);
    depth = depth > 64 ? Math.floor(depth * 0.9) : depth - 1;
  }
  return null;
}

/** The longest tile (along the side) for a request `context + depth` deep, or null when none fits. */
function longestTile(context: number, depth: number, length: number, fast: boolean, limits: PassLimits): number | null {
  const deep = context + depth;
  const a = limits.fastAlignment;
  // Largest t with t × deep ≤ maxPixels and padded(t) × padded(deep) < maxPixels.
  const byArea = Math.floor(limits.maxPixels / deep);
  const paddedDeep = Math.ceil(deep / a) * a;
  const byPadding = Math.floor((limits.maxPixels - 1) / paddedDeep / a) * a;
  let t = Math.min(length, byArea, byPadding, limits.maxSide);
  if (fast) t = Math.min(t, Math.floor(limits.fastMaxAspect * context), Math.floor(limits.fastMaxAspect * deep));
  const fits = (n: number) => requestFits({ width: deep, height: n }, { width: context, height: n }, fast, limits);
  // The arithmetic above is exact; the loop only guards against a limit set it did not foresee.
  for (let i = 0; i < 64 && t >= limits.minSide && !fits(t); i++) t -= 1;
  return t >= limits.minSide && fits(t) ? t : null;
}

function cutStrip(known: Rect, side: Side, context: number, depth: number, maxTile: number, length: number): StripPlan {
  const horizontal = side === 'left' || side === 'right';
  const overlap = Math.min(TILE_OVERLAP, Math.floor(maxTile / 2));
  const count = length <= maxTile ? 1 : Math.ceil((length - overlap) / (maxTile - overlap));
  // Even tiles: count × tile ≥ length + (count − 1) × overlap, so neighbours overlap by at least `overlap` (−1 for rounding).
  const tile = count === 1 ? length : Math.ceil((length + (count - 1) * overlap) / count);
  const along0 = horizontal ? known.y : known.x;
  const passes: Pass[] = [];
  let previousEnd = along0;
  for (let i = 0; i < count; i++) {
    const start = along0 + (count === 1 ? 0 : Math.round((i * (length - tile)) / (count - 1)));
    // Across the side: the reference is the `context` px of known pixels next to the strip, the new band beyond it.
    let refStart: number;
    let regionStart: number;
    if (side === 'left') {
      refStart = known.x;
      regionStart = known.x - depth;
    } else if (side === 'right') {
      refStart = known.x + known.width - context;
      regionStart = refStart;
    } else if (side === 'top') {
      refStart = known.y;
      regionStart = known.y - depth;
    } else {
      refStart = known.y + known.height - context;
      regionStart = refStart;
    }
    const region: Rect = horizontal
      ? { x: regionStart, y: start, width: context + depth, height: tile }
      : { x: start, y: regionStart, width: tile, height: context + depth };
    const reference: Rect = horizontal
      ? { x: refStart, y: start, width: context, height: tile }
      : { x: start, y: refStart, width: tile, height: context };
    let blend: Pass['blend'] = null;
    if (i > 0 && previousEnd > start) {
      const newStart =
        side === 'left'
          ? known.x - depth
          : side === 'top'
            ? known.y - depth
            : side === 'right'
              ? known.x + known.width
              : known.y + known.height;
      const rect: Rect = horizontal
        ? { x: newStart, y: start, width: depth, height: previousEnd - start }
        : { x: start, y: newStart, width: previousEnd - start, height: depth };
      blend = { rect, from: horizontal ? 'top' : 'left' };
    }
    passes.push({ region, reference, side, blend });
    previousEnd = start + tile;
  }
  const grown: Rect =
    side === 'left'
      ? { ...known, x: known.x - depth, width: known.width + depth }
      : side === 'right'
        ? { ...known, width: known.width + depth }
        : side === 'top'
          ? { ...known, y: known.y - depth, height: known.height + depth }
          : { ...known, height: known.height + depth };
  return { passes, known: grown };
}
