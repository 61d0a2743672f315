// The strict fake's "generated" fill as a designer sees it in the `--fake-bfl` playground, and as tests use it.
import { describe, expect, it } from 'vitest';
import { fillPixel, renderOutpaint } from './fake-image-codec';
import { makeReference } from './test-images';

const luma = ([r, g, b]: number[]): number => 0.299 * r! + 0.587 * g! + 0.114 * b!;

describe('the fake BFL fill', () => {
  it('is calm: neighbouring pixels differ only by a light grain, with no channel near black or white', () => {
    let largestStep = 0;
    let darkest = 255;
    let brightest = 0;
    for (let y = 0; y < 300; y += 3)
      for (let x = 0; x < 1600; x += 7) {
        const here = fillPixel(x, y);
        darkest = Math.min(darkest, ...here.slice(0, 3));
        brightest = Math.max(brightest, ...here.slice(0, 3));
        largestStep = Math.max(largestStep, Math.abs(luma(here) - luma(fillPixel(x + 1, y))));
      }
    expect(largestStep).toBeLessThanOrEqual(16);
    expect(darkest).toBeGreaterThan(100);
    expect(brightest).toBeLessThan(230);
  });

  it('ramps across the canvas: far apart, it has moved from one colour to the other', () => {
    expect(Math.abs(luma(fillPixel(0, 0)) - luma(fillPixel(768, 0)))).toBeGreaterThan(40);
  });

  it('still has detail at every pixel, so an enlarged smaller request is measurably softer', () => {
    let changes = 0;
    for (let x = 0; x < 1000; x++) if (fillPixel(x, 10)[0] !== fillPixel(x + 1, 10)[0]) changes++;
    expect(changes).toBeGreaterThan(800);
  });

  it('is the same every time and opaque', () => {
    expect(fillPixel(123, 456)).toEqual(fillPixel(123, 456));
    expect(fillPixel(5, 9)[3]).toBe(255);
  });

  it('can be told from the original pixels pasted over it', () => {
    const reference = makeReference(40, 30);
    const out = renderOutpaint(reference, 100, 60, 30, 15);
    let sameAsFill = 0;
    for (let y = 0; y < 30; y++)
      for (let x = 0; x < 40; x++) {
        const i = ((y + 15) * 100 + x + 30) * 4;
        const fill = fillPixel(x + 30, y + 15);
        if ([0, 1, 2, 3].every((c) => out.data[i + c] === fill[c])) sameAsFill++;
      }
    expect(sameAsFill).toBe(0);
  });
});
