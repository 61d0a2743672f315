import { distanceToKnown, layersNearKnown, type NearLayers } from './distance-to-known';
import type { EngineLevel } from './engine-level';

export interface BorderCorrectionOptions {
  /** Width in pixels over which the correction fades to zero. */
  band: number;
  /** Radius of the windows whose mean colours are compared on each side of the border. */
  windowRadius: number;
  /** Largest shift per channel: the correction fixes tone drift, never texture. */
  maxShift: number;
  /** Fraction of the measured step removed at the border (1 would leave no step at all, which looks flat). */
  strength: number;
}

/**
 * Copied patches rarely line up exactly with the pixels they border. For each generated pixel on
 * the border, measure its step from its known neighbours, average that along the border, and add
 * a share of it to the generated pixels, fading linearly to nothing over `band` pixels (a thin version of gradient-domain blending, Pérez, Gangnet & Blake 2003).
 */
export function correctBorderColour(
  level: EngineLevel,
  options: BorderCorrectionOptions,
  /** The level's distances to the known pixels (distance-to-known.ts), when the caller has them already. */
  toKnown: Uint16Array = distanceToKnown(level.known, level.width, level.height),
  /** Its pixels near the known ones (at least layer 1), when the caller has them already. */
  near: NearLayers = layersNearKnown(toKnown, 1),
): void {
  const { width, height, rgb, known } = level;
  const { band, windowRadius: R, maxShift, strength } = options;
  const size = width * height;
  if (width < 2 * R + 1 || height < 2 * R + 1) return;

  // Breadth-first layers of generated pixels from the border, up to `band` deep.
  const depth = new Uint8Array(size);
  // Index (into the first `borderCount` queue entries) of the border pixel each layer pixel grew from; read
  // only for queued pixels, so it needs no starting value.
  const origin = new Int32Array(size);
  const queue = new Int32Array(size);
  // Each loop below is its own function: this runs once on the whole canvas, and V8's optimised code
  // for one loop (compiled while it runs) was thrown away at the next, never-run one (see README, speed).
  const borderCount = queueBorder(near, depth, origin, queue);
  if (borderCount === 0) return;
  const tail = growLayers(known, width, height, band, depth, origin, queue, borderCount);

  // Per border pixel: how far it sits from the mean of its known neighbours; then averaged along
  // the border over a small window, so the shift follows tone but not single-pixel texture. Border
  // pixels have depth 1 and origin = their own index in the queue, so the windows are read
  // through `origin` without any canvas-sized scratch.
  const step = new Float32Array(borderCount * 3);
  borderSteps(rgb, known, width, height, queue, borderCount, step);
  const shift = new Float32Array(borderCount * 3);
  borderShifts({ width, height, depth, origin, queue, step, R, strength, maxShift }, borderCount, shift);
  applyShifts(rgb, band, depth, origin, queue, tail, shift);
}

/**
 * Marks the generated pixels with a known 8-neighbour (depth 1, origin = own queue index) and queues
 * them, in scan order: those at distance 1 from the known pixels (layer 1 of `near`).
 */
function queueBorder(near: NearLayers, depth: Uint8Array, origin: Int32Array, queue: Int32Array): number {
  const { first, order } = near;
  const count = first[2]! - first[1]!;
  for (let k = 0; k < count; k++) {
    const i = order[first[1]! + k]!;
    depth[i] = 1;
    origin[i] = k;
    queue[k] = i;
  }
  return count;
}

/** Breadth-first from the queued border, up to `band` deep; returns the queue's new length. */
function growLayers(
  known: Uint8Array,
  width: number,
  height: number,
  band: number,
  depth: Uint8Array,
  origin: Int32Array,
  queue: Int32Array,
  borderCount: number,
): number {
  let tail = borderCount;
  let head = 0;
  while (head < tail) {
    const i = queue[head++]!;
    const d = depth[i]!;
    if (d >= band) continue;
    const x = i % width;
    const y = (i - x) / width;
    for (let dy = -1; dy <= 1; dy++) {
      const yy = y + dy;
      if (yy < 0 || yy >= height) continue;
      for (let dx = -1; dx <= 1; dx++) {
        const xx = x + dx;
        if (xx < 0 || xx >= width) continue;
        const j = yy * width + xx;
        if (known[j] === 1 || depth[j] !== 0) continue;
        depth[j] = d + 1;
        origin[j] = origin[i]!;
        queue[tail++] = j;
      }
    }
  }
  return tail;
}

