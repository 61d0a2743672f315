import { describe, expect, it } from 'vitest';
import {
  API_MAX_PIXELS,
  fastModeCheck,
  planCanvas,
  type CanvasInput,
  type CanvasPlanResult,
} from '../../../common/geometry/plan-canvas';
import { GEOMETRY_MESSAGES } from '../../../common/geometry/geometry-messages';

const input = (over: Partial<CanvasInput> & Pick<CanvasInput, 'frame' | 'imageRect' | 'image'>): CanvasInput => ({
  quarterTurns: 0,
  format: 'png',
  fileBytes: 1000,
  ...over,
});
function planned(result: CanvasPlanResult) {
  if (!result.ok) throw new Error(`expected a plan, got ${result.error.code}: ${result.error.message}`);
  return result;
}
function refused(result: CanvasPlanResult) {
  if (result.ok) throw new Error('expected a refusal');
  return result.error;
}

describe('planCanvas — native density', () => {
  it('plans a FIT letterbox at the image’s own resolution with the reference in the band gap', () => {
    // 2000×1000 px shown 1000×500 in a 1000×1000 frame: 2 px per unit → 2000×2000 canvas, image at y = 250·2.
    const { plan, covered } = planned(
      planCanvas(
        input({
          frame: { width: 1000, height: 1000 },
          imageRect: { x: 0, y: 250, width: 1000, height: 500 },
          image: { width: 2000, height: 1000 },
        }),
      ),
    );
    expect(covered).toBe(false);
    expect(plan).toMatchObject({
      width: 2000,
      height: 2000,
      offsetX: 0,
      offsetY: 500,
      autoCrop: false,
      crop: { x: 0, y: 0, width: 2000, height: 1000 },
      reference: { width: 2000, height: 1000 },
      scale: 1,
      density: 2,
      limitedBy: [],
      output: { width: 2000, height: 2000, offsetX: 0, offsetY: 500, scale: 1 },
      megapixels: 4,
    });
    expect(plan.fastMode).toEqual({ allowed: true, problems: [] });
  });

  it('reports a FILL that covers the frame as covered, not as an error', () => {
    const result = planned(
      planCanvas(
        input({
          frame: { width: 1000, height: 500 },
          imageRect: { x: 0, y: -250, width: 1000, height: 1000 },
          image: { width: 1000, height: 1000 },
        }),
      ),
    );
    expect(result.covered).toBe(true);
    expect(result.visible).toEqual({ x: 0, y: 0, width: 1000, height: 500 });
  });

  it('sends the original whole with a negative offset and auto_crop when only the frame hides part of it', () => {
    // Image 1000×1000 px at y = −250 in a 1000×600 frame at 1 px per unit.
    const { plan } = planned(
      planCanvas(
        input({
          frame: { width: 1000, height: 600 },
          imageRect: { x: 0, y: -250, width: 1000, height: 1000 },
          image: { width: 1000, height: 1000 },
        }),
      ),
    );
    expect(plan).toMatchObject({
      width: 1000,
      height: 600,
      autoCrop: true,
      offsetX: 0,
      offsetY: -250,
      crop: { x: 0, y: 0, width: 1000, height: 1000 },
      reference: { width: 1000, height: 1000 },
    });
  });

  it('crops to the visible part instead when the file is too big, of unknown size, or not PNG/JPEG', () => {
    const base = {
      frame: { width: 1000, height: 600 },
      imageRect: { x: 0, y: -250, width: 1000, height: 1000 },
      image: { width: 1000, height: 1000 },
    };
    const expected = {
      autoCrop: false,
      offsetX: 0,
      offsetY: 0,
      crop: { x: 0, y: 250, width: 1000, height: 600 },
      reference: { width: 1000, height: 600 },
    };
    expect(planned(planCanvas(input({ ...base, fileBytes: 9 * 1024 * 1024 }))).plan).toMatchObject(expected);
    expect(planned(planCanvas(input({ ...base, fileBytes: undefined }))).plan).toMatchObject(expected);
    expect(planned(planCanvas(input({ ...base, format: 'gif' }))).plan).toMatchObject(expected);
  });

  it('crops to the visible part when the image is turned, because its pixels must be re-encoded anyway', () => {
    // 1000×2000 px stored, one quarter turn → 2000×1000 shown; it overflows a 1000×1000 frame by 500 each side.
    const { plan } = planned(
      planCanvas(
        input({
          frame: { width: 1000, height: 1000 },
          imageRect: { x: -500, y: 0, width: 2000, height: 1000 },
          image: { width: 1000, height: 2000 },
          quarterTurns: 1,
        }),
      ),
    );
    expect(plan).toMatchObject({
      autoCrop: false,
      quarterTurns: 1,
      crop: { x: 500, y: 0, width: 1000, height: 1000 },
      offsetX: 0,
      offsetY: 0,
    });
  });

  it('crops to an extra clip (a layer’s own box) and never auto-crops past it', () => {
    // Image 400×400 px at (100, 100) in a 1000×1000 frame, but its layer box only shows x 100..300.
    const { plan, visible } = planned(
      planCanvas(
        input({
          frame: { width: 1000, height: 1000 },
          imageRect: { x: 100, y: 100, width: 400, height: 400 },
          clip: { x: 100, y: 100, width: 200, height: 400 },
          image: { width: 400, height: 400 },
        }),
      ),
    );
    expect(visible).toEqual({ x: 100, y: 100, width: 200, height: 400 });
    expect(plan).toMatchObject({
      autoCrop: false,
      offsetX: 100,
      offsetY: 100,
      crop: { x: 0, y: 0, width: 200, height: 400 },
      reference: { width: 200, height: 400 },
    });
  });

  it('rounds a half-pixel image origin once so the crop and reference stay the same size', () => {
    // 0.5 px per unit: the image origin 101 units → 50.5 px. The visible part is 200 px either way.
    const { plan } = planned(
      planCanvas(
        input({
          frame: { width: 600, height: 600 },
          imageRect: { x: 101, y: 0, width: 400, height: 400 },
          image: { width: 200, height: 200 },
        }),
      ),
    );
    expect(plan.reference).toEqual({ width: plan.crop.width, height: plan.crop.height });
    expect(plan.crop.width).toBe(200);
    expect(plan.offsetX + plan.reference.width).toBeLessThanOrEqual(plan.width);
  });
});

