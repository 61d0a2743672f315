import type { EngineLevel } from './engine-level';
import { windowSums } from './patch-sets';

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
export function correctBorderColour(level: EngineLevel, options: BorderCorrectionOptions): void {
  const { width, height, rgb, known } = level;
  const { band, windowRadius: R, maxShift, strength } = options;
  const size = width * height;
  if (width < 2 * R + 1 || height < 2 * R + 1) return;

  // Breadth-first layers of generated pixels from the border, up to `band` deep.
  const depth = new Uint8Array(size);
  // Index (into the first `borderCount` queue entries) of the border pixel each layer pixel grew from.
  const origin = new Int32Array(size).fill(-1);
  const queue = new Int32Array(size);
  let tail = 0;
  for (let i = 0; i < size; i++) {
    if (known[i] === 1) continue;
    const x = i % width;
    const y = (i - x) / width;
    if (hasKnownNeighbour(known, width, height, x, y)) {
      depth[i] = 1;
      origin[i] = tail;
      queue[tail++] = i;
    }
  }
  if (tail === 0) return;
  const borderCount = tail;
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

  // Per border pixel: how far it sits from the mean of its known neighbours; then averaged along
  // the border over a small window, so the shift follows tone but not single-pixel texture.
  const isBorder = new Uint8Array(size);
  for (let k = 0; k < borderCount; k++) isBorder[queue[k]!] = 1;
  const borderCountInWindow = windowSums(isBorder, width, height, R);
  const shift = new Float32Array(borderCount * 3);
  const channel = new Float32Array(size);
  for (let c = 0; c < 3; c++) {
    channel.fill(0);
    for (let k = 0; k < borderCount; k++) {
      const i = queue[k]!;
      channel[i] = knownNeighbourMean(rgb, known, width, height, i, c) - rgb[i * 3 + c]!;
    }
    const diffSum = windowSums(channel, width, height, R);
    for (let k = 0; k < borderCount; k++) {
      const i = queue[k]!;
      const x = i % width;
      const y = (i - x) / width;
      // Window sums exist only for centres at least R from the canvas edge.
      const cx = Math.min(Math.max(x, R), width - 1 - R);
      const cy = Math.min(Math.max(y, R), height - 1 - R);
      const ci = cy * width + cx;
      const n = borderCountInWindow[ci]!;
      let e = n > 0 ? (strength * diffSum[ci]!) / n : 0;
      if (e > maxShift) e = maxShift;
      else if (e < -maxShift) e = -maxShift;
      shift[k * 3 + c] = e;
    }
  }
  for (let k = 0; k < tail; k++) {
    const i = queue[k]!;
    const o = origin[i]!;
    const fade = 1 - (depth[i]! - 1) / band;
    for (let c = 0; c < 3; c++) {
      const v = rgb[i * 3 + c]! + fade * shift[o * 3 + c]!;
      rgb[i * 3 + c] = v < 0 ? 0 : v > 255 ? 255 : v;
    }
  }
}

function knownNeighbourMean(
  rgb: Float32Array,
  known: Uint8Array,
  width: number,
  height: number,
  i: number,
  c: number,
): number {
  const x = i % width;
  const y = (i - x) / width;
  let sum = 0;
  let n = 0;
  for (let dy = -1; dy <= 1; dy++) {
    const yy = y + dy;
    if (yy < 0 || yy >= height) continue;
    for (let dx = -1; dx <= 1; dx++) {
      const xx = x + dx;
      if (xx < 0 || xx >= width) continue;
      const j = yy * width + xx;
      if (known[j] === 1) {
        sum += rgb[j * 3 + c]!;
        n++;
      }
    }
  }
  return n > 0 ? sum / n : rgb[i * 3 + c]!;
}

function hasKnownNeighbour(known: Uint8Array, width: number, height: number, x: number, y: number): boolean {
  for (let dy = -1; dy <= 1; dy++) {
    const yy = y + dy;
    if (yy < 0 || yy >= height) continue;
    for (let dx = -1; dx <= 1; dx++) {
      const xx = x + dx;
      if (xx < 0 || xx >= width) continue;
      if (known[yy * width + xx] === 1) return true;
    }
  }
  return false;
}
