import { describe, expect, it } from 'vitest';
import { createRgba, type Rgba } from '../../../common/pixels/rgba';
import { rotateQuarterTurns } from '../../../common/pixels/rotate-quarter-turns';

function labelled(width: number, height: number): Rgba {
  const img = createRgba(width, height);
  for (let i = 0; i < width * height; i++) img.data.set([i, 0, 0, 255], i * 4);
  return img;
}

const label = (img: Rgba, x: number, y: number) => img.data[(y * img.width + x) * 4];

describe('rotateQuarterTurns', () => {
  it('turns clockwise: the bottom-left pixel becomes the top-left', () => {
    const src = labelled(3, 2); // labels 0 1 2 / 3 4 5
    const out = rotateQuarterTurns(src, 1);
    expect([out.width, out.height]).toEqual([2, 3]);
    expect([label(out, 0, 0), label(out, 1, 0), label(out, 0, 2), label(out, 1, 2)]).toEqual([3, 0, 5, 2]);
  });

  it('half and three-quarter turns land where clockwise rotation puts them', () => {
    const src = labelled(3, 2);
    expect(label(rotateQuarterTurns(src, 2), 0, 0)).toBe(5);
    const three = rotateQuarterTurns(src, 3);
    expect([three.width, three.height, label(three, 0, 0), label(three, 1, 2)]).toEqual([2, 3, 2, 3]);
  });

  it('four quarter turns give back the original pixels', () => {
    const src = labelled(5, 3);
    let img = src;
    for (let k = 0; k < 4; k++) img = rotateQuarterTurns(img, 1);
    expect(Array.from(img.data)).toEqual(Array.from(src.data));
  });
});
