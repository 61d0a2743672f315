import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { imageRectInNode } from '../../../common/geometry/paint-rect';
import {
  API_MAX_PIXELS,
  API_MIN_SIDE,
  FIGMA_MAX_SIDE,
  planCanvas,
  type CanvasInput,
} from '../../../common/geometry/plan-canvas';
import type { QuarterTurns, Rect } from '../../../common/geometry/plan';
import { GEOMETRY_MESSAGES } from '../../../common/geometry/geometry-messages';

// Random frames, images, densities, positions (overflowing, inside, partly outside) and optional inner clips.
const scenario = fc
  .record({
    frameW: fc.double({ min: 1, max: 6000, noNaN: true }),
    frameH: fc.double({ min: 1, max: 6000, noNaN: true }),
    imageW: fc.integer({ min: 1, max: 6000 }),
    imageH: fc.integer({ min: 1, max: 6000 }),
    quarterTurns: fc.constantFrom<QuarterTurns>(0, 1, 2, 3),
    density: fc.double({ min: 0.05, max: 20, noNaN: true }),
    // Position of the image's left/top edge as a fraction: −1 = fully left of the frame, 1 = at its right edge.
    fx: fc.double({ min: -1, max: 1, noNaN: true }),
    fy: fc.double({ min: -1, max: 1, noNaN: true }),
    clip: fc.option(
      fc.record({
        x: fc.double({ min: 0, max: 0.9, noNaN: true }),
        y: fc.double({ min: 0, max: 0.9, noNaN: true }),
        w: fc.double({ min: 0.05, max: 1, noNaN: true }),
        h: fc.double({ min: 0.05, max: 1, noNaN: true }),
      }),
      { nil: undefined },
    ),
    format: fc.constantFrom('png' as const, 'jpeg' as const, 'gif' as const),
    fileBytes: fc.option(fc.integer({ min: 1, max: 20_000_000 }), { nil: undefined }),
  })
  .map((s) => {
    const turnedW = s.quarterTurns % 2 ? s.imageH : s.imageW;
    const turnedH = s.quarterTurns % 2 ? s.imageW : s.imageH;
    const width = turnedW / s.density;
    const height = turnedH / s.density;
    const imageRect: Rect = {
      x: s.fx < 0 ? s.fx * width : s.fx * s.frameW,
      y: s.fy < 0 ? s.fy * height : s.fy * s.frameH,
      width,
      height,
    };
    const clip: Rect | undefined = s.clip && {
      x: s.clip.x * s.frameW,
      y: s.clip.y * s.frameH,
      width: s.clip.w * s.frameW,
      height: s.clip.h * s.frameH,
    };
    const input: CanvasInput = {
      frame: { width: s.frameW, height: s.frameH },
      imageRect,
      clip,
      image: { width: s.imageW, height: s.imageH },
      quarterTurns: s.quarterTurns,
      format: s.format,
      fileBytes: s.fileBytes,
    };
    return { input, turnedW, turnedH };
  });

function overlap(a: Rect, b: Rect): Rect | null {
  const x0 = Math.max(a.x, b.x);
  const y0 = Math.max(a.y, b.y);
  const x1 = Math.min(a.x + a.width, b.x + b.width);
  const y1 = Math.min(a.y + a.height, b.y + b.height);
  return x1 > x0 && y1 > y0 ? { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } : null;
}

const EPS = 1e-6;

