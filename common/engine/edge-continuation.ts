import { layersNearKnown, type NearLayers } from './distance-to-known';
import type { EngineLevel } from './engine-level';

export interface EdgeContinuationOptions {
  /** How many generated pixels deep the continuation reaches. */
  depth: number;
  /** Share of the continuation in the first generated pixel; it falls linearly to 0 at `depth` + 1. */
  strength: number;
}

/**
 * The pixel next to the reference is best predicted by the reference pixels it touches: that is the smoothness
 * prior of diffusion inpainting (Bertalmío et al., "Image Inpainting", SIGGRAPH 2000) and of Telea's fast marching
 * method (Telea, "An Image Inpainting Technique Based on the Fast Marching Method", J. Graphics Tools 2004). A copied
 * patch rarely continues the last reference column exactly (a face, an eye cut by the edge), which shows as a seam.
 * Layer by layer from the reference, each generated pixel moves toward the mean of its neighbours one layer closer
 * (known pixels for the first layer), by a share that fades with depth. Known pixels are never changed.
 */
export function continueEdges(
  level: EngineLevel,
  toKnown: Uint16Array,
  options: EdgeContinuationOptions,
  /** The pixels near the known ones, at least `depth` layers, when the caller has them already. */
  near?: NearLayers,
): void {
  const { width, height, rgb } = level;
  const { depth, strength } = options;
  if (depth < 1 || strength <= 0) return;
  // Pixels of each layer 1..depth, in scan order: layer d is order[first[d] .. first[d + 1]).
  const { first, order } = near !== undefined && near.depth >= depth ? near : layersNearKnown(toKnown, depth);
  const updates = new Float32Array(first[depth + 1]! * 3);
  const layers: EdgeLayers = { width, height, rgb, toKnown, order, updates, next: new Float32Array(3) };
  for (let d = 1; d <= depth; d++) {
    const share = (strength * (depth + 1 - d)) / depth;
    layerUpdates(layers, d, share, first[d]!, first[d + 1]!);
    // Written after the whole layer is read, so a layer's result does not depend on scan order.
    writeLayer(rgb, order, updates, first[d]!, first[d + 1]!);
  }
}

interface EdgeLayers {
  width: number;
  height: number;
  rgb: Float32Array;
  toKnown: Uint16Array;
  order: Int32Array;
  /** The new colours of the layer being worked on, 3 per entry of `order`. */
  updates: Float32Array;
  /** Scratch: one pixel's neighbour sums, float32 as they always were. */
  next: Float32Array;
}

/** The new colours of layer `d` (order[from..to)): each pixel moves `share` of the way to its inner neighbours' mean. */
function layerUpdates(e: EdgeLayers, d: number, share: number, from: number, to: number): void {
  const { width, height, rgb, toKnown, order, updates, next } = e;
  for (let k = from; k < to; k++) {
    const i = order[k]!;
    const x = i % width;
    const y = (i - x) / width;
    let n = 0;
    next[0] = next[1] = next[2] = 0;
    for (let dy = -1; dy <= 1; dy++) {
      const yy = y + dy;
      if (yy < 0 || yy >= height) continue;
      for (let dx = -1; dx <= 1; dx++) {
        const xx = x + dx;
        if (xx < 0 || xx >= width || (dx === 0 && dy === 0)) continue;
        const j = yy * width + xx;
        if (toKnown[j] !== d - 1) continue;
        next[0] += rgb[j * 3]!;
        next[1] += rgb[j * 3 + 1]!;
        next[2] += rgb[j * 3 + 2]!;
        n++;
      }
    }
    const o = i * 3;
    const r = rgb[o]!;
    const g = rgb[o + 1]!;
    const b = rgb[o + 2]!;
    updates[k * 3] = n === 0 ? r : r + share * (next[0]! / n - r);
    updates[k * 3 + 1] = n === 0 ? g : g + share * (next[1]! / n - g);
    updates[k * 3 + 2] = n === 0 ? b : b + share * (next[2]! / n - b);
  }
}

function writeLayer(rgb: Float32Array, order: Int32Array, updates: Float32Array, from: number, to: number): void {
  for (let k = from; k < to; k++) {
    const i = order[k]!;
    rgb[i * 3] = updates[k * 3]!;
    rgb[i * 3 + 1] = updates[k * 3 + 1]!;
    rgb[i * 3 + 2] = updates[k * 3 + 2]!;
  }
}
