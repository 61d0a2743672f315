import { DEFAULT_ENGINE_TUNING } from './engine-tuning';
import { bandWidthFor } from './sampling-band';

// Before a run: will the offline engine's result be rough along an edge? The engine copies only
// from the sampling band along each edge being extended (sampling-band.ts). A band of sky, wall or
// even texture (grass, gravel, brick) continues well, and so do a few layers crossing the edge (sky
// over a tree line over a lawn). A band in which several detailed things follow one another (hair,
// a face, a collar; an eye in fur) means a subject touches that edge: the fill can only cut it up,
// and pieces of it show where the picture should go on without it. This cuts the same band the
// engine will use into square pieces along the edge and counts where the content changes from one
// piece to the next (colour, brightness, amount of detail), the centre-surround contrast that
// saliency models build on (Itti, Koch & Niebur, "A Model of Saliency-Based Visual Attention for
// Rapid Scene Analysis", IEEE TPAMI 1998). Known misses: a side crossing a tree line and clouds can
// count as busy; a star field can too.

export type BorderSide = 'left' | 'right' | 'top' | 'bottom';

export const BORDER_SIDES: readonly BorderSide[] = ['left', 'right', 'top', 'bottom'];

export type BorderReason = 'not-extended' | 'calm' | 'texture' | 'layers' | 'subject';

export interface SideAssessment {
  extended: boolean;
  /** True when the offline result will likely be rough along this side (reason 'subject'). */
  busy: boolean;
  reason: BorderReason;
  /** One short sentence for the panel, e.g. "Calm along the top edge." */
  message: string;
  /** Mean luma gradient along the side's band, in 8-bit levels per pixel (on the ≤ 256 px working copy). */
  detail: number;
  /** How unevenly that detail spreads along the side: 0 = even, 1 = all of it in a few places. */
  unevenness: number;
  /** How many times the content changes (colour, brightness, detail) between neighbouring pieces of the band. */
  changes: number;
}

export interface BorderAssessment {
  sides: Record<BorderSide, SideAssessment>;
  /** The extended sides that are busy, in BORDER_SIDES order. */
  busySides: BorderSide[];
}

export interface BorderAssessmentInput {
  /** RGBA, 4 bytes per pixel; pixels with alpha 0 are ignored. */
  reference: { data: Uint8ClampedArray | Uint8Array; width: number; height: number };
  /** Pixels added on each side (0 = that side is not extended), in reference pixels. */
  extend: Record<BorderSide, number>;
}

/** A piece with less gradient than this (levels per pixel) holds no detail worth keeping apart. */
const CALM_DETAIL = 6;
/** A band whose mean gradient is below CALM_MEAN, and no piece above CALM_PEAK, is calm: sky with clouds, a wall, a backdrop. */
const CALM_MEAN = 8;
const CALM_PEAK = 16;
/** Above this unevenness, detail is concentrated in part of the band: not an even texture. */
const UNEVEN = 0.55;
/** Up to this many changes along the edge, the band is layers (sky, tree line, lawn), not things. */
const MAX_LAYER_CHANGES = 2;
/** The working copy's longest side: enough to see faces and edges, cheap enough for the panel. */
const WORKING_SIDE = 256;

/**
 * Per extended side: calm, even texture, layers, or busy (a subject touches it). Pure and fast (a
 * working copy of at most 256 px a side; a few milliseconds): call it before a run.
 */
export function assessBorder(input: BorderAssessmentInput): BorderAssessment {
  const { reference, extend } = input;
  const image = workingImage(reference);
  const { width, height, scale } = image;
  const gradient = gradientMagnitude(image.luma, image.opaque, width, height);
  const sides = {} as Record<BorderSide, SideAssessment>;
  const busySides: BorderSide[] = [];
  for (const side of BORDER_SIDES) {
    const added = Math.max(0, extend[side]);
    if (added === 0) {
      sides[side] = {
        extended: false,
        busy: false,
        reason: 'not-extended',
        message: '',
        detail: 0,
        unevenness: 0,
        changes: 0,
      };
      continue;
    }
    // The band the engine will copy from on this side (sampling-band.ts, default settings).
    const bandWidth = bandWidthFor(added, Math.min(reference.width, reference.height), {
      perExtension: DEFAULT_ENGINE_TUNING.bandPerExtension,
      maxShareOfReference: DEFAULT_ENGINE_TUNING.bandMaxShareOfReference,
      minWidth: DEFAULT_ENGINE_TUNING.bandMinWidth,
    });
    const depth = Math.max(
      3,
      Math.min(Math.round(bandWidth * scale), side === 'left' || side === 'right' ? width : height),
    );
    const pieces = pieceDetails(image, gradient, side, depth);
    const assessment = judge(pieces, side);
    sides[side] = assessment;
    if (assessment.busy) busySides.push(side);
  }
  return { sides, busySides };
}

interface Piece {
  luma: number;
  cb: number;
  cr: number;
  detail: number;
}