interface BorderWindows {
  width: number;
  height: number;
  depth: Uint8Array;
  origin: Int32Array;
  queue: Int32Array;
  /** Per border pixel, its step from its known neighbours (RGB). */
  step: Float32Array;
  R: number;
  strength: number;
  maxShift: number;
}

/** Each border pixel's shift: `strength` × the mean step over the border pixels in its window, clamped. */
function borderShifts(b: BorderWindows, borderCount: number, shift: Float32Array): void {
  const { width, height, depth, origin, queue, step, R, strength, maxShift } = b;
  for (let k = 0; k < borderCount; k++) {
    const i = queue[k]!;
    const x = i % width;
    const y = (i - x) / width;
    // The window is kept on the canvas (centre clamped R from the edge), as before.
    const cx = Math.min(Math.max(x, R), width - 1 - R);
    const cy = Math.min(Math.max(y, R), height - 1 - R);
    let n = 0;
    let sr = 0;
    let sg = 0;
    let sb = 0;
    for (let yy = cy - R; yy <= cy + R; yy++) {
      const row = yy * width;
      for (let xx = cx - R; xx <= cx + R; xx++) {
        const j = row + xx;
        if (depth[j] !== 1) continue;
        const o = origin[j]! * 3;
        sr += step[o]!;
        sg += step[o + 1]!;
        sb += step[o + 2]!;
        n++;
      }
    }
    if (n === 0) continue;
    shift[k * 3] = clamp((strength * sr) / n, -maxShift, maxShift);
    shift[k * 3 + 1] = clamp((strength * sg) / n, -maxShift, maxShift);
    shift[k * 3 + 2] = clamp((strength * sb) / n, -maxShift, maxShift);
  }
}

/** Adds each queued pixel's border shift, fading linearly with its depth, clamped to 0..255. */
function applyShifts(
  rgb: Float32Array,
  band: number,
  depth: Uint8Array,
  origin: Int32Array,
  queue: Int32Array,
  tail: number,
  shift: Float32Array,
): void {
  // The fade per depth, worked out once: the first layer's (1) is a whole number and the others are not, and
  // V8's code optimised on the first layer was thrown away at the second (README, speed).
  const deepest = Math.ceil(band);
  const fades = new Float64Array(deepest + 1);
  for (let d = 1; d <= deepest; d++) fades[d] = 1 - (d - 1) / band;
  for (let k = 0; k < tail; k++) {
    const i = queue[k]!;
    const o = origin[i]!;
    const fade = fades[depth[i]!]!;
    for (let c = 0; c < 3; c++) {
      const v = rgb[i * 3 + c]! + fade * shift[o * 3 + c]!;
      rgb[i * 3 + c] = v < 0 ? 0 : v > 255 ? 255 : v;
    }
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return v > hi ? hi : v < lo ? lo : v;
}

function borderSteps(
  rgb: Float32Array,
  known: Uint8Array,
  width: number,
  height: number,
  queue: Int32Array,
  borderCount: number,
  step: Float32Array,
): void {
  for (let k = 0; k < borderCount; k++) knownNeighbourStep(rgb, known, width, height, queue[k]!, step, k * 3);
}

/** Writes (mean of the known 8-neighbours) − (pixel), per channel, at out[at..at+2]. */
function knownNeighbourStep(
  rgb: Float32Array,
  known: Uint8Array,
  width: number,
  height: number,
  i: number,
  out: Float32Array,
  at: number,
): void {
  const x = i % width;
  const y = (i - x) / width;
  let r = 0;
  let g = 0;
  let b = 0;
  let n = 0;
  for (let dy = -1; dy <= 1; dy++) {
    const yy = y + dy;
    if (yy < 0 || yy >= height) continue;
    for (let dx = -1; dx <= 1; dx++) {
      const xx = x + dx;
      if (xx < 0 || xx >= width) continue;
      const j = yy * width + xx;
      if (known[j] === 1) {
        r += rgb[j * 3]!;
        g += rgb[j * 3 + 1]!;
        b += rgb[j * 3 + 2]!;
        n++;
      }
    }
  }
  if (n === 0) return;
  out[at] = r / n - rgb[i * 3]!;
  out[at + 1] = g / n - rgb[i * 3 + 1]!;
  out[at + 2] = b / n - rgb[i * 3 + 2]!;
}
