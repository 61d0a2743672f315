import { describe, expect, it } from 'vitest';
import { estimateFrameCredits, formatDuration } from '../../../common/passes/estimate-passes';

// A 1000 × 1000 image in a 4000 × 1000 frame, centred: three passes (2, 3 and 1 started MP in High).
const banner = {
  width: 4000,
  height: 1000,
  crop: { x: 0, y: 0, width: 1000, height: 1000 },
  output: { width: 4000, height: 1000, offsetX: 1500, offsetY: 0, scale: 1 },
};

describe('what a frame is expected to cost, as it will run', () => {
  it('counts the passes when they are on and one result is asked', () => {
    expect(estimateFrameCredits(banner, { mode: 'high' }, 1)).toBe(60);
    expect(estimateFrameCredits(banner, { mode: 'fast' }, 1)).toBe(30);
  });

  it('counts single requests when One pass is chosen, or several results are asked', () => {
    expect(estimateFrameCredits(banner, { mode: 'high', passes: 'single' }, 1)).toBe(40);
    expect(estimateFrameCredits(banner, { mode: 'high' }, 2)).toBe(80);
  });

  it('says durations the way a designer reads them', () => {
    expect(formatDuration(15)).toBe('about 15 s');
    expect(formatDuration(45)).toBe('about 45 s');
    expect(formatDuration(150)).toBe('about 3 min');
  });
});
