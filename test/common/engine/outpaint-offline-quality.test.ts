import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { outpaintOffline, type RgbaImage } from '../../../common/engine/outpaint-offline';
import { decodeImageAsync } from '../../../scripts/lib/node-codecs.mjs';
import {
  changedReferencePixels,
  crop,
  meanGeneratedGradient,
  seamRatio,
  stripedNoiseImage,
  type Rect,
} from './engine-fixtures';

// Guards against the two classic failures of patch synthesis: a fill that goes flat or empty
// (votes averaging texture away) and a visible seam at the reference border. Thresholds follow the
// engine evaluation of common/engine/README.md (detail ≥ 0.5, seam ≤ the true image's seam + 0.5),
// on small canvases.

function extendCentre(truth: RgbaImage, known: Rect): RgbaImage {
  return outpaintOffline({
    reference: crop(truth, known.x, known.y, known.width, known.height),
    canvasWidth: truth.width,
    canvasHeight: truth.height,
    offsetX: known.x,
    offsetY: known.y,
    seed: 1,
  });
}

/** A dark sky with sparse bright stars: the case where averaging fades the fill to empty. */
function starField(size: number): RgbaImage {
  const data = new Uint8ClampedArray(size * size * 4);
  for (let i = 0; i < size * size; i++) {
    const hash = (Math.imul(i + 11, 2654435761) >>> 0) % 1000;
    const v = hash < 12 ? 230 : 8 + (hash % 6);
    data.set([v, v, v, 255], i * 4);
  }
  return { data, width: size, height: size };
}

function brightCount(image: RgbaImage, outside: Rect): number {
  let n = 0;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      if (x >= outside.x && y >= outside.y && x < outside.x + outside.width && y < outside.y + outside.height) continue;
      if (image.data[(y * image.width + x) * 4]! > 120) n++;
    }
  }
  return n;
}

describe('outpaintOffline quality guards', () => {
  it('extends brick.png with texture as rich as the real wall and no visible seam', async () => {
    const bytes = new Uint8Array(await readFile(new URL('../../fixtures/images/brick.png', import.meta.url)));
    const full = await decodeImageAsync(bytes);
    const truth = crop(full, 100, 100, 192, 192);
    const known: Rect = { x: 48, y: 48, width: 96, height: 96 };
    const out = extendCentre(truth, known);
    const detail = meanGeneratedGradient(out, known) / meanGeneratedGradient(truth, known);
    expect(detail).toBeGreaterThan(0.5);
    expect(detail).toBeLessThan(1.6);
    expect(seamRatio(out, known)).toBeLessThanOrEqual(seamRatio(truth, known) + 0.5);
  });

  it('extends a canvas large enough to have levels that are only carried up, with texture and an exact reference', () => {
    // 720×520 > the 0.3 MP search limit: the finest level is not searched and its vote is
    // skipped, so the centre copy alone must produce the fill.
    const truth = stripedNoiseImage(720, 520);
    const known: Rect = { x: 200, y: 150, width: 320, height: 220 };
    const reference = crop(truth, known.x, known.y, known.width, known.height);
    const out = extendCentre(truth, known);
    expect(changedReferencePixels(out, reference, known.x, known.y)).toBe(0);
    const detail = meanGeneratedGradient(out, known) / meanGeneratedGradient(truth, known);
    expect(detail).toBeGreaterThan(0.5);
    expect(detail).toBeLessThan(1.6);
    expect(seamRatio(out, known)).toBeLessThanOrEqual(seamRatio(truth, known) + 0.5);
  });

  it('keeps stars in the generated part of a sparse star field instead of fading to empty sky', () => {
    const truth = starField(160);
    const known: Rect = { x: 40, y: 40, width: 80, height: 80 };
    const out = extendCentre(truth, known);
    const expected = brightCount(truth, known);
    expect(brightCount(out, known)).toBeGreaterThan(expected * 0.4);
    expect(meanGeneratedGradient(out, known) / meanGeneratedGradient(truth, known)).toBeGreaterThan(0.5);
  });
});
