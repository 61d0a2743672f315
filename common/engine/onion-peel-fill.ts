import type { EngineLevel } from './engine-level';

/**
 * Starting guess for the coarsest level: unknown pixels take the mean of their already-filled
 * 8-neighbours, layer by layer outwards from the known region (breadth-first "onion peel").
 * Patch search needs some colour in the hole; a smooth continuation is a neutral start.
 */
export function onionPeelFill(level: EngineLevel): void {
  const { width, height, rgb, known } = level;
  const n = width * height;
  const filled = new Uint8Array(n);
  const queue = new Int32Array(n);
  const queued = new Uint8Array(n);
  let tail = 0;
  for (let i = 0; i < n; i++) {
    if (known[i] === 1) {
      filled[i] = 1;
      queued[i] = 1;
    }
  }
  for (let i = 0; i < n; i++) {
    if (known[i] !== 1) continue;
    const x = i % width;
    const y = (i - x) / width;
    for (let dy = -1; dy <= 1; dy++) {
      const yy = y + dy;
      if (yy < 0 || yy >= height) continue;
      for (let dx = -1; dx <= 1; dx++) {
        const xx = x + dx;
        if (xx < 0 || xx >= width) continue;
        const j = yy * width + xx;
        if (queued[j] === 0) {
          queued[j] = 1;
          queue[tail++] = j;
        }
      }
    }
  }
  let head = 0;
  while (head < tail) {
    const i = queue[head++]!;
    const x = i % width;
    const y = (i - x) / width;
    let r = 0;
    let g = 0;
    let b = 0;
    let count = 0;
    for (let dy = -1; dy <= 1; dy++) {
      const yy = y + dy;
      if (yy < 0 || yy >= height) continue;
      for (let dx = -1; dx <= 1; dx++) {
        const xx = x + dx;
        if (xx < 0 || xx >= width) continue;
        const j = yy * width + xx;
        if (filled[j] === 1) {
          r += rgb[j * 3]!;
          g += rgb[j * 3 + 1]!;
          b += rgb[j * 3 + 2]!;
          count++;
        } else if (queued[j] === 0) {
          queued[j] = 1;
          queue[tail++] = j;
        }
      }
    }
    if (count > 0) {
      rgb[i * 3] = r / count;
      rgb[i * 3 + 1] = g / count;
      rgb[i * 3 + 2] = b / count;
    }
    filled[i] = 1;
  }
}
