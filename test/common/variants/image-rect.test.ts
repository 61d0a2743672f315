import { describe, expect, it } from 'vitest';
import { planTarget } from '../../../common/selection/plan-selection';
import { imageRectFromPlan } from '../../../common/variants/image-rect-from-plan';
import { imageRectInFrame } from '../../../common/variants/image-rect-in-frame';
import { cropTransformFor } from '../../../common/variants/crop-transform';
import { at, imageMap, imagePaint, info, node } from '../selection/snapshot-builders';

describe('where the image sits in its frame', () => {
  const cases = [
    {
      name: 'a FIT fill with side bands',
      frame: { width: 1200, height: 500 },
      paint: imagePaint('h', 'FIT'),
      image: { width: 600, height: 400 },
      expected: { x: 225, y: 0, width: 750, height: 500 },
    },
    {
      name: 'a CROP fill at a fractional spot',
      frame: { width: 1000, height: 800 },
      paint: imagePaint('h', 'CROP', {
        imageTransform: cropTransformFor({ width: 1000, height: 800 }, { x: 123.5, y: 40, width: 300, height: 200 }, 0),
      }),
      image: { width: 600, height: 400 },
      expected: { x: 123.5, y: 40, width: 300, height: 200 },
    },
  ];

  it.each(cases)('is exact from the snapshot for $name', ({ frame, paint, image, expected }) => {
    const snapshot = node({ id: '1:1', type: 'FRAME', width: frame.width, height: frame.height, fills: [paint] });
    const found = imageRectInFrame(snapshot, { kind: 'fill', imageNodeId: '1:1', paintIndex: 0 }, image);
    for (const key of ['x', 'y', 'width', 'height'] as const) expect(found?.rect[key]).toBeCloseTo(expected[key], 9);
  });

  it.each(cases)(
    'is within half an API pixel when read back from the plan for $name',
    ({ frame, paint, image, expected }) => {
      const snapshot = node({ id: '1:1', type: 'FRAME', width: frame.width, height: frame.height, fills: [paint] });
      const planned = planTarget(snapshot, imageMap(info('h', image.width, image.height)));
      if (!planned.ok) throw new Error(planned.refusal.error.message);
      const { plan } = planned.target;
      const rect = imageRectFromPlan(plan, image);
      const halfPixel = 0.5 / (plan.density * plan.scale);
      for (const key of ['x', 'y', 'width', 'height'] as const)
        expect(Math.abs(rect[key] - expected[key])).toBeLessThanOrEqual(halfPixel + 1e-9);
    },
  );

  it('places an image layer by the layer’s position in the frame', () => {
    const layer = node({
      id: '1:2',
      type: 'RECTANGLE',
      width: 300,
      height: 200,
      absoluteTransform: at(150, 60),
      fills: [imagePaint('h', 'FILL')],
    });
    const frame = node({
      id: '1:1',
      type: 'FRAME',
      width: 800,
      height: 400,
      absoluteTransform: at(100, 0),
      children: [layer],
    });
    const found = imageRectInFrame(
      frame,
      { kind: 'layer', imageNodeId: '1:2', paintIndex: 0 },
      { width: 600, height: 400 },
    );
    expect(found?.rect).toEqual({ x: 50, y: 60, width: 300, height: 200 });
  });
});