describe('planCanvas — limits', () => {
  it('scales a 1024 px image FIT in a 4000×1000 frame below 4 MP and restores native resolution on output', () => {
    // Density 1.024 px/unit → native canvas 4096×1024 = exactly 4 MP: at the limit, which fast mode may refuse.
    const { plan } = planned(
      planCanvas(
        input({
          frame: { width: 4000, height: 1000 },
          imageRect: { x: 1500, y: 0, width: 1000, height: 1000 },
          image: { width: 1024, height: 1024 },
        }),
      ),
    );
    expect(plan.scale).toBeLessThan(1);
    expect(plan.limitedBy).toEqual(['api-max-pixels']);
    expect(plan.width * plan.height).toBeLessThan(API_MAX_PIXELS);
    expect(plan.output).toEqual({ width: 4096, height: 1024, offsetX: 1536, offsetY: 0, scale: 1 });
    expect(plan.crop).toEqual({ x: 0, y: 0, width: 1024, height: 1024 });
    expect(plan.fastMode.allowed).toBe(true);
  });

  it('scales a 9 MP canvas under 4 MP and keeps the written image at 3000×3000', () => {
    const { plan } = planned(
      planCanvas(
        input({
          frame: { width: 3000, height: 3000 },
          imageRect: { x: 0, y: 1000, width: 3000, height: 1000 },
          image: { width: 3000, height: 1000 },
        }),
      ),
    );
    expect(plan.limitedBy).toEqual(['api-max-pixels']);
    expect(plan.width * plan.height).toBeLessThanOrEqual(API_MAX_PIXELS);
    expect(plan.width).toBe(plan.height);
    expect(plan.output).toEqual({ width: 3000, height: 3000, offsetX: 0, offsetY: 1000, scale: 1 });
  });

  it('caps a long side at 4096 for Figma, on the API canvas and on the written image', () => {
    // 8000×400 px FIT in 8000×800 units at 1 px/unit: scale 4096/8000 = 0.512 → 4096 × 409.6 → 410.
    const { plan } = planned(
      planCanvas(
        input({
          frame: { width: 8000, height: 800 },
          imageRect: { x: 0, y: 200, width: 8000, height: 400 },
          image: { width: 8000, height: 400 },
        }),
      ),
    );
    expect(plan.limitedBy).toEqual(['figma-max-side']);
    expect(plan.scale).toBeCloseTo(0.512, 9);
    expect([plan.width, plan.height]).toEqual([4096, 410]);
    // Reference rows: round(200·0.512) = 102 to round(600·0.512) = 307.
    expect([plan.offsetY, plan.reference.height]).toEqual([102, 205]);
    expect(plan.output).toMatchObject({ width: 4096, height: 410, offsetY: 102 });
    expect(plan.output.scale).toBeCloseTo(0.512, 9);
    expect(plan.fastMode.allowed).toBe(false);
    expect(plan.fastMode.problems).toHaveLength(2);
  });

  it('enlarges a tiny image to the API’s 64 px minimum but writes it back at native size', () => {
    // 16×16 px FIT in 64×32 units: shown 32×32 at x = 16 → 0.5 px/unit → native canvas 32×16 → scale 4 → 128×64.
    const { plan } = planned(
      planCanvas(
        input({
          frame: { width: 64, height: 32 },
          imageRect: { x: 16, y: 0, width: 32, height: 32 },
          image: { width: 16, height: 16 },
        }),
      ),
    );
    expect(plan).toMatchObject({
      width: 128,
      height: 64,
      scale: 4,
      limitedBy: ['api-min-side'],
      offsetX: 32,
      offsetY: 0,
      reference: { width: 64, height: 64 },
    });
    expect(plan.output).toEqual({ width: 32, height: 16, offsetX: 8, offsetY: 0, scale: 1 });
  });

  it('refuses a strip that cannot be both 64 px wide and 4096 px long, naming the limits', () => {
    const error = refused(
      planCanvas(
        input({
          frame: { width: 10, height: 4000 },
          imageRect: { x: 0, y: 0, width: 10, height: 4000 },
          image: { width: 10, height: 4000 },
        }),
      ),
    );
    expect(error.code).toBe('limits');
    expect(error.message).toBe(GEOMETRY_MESSAGES.strip);
    expect(error.message).toMatch(/64 px.*4096/);
  });

  it('refuses when less than a pixel of the image shows in the frame', () => {
    const error = refused(
      planCanvas(
        input({
          frame: { width: 100, height: 100 },
          imageRect: { x: -99.7, y: 0, width: 100, height: 100 },
          image: { width: 100, height: 100 },
        }),
      ),
    );
    expect(error).toEqual({ code: 'limits', message: GEOMETRY_MESSAGES.tinyVisible });
  });

  it('refuses an image entirely outside the frame', () => {
    const error = refused(
      planCanvas(
        input({
          frame: { width: 100, height: 100 },
          imageRect: { x: 200, y: 0, width: 100, height: 100 },
          image: { width: 100, height: 100 },
        }),
      ),
    );
    expect(error.code).toBe('limits');
  });
});