function judge(pieces: Piece[], side: BorderSide): SideAssessment {
  const calm = (detail: number, unevenness: number, changes: number): SideAssessment => ({
    extended: true,
    busy: false,
    reason: 'calm',
    message: `Calm along the ${side} edge.`,
    detail,
    unevenness,
    changes,
  });
  if (pieces.length === 0) return calm(0, 0, 0);
  const details = pieces.map((p) => p.detail);
  const detail = details.reduce((a, b) => a + b, 0) / details.length;
  const sorted = [...details].sort((a, b) => a - b);
  const low = sorted[Math.floor(0.2 * (sorted.length - 1))]!;
  const high = sorted[Math.ceil(0.9 * (sorted.length - 1))]!;
  const unevenness = high > 0 ? (high - low) / high : 0;
  // Where the band changes from one kind of content to another along the edge. Changes between
  // calm pieces (clouds in a sky, light on a wall) do not count: the fill continues those well.
  let changes = 0;
  for (let k = 1; k < pieces.length; k++) {
    const a = pieces[k - 1]!;
    const b = pieces[k]!;
    if (Math.max(a.detail, b.detail) >= CALM_DETAIL && differs(a, b, detail)) changes++;
  }
  if (detail < CALM_MEAN && high < CALM_PEAK) return calm(detail, unevenness, changes);
  // One or two changes: layers (sky over a tree line over a lawn) that the fill continues. More:
  // several detailed things meet the edge (hair, a face, a collar), which the fill can only cut up.
  if (changes > MAX_LAYER_CHANGES) {
    return {
      extended: true,
      busy: true,
      reason: 'subject',
      message: `Something detailed touches the ${side} edge: the offline result will be rough there.`,
      detail,
      unevenness,
      changes,
    };
  }
  const texture = changes === 0 && unevenness <= UNEVEN;
  return {
    extended: true,
    busy: false,
    reason: texture ? 'texture' : 'layers',
    message: texture ? `Even texture along the ${side} edge.` : `Layers continue across the ${side} edge.`,
    detail,
    unevenness,
    changes,
  };
}

/** Two neighbouring pieces hold different content: another colour, brightness or amount of detail. */
function differs(a: Piece, b: Piece, meanDetail: number): boolean {
  const distance =
    Math.abs(a.luma - b.luma) / 40 +
    Math.abs(a.cb - b.cb) / 20 +
    Math.abs(a.cr - b.cr) / 20 +
    Math.abs(a.detail - b.detail) / Math.max(CALM_DETAIL, meanDetail);
  return distance > 1;
}

/**
 * Mean colour and gradient of each piece of the band along one side: pieces as long as the band
 * is deep (square), at least 8 along the side.
 */
function pieceDetails(image: WorkingImage, gradient: Float32Array, side: BorderSide, depth: number): Piece[] {
  const { width, height, opaque, luma, cb, cr } = image;
  const vertical = side === 'left' || side === 'right';
  const length = vertical ? height : width;
  const count = Math.max(1, Math.min(Math.max(8, Math.round(length / depth)), length));
  const out: Piece[] = [];
  for (let p = 0; p < count; p++) {
    const from = Math.floor((p * length) / count);
    const to = Math.floor(((p + 1) * length) / count);
    let g = 0;
    let l = 0;
    let b = 0;
    let r = 0;
    let n = 0;
    for (let a = from; a < to; a++) {
      for (let d = 0; d < depth; d++) {
        const x = vertical ? (side === 'left' ? d : width - 1 - d) : a;
        const y = vertical ? a : side === 'top' ? d : height - 1 - d;
        const i = y * width + x;
        if (opaque[i] !== 1) continue;
        g += gradient[i]!;
        l += luma[i]!;
        b += cb[i]!;
        r += cr[i]!;
        n++;
      }
    }
    if (n > 0) out.push({ luma: l / n, cb: b / n, cr: r / n, detail: g / n });
  }
  return out;
}

/** |∂x| + |∂y| of luma between opaque neighbours (0 elsewhere). */
function gradientMagnitude(luma: Float32Array, opaque: Uint8Array, width: number, height: number): Float32Array {
  const g = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (opaque[i] !== 1) continue;
      let v = 0;
      if (x + 1 < width && opaque[i + 1] === 1) v += Math.abs(luma[i + 1]! - luma[i]!);
      else if (x > 0 && opaque[i - 1] === 1) v += Math.abs(luma[i]! - luma[i - 1]!);
      if (y + 1 < height && opaque[i + width] === 1) v += Math.abs(luma[i + width]! - luma[i]!);
      else if (y > 0 && opaque[i - width] === 1) v += Math.abs(luma[i]! - luma[i - width]!);
      g[i] = v;
    }
  }
  return g;
}

interface WorkingImage {
  luma: Float32Array;
  cb: Float32Array;
  cr: Float32Array;
  opaque: Uint8Array;
  width: number;
  height: number;
  scale: number;
}

/** Rec. 601 luma and chroma (Cb, Cr), box-averaged down so the longest side is at most WORKING_SIDE. */
function workingImage(reference: BorderAssessmentInput['reference']): WorkingImage {
  const { data, width: rw, height: rh } = reference;
  const factor = Math.max(1, Math.ceil(Math.max(rw, rh) / WORKING_SIDE));
  const width = Math.max(1, Math.floor(rw / factor));
  const height = Math.max(1, Math.floor(rh / factor));
  const luma = new Float32Array(width * height);
  const cb = new Float32Array(width * height);
  const cr = new Float32Array(width * height);
  const opaque = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sr = 0;
      let sg = 0;
      let sb = 0;
      let n = 0;
      for (let dy = 0; dy < factor; dy++) {
        const row = (y * factor + dy) * rw;
        for (let dx = 0; dx < factor; dx++) {
          const si = (row + x * factor + dx) * 4;
          if (data[si + 3] === 0) continue;
          sr += data[si]!;
          sg += data[si + 1]!;
          sb += data[si + 2]!;
          n++;
        }
      }
      if (n === 0) continue;
      const i = y * width + x;
      const r = sr / n;
      const g = sg / n;
      const b = sb / n;
      luma[i] = 0.299 * r + 0.587 * g + 0.114 * b;
      cb[i] = -0.168736 * r - 0.331264 * g + 0.5 * b;
      cr[i] = 0.5 * r - 0.418688 * g - 0.081312 * b;
      opaque[i] = 1;
    }
  }
  return { luma, cb, cr, opaque, width, height, scale: 1 / factor };
}
