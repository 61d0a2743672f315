import { describe, expect, it } from 'vitest';
import { imageRectInNode } from '../../../common/geometry/paint-rect';
import type { QuarterTurns } from '../../../common/geometry/plan';
import { cropTransformFor } from '../../../common/variants/crop-transform';

describe('cropTransformFor', () => {
  it('matches the worked example of docs/figma-plugin-api.md, Crop transforms for an unturned image', () => {
    // A 1000×500 node with the image at (250, 125, 500, 250) has imageTransform [[2,0,−0.5],[0,2,−0.5]].
    const m = cropTransformFor({ width: 1000, height: 500 }, { x: 250, y: 125, width: 500, height: 250 }, 0);
    expect(m[0]).toEqual([2, 0, -0.5]);
    expect(m[1]).toEqual([0, 2, -0.5]);
  });

  it.each([0, 1, 2, 3] as QuarterTurns[])(
    'is read back by the planner as the same rectangle and %i quarter turns',
    (turns) => {
      const stored = { width: 300, height: 200 };
      const turned = turns % 2 === 1 ? { width: 200, height: 300 } : stored;
      const node = { width: 1080, height: 1350 };
      const rect = { x: 40, y: 100, width: turned.width * 2.5, height: turned.height * 2.5 };
      const m = cropTransformFor(node, rect, turns);
      const read = imageRectInNode(
        node,
        { type: 'IMAGE', visible: true, opacity: 1, scaleMode: 'CROP', imageTransform: m },
        stored,
      );
      expect(read.ok).toBe(true);
      if (!read.ok) return;
      expect(read.quarterTurns).toBe(turns);
      for (const key of ['x', 'y', 'width', 'height'] as const) expect(read.rect[key]).toBeCloseTo(rect[key], 9);
    },
  );
});