describe('planCanvas properties', () => {
  it('keeps every plan within the limits, the reference inside the canvas, and on the image’s visible rectangle', () => {
    let planned = 0;
    fc.assert(
      fc.property(scenario, ({ input, turnedW, turnedH }) => {
        const result = planCanvas(input);
        if (!result.ok) {
          expect(['limits', 'too-small']).toContain(result.error.code);
          if (result.error.message === GEOMETRY_MESSAGES.strip) {
            // Only a canvas longer than 4096 / 64 = 64 : 1 can miss both the minimum and the maximum.
            const { width: fw, height: fh } = input.frame;
            expect(Math.max(fw / fh, fh / fw)).toBeGreaterThan(60);
          }
          return;
        }
        planned++;
        const { plan } = result;
        const kx = turnedW / input.imageRect.width;
        const ky = turnedH / input.imageRect.height;
        const onFrame = overlap(input.imageRect, { x: 0, y: 0, width: input.frame.width, height: input.frame.height });
        const visible = onFrame && input.clip ? overlap(onFrame, input.clip) : onFrame;
        expect(visible).not.toBeNull();
        const v = visible!;

        // API and Figma limits.
        expect(plan.width).toBeGreaterThanOrEqual(API_MIN_SIDE);
        expect(plan.height).toBeGreaterThanOrEqual(API_MIN_SIDE);
        expect(plan.width).toBeLessThanOrEqual(FIGMA_MAX_SIDE);
        expect(plan.height).toBeLessThanOrEqual(FIGMA_MAX_SIDE);
        expect(plan.width * plan.height).toBeLessThanOrEqual(API_MAX_PIXELS);
        expect(plan.output.width).toBeLessThanOrEqual(FIGMA_MAX_SIDE);
        expect(plan.output.height).toBeLessThanOrEqual(FIGMA_MAX_SIDE);
        expect(plan.output.scale).toBeLessThanOrEqual(1);

        // The crop is whole source pixels inside the (turned) image.
        const { crop } = plan;
        for (const n of [crop.x, crop.y, crop.width, crop.height]) expect(Number.isInteger(n)).toBe(true);
        expect(crop.x).toBeGreaterThanOrEqual(0);
        expect(crop.y).toBeGreaterThanOrEqual(0);
        expect(crop.width).toBeGreaterThanOrEqual(1);
        expect(crop.height).toBeGreaterThanOrEqual(1);
        expect(crop.x + crop.width).toBeLessThanOrEqual(turnedW);
        expect(crop.y + crop.height).toBeLessThanOrEqual(turnedH);

        // What shows on the canvas: the reference, cut to the canvas when auto_crop is on.
        let shown: Rect;
        if (plan.autoCrop) {
          expect(plan.scale).toBe(1);
          expect(plan.quarterTurns).toBe(0);
          expect(plan.reference).toEqual({ width: turnedW, height: turnedH });
          shown = overlap(
            { x: plan.offsetX, y: plan.offsetY, ...plan.reference },
            { x: 0, y: 0, width: plan.width, height: plan.height },
          )!;
        } else {
          expect(plan.offsetX).toBeGreaterThanOrEqual(0);
          expect(plan.offsetY).toBeGreaterThanOrEqual(0);
          expect(plan.offsetX + plan.reference.width).toBeLessThanOrEqual(plan.width);
          expect(plan.offsetY + plan.reference.height).toBeLessThanOrEqual(plan.height);
          shown = { x: plan.offsetX, y: plan.offsetY, ...plan.reference };
        }
        // Back in design units, each edge is within half a pixel of the coarser grid (source or API).
        const tolX = 0.5 / (kx * Math.min(1, plan.scale)) + EPS;
        const tolY = 0.5 / (ky * Math.min(1, plan.scale)) + EPS;
        expect(Math.abs(shown.x / (kx * plan.scale) - v.x)).toBeLessThanOrEqual(tolX);
        expect(Math.abs((shown.x + shown.width) / (kx * plan.scale) - (v.x + v.width))).toBeLessThanOrEqual(tolX);
        expect(Math.abs(shown.y / (ky * plan.scale) - v.y)).toBeLessThanOrEqual(tolY);
        expect(Math.abs((shown.y + shown.height) / (ky * plan.scale) - (v.y + v.height))).toBeLessThanOrEqual(tolY);

        if (plan.scale === 1 && !plan.autoCrop) {
          // Native resolution: the crop is sent pixel for pixel, and its content sits within half a source pixel.
          expect(plan.reference).toEqual({ width: crop.width, height: crop.height });
          expect(Math.abs((plan.offsetX - crop.x) / kx - input.imageRect.x)).toBeLessThanOrEqual(0.5 / kx + EPS);
          expect(Math.abs((plan.offsetY - crop.y) / ky - input.imageRect.y)).toBeLessThanOrEqual(0.5 / ky + EPS);
        }
        if (plan.output.scale === 1 && !plan.autoCrop) {
          // The written image is at native density: the original crop pastes 1:1 inside it.
          expect(plan.output.offsetX + crop.width).toBeLessThanOrEqual(plan.output.width);
          expect(plan.output.offsetY + crop.height).toBeLessThanOrEqual(plan.output.height);
          expect(plan.output.offsetX).toBeGreaterThanOrEqual(0);
          expect(plan.output.offsetY).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 3000, seed: 20260806 },
    );
    // The generator must mostly produce plannable scenarios, or the property proves little.
    expect(planned).toBeGreaterThan(900);
  });
});

describe('CROP placements planned end to end', () => {
  it('puts the reference where §1.3’s closed form puts the image, within half a pixel of the coarser grid', () => {
    const crops = fc.record({
      nodeW: fc.double({ min: 20, max: 3000, noNaN: true }),
      nodeH: fc.double({ min: 20, max: 3000, noNaN: true }),
      imageW: fc.integer({ min: 16, max: 5000 }),
      // Zoom m00 in (0.2, 5): < 1 overflows the node, > 1 leaves room; the y scale follows for a proportional image.
      zoom: fc.double({ min: 0.2, max: 5, noNaN: true }),
      tx: fc.double({ min: -2, max: 1, noNaN: true }),
      ty: fc.double({ min: -2, max: 1, noNaN: true }),
    });
    fc.assert(
      fc.property(crops, ({ nodeW, nodeH, imageW, zoom, tx, ty }) => {
        // Closed form for axis-aligned crops (docs/figma-plugin-api.md, Crop transforms): w = W/m00, x = −m02/m00·W, likewise for y.
        const rectW = nodeW / zoom;
        const imageH = Math.max(1, Math.round((imageW * nodeH) / nodeW));
        const rectH = rectW * (imageH / imageW);
        const m11 = nodeH / rectH;
        const expected: Rect = { x: (-tx / zoom) * nodeW, y: (-ty / m11) * nodeH, width: rectW, height: rectH };
        const placed = imageRectInNode(
          { width: nodeW, height: nodeH },
          {
            type: 'IMAGE',
            visible: true,
            opacity: 1,
            scaleMode: 'CROP',
            imageHash: 'h',
            imageTransform: [
              [zoom, 0, tx],
              [0, m11, ty],
            ],
          },
          { width: imageW, height: imageH },
        );
        if (!placed.ok) throw new Error(placed.error.message);
        const result = planCanvas({
          frame: { width: nodeW, height: nodeH },
          imageRect: placed.rect,
          image: { width: imageW, height: imageH },
          quarterTurns: placed.quarterTurns,
          format: 'png',
        });
        const visible = overlap(expected, { x: 0, y: 0, width: nodeW, height: nodeH });
        if (!result.ok) {
          // Only a sliver under a pixel, or a canvas the limits cannot hold, may be refused.
          expect(result.error.code).toBe('limits');
          return;
        }
        expect(visible).not.toBeNull();
        const { plan } = result;
        const k = imageW / rectW;
        const tol = 0.5 / (k * Math.min(1, plan.scale)) + EPS;
        expect(Math.abs(plan.offsetX / (k * plan.scale) - visible!.x)).toBeLessThanOrEqual(tol);
        expect(
          Math.abs((plan.offsetX + plan.reference.width) / (k * plan.scale) - (visible!.x + visible!.width)),
        ).toBeLessThanOrEqual(tol);
        const ky = imageH / rectH;
        const tolY = 0.5 / (ky * Math.min(1, plan.scale)) + EPS;
        expect(Math.abs(plan.offsetY / (ky * plan.scale) - visible!.y)).toBeLessThanOrEqual(tolY);
        expect(
          Math.abs((plan.offsetY + plan.reference.height) / (ky * plan.scale) - (visible!.y + visible!.height)),
        ).toBeLessThanOrEqual(tolY);
      }),
      { numRuns: 1500, seed: 1303 },
    );
  });
});