describe('planCanvas — fast mode', () => {
  it('flags a reference under 64 px per side', () => {
    const { plan } = planned(
      planCanvas(
        input({
          frame: { width: 1000, height: 1000 },
          imageRect: { x: 475, y: 475, width: 50, height: 50 },
          image: { width: 50, height: 50 },
        }),
      ),
    );
    expect(plan.fastMode.allowed).toBe(false);
    expect(plan.fastMode.problems).toEqual([
      'The image is under 64 px on a side in the request; Fast needs 64. Use High.',
    ]);
  });

  it('flags a reference longer than 8:1', () => {
    const { plan } = planned(
      planCanvas(
        input({
          frame: { width: 1000, height: 1000 },
          imageRect: { x: 50, y: 450, width: 900, height: 100 },
          image: { width: 900, height: 100 },
        }),
      ),
    );
    expect(plan.fastMode.problems).toEqual([
      'The image is more than 8 times longer than wide; Fast refuses that. Use High.',
    ]);
  });

  it('flags a canvas that leaves no room below 4 MP for padding', () => {
    // 2048×2048 is exactly 4 MP; 2050×2040 pads to 2064×2048, over 4 MP.
    expect(fastModeCheck(2048, 2048, { width: 500, height: 500 }, { width: 500, height: 500 }).allowed).toBe(false);
    expect(fastModeCheck(2050, 2040, { width: 500, height: 500 }, { width: 500, height: 500 }).problems).toEqual([
      'The canvas is at the 4 MP limit, leaving Fast no room to pad. Use High.',
    ]);
    expect(fastModeCheck(2000, 2000, { width: 500, height: 500 }, { width: 500, height: 500 }).allowed).toBe(true);
  });

  it('keeps every fast-mode sentence short enough for a notification', () => {
    const all = fastModeCheck(4096, 64, { width: 10, height: 200 }, { width: 10, height: 200 });
    expect(all.problems.length).toBeGreaterThan(1);
    for (const p of all.problems) expect(p.length).toBeLessThanOrEqual(100);
  });
});

