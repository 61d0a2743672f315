import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { outpaintOffline, type RgbaImage } from '../../../common/engine/outpaint-offline';
import { decodeImageAsync } from '../../../scripts/lib/node-codecs.mjs';
import { changedReferencePixels, crop, stripedNoiseImage } from './engine-fixtures';

// The sampling band (sampling-band.ts): the fill copies only from a band along the edges being
// extended, never from the picture's middle, and every run says so in its report.

async function tuningImageAsync(name: string): Promise<RgbaImage> {
  const bytes = new Uint8Array(await readFile(new URL(`../../fixtures/engine-images/${name}`, import.meta.url)));
  return decodeImageAsync(bytes);
}

/** Striped texture with a pure red square (the "subject") in the middle of the reference. */
function textureWithSubject(width: number, height: number, square: { x: number; y: number; side: number }): RgbaImage {
  const image = stripedNoiseImage(width, height);
  for (let y = square.y; y < square.y + square.side; y++) {
    for (let x = square.x; x < square.x + square.side; x++) image.data.set([255, 0, 0, 255], (y * width + x) * 4);
  }
  return image;
}

/**
 * The square's red, or within a few levels of it: the far-out blend (smooth-far-fill.ts) shifts a
 * copied pixel's exact bytes. The texture itself lies at least 56 levels from pure red (green ≥ 40, red ≤ 239).
 */
function isReddish(image: RgbaImage, i: number): boolean {
  return 255 - image.data[i * 4]! + image.data[i * 4 + 1]! + image.data[i * 4 + 2]! <= 40;
}

describe('outpaintOffline sampling band', () => {
  it('never copies a subject that sits in the middle of the reference, on any side it extends', () => {
    const reference = textureWithSubject(96, 96, { x: 36, y: 36, side: 24 });
    const out = outpaintOffline({ reference, canvasWidth: 192, canvasHeight: 160, offsetX: 48, offsetY: 32, seed: 3 });
    expect(out.report.sourceOutsideBandShare).toBe(0);
    // The band is a quarter of the 96-px reference, 24 px; the red square starts 36 px in from every edge.
    expect(out.report.bandWidth).toBe(24);
    let red = 0;
    for (let y = 0; y < 160; y++) {
      for (let x = 0; x < 192; x++) {
        const inReference = x >= 48 && x < 144 && y >= 32 && y < 128;
        if (!inReference && isReddish(out, y * 192 + x)) red++;
      }
    }
    expect(red).toBe(0);
    expect(changedReferencePixels(out, reference, 48, 32)).toBe(0);
  });

  it('copies a subject that touches the edge being extended: structure crossing the edge continues', () => {
    // The red square reaches the right edge, inside the band: the extension may (and does) continue it.
    const reference = textureWithSubject(96, 96, { x: 72, y: 36, side: 24 });
    const out = outpaintOffline({ reference, canvasWidth: 160, canvasHeight: 96, offsetX: 0, offsetY: 0, seed: 3 });
    let red = 0;
    for (let y = 0; y < 96; y++) for (let x = 96; x < 160; x++) if (isReddish(out, y * 160 + x)) red++;
    expect(red).toBeGreaterThan(0);
    expect(out.report.sourceOutsideBandShare).toBe(0);
  });

  it.each([
    ['wikkie.jpg (cat), extended to the right', 'wikkie.jpg', 'right'],
    ['meadow-open.jpg (landscape), extended on all sides', 'meadow-open.jpg', 'around'],
  ] as const)('reports no source outside the band on %s', async (_label, file, how) => {
    const full = await tuningImageAsync(file);
    const truth = crop(full, 0, 0, 256, 256);
    const known = how === 'right' ? { x: 0, y: 0, width: 154, height: 256 } : { x: 51, y: 51, width: 154, height: 154 };
    const reference = crop(truth, known.x, known.y, known.width, known.height);
    const out = outpaintOffline({
      reference,
      canvasWidth: 256,
      canvasHeight: 256,
      offsetX: known.x,
      offsetY: known.y,
      seed: 1,
    });
    expect(out.report.sourceOutsideBandShare).toBe(0);
    expect(out.report.bandWidth).toBeGreaterThan(0);
    expect(out.report.bandWidth).toBeLessThanOrEqual(Math.ceil(0.25 * 154));
    expect(changedReferencePixels(out, reference, known.x, known.y)).toBe(0);
  });

  it('reports a zero band when there is nothing to generate', () => {
    const reference = stripedNoiseImage(32, 32);
    const out = outpaintOffline({ reference, canvasWidth: 32, canvasHeight: 32, offsetX: 0, offsetY: 0 });
    expect(out.report).toEqual({ bandWidth: 0, sourceOutsideBandShare: 0 });
  });
});