describe('planCanvas — a frame with a target density (variant frames)', () => {
  // A 640 × 427 px image shown 1080 × 720.6 units wide in a 1080 × 1920 story frame: 0.59 px per unit natively.
  const story = input({
    frame: { width: 1080, height: 1920 },
    imageRect: { x: 0, y: 600, width: 1080, height: (427 * 1080) / 640 },
    image: { width: 640, height: 427 },
  });

  it('rises to 1 px per unit: the canvas and the written image are the platform’s 1080 × 1920', () => {
    const { plan } = planned(planCanvas({ ...story, targetDensity: 1 }));
    expect(plan).toMatchObject({ width: 1080, height: 1920, offsetX: 0, offsetY: 600, autoCrop: false });
    expect(plan.output).toMatchObject({ width: 1080, height: 1920, offsetX: 0, offsetY: 600 });
    expect(plan.scale).toBeCloseTo(1080 / 640, 9);
    expect(plan.reference).toEqual({ width: 1080, height: 721 });
  });

  it('stays at the image’s density without one, and when the image is already denser', () => {
    expect(planned(planCanvas(story)).plan).toMatchObject({ width: 640, height: 1138 });
    // 1296 px across 1080 units is 1.2 px per unit: more than the target, so nothing changes.
    const dense = planned(planCanvas({ ...story, image: { width: 1296, height: 865 }, targetDensity: 1 })).plan;
    expect(dense).toMatchObject({ width: 1296, scale: 1 });
  });

  it('keeps the raised canvas within 4 MP', () => {
    const big = planned(
      planCanvas(
        input({
          frame: { width: 4000, height: 4000 },
          imageRect: { x: 0, y: 1000, width: 4000, height: 2000 },
          image: { width: 400, height: 200 },
          targetDensity: 1,
        }),
      ),
    ).plan;
    expect(big.width * big.height).toBeLessThanOrEqual(API_MAX_PIXELS);
    expect(big.output.width).toBeLessThanOrEqual(4096);
  });
});
