// Builds a Plan the way the planner describes it (common/geometry/plan.ts), from a frame measured in native
// source pixels: tests state the geometry once and read every API/output field from it.
import type { Plan, QuarterTurns, Rect } from '../../../../common/geometry/plan';

export interface PlanSketch {
  /** The part of the (rotated) source that is sent, in source pixels. */
  crop: Rect;
  /** Frame size at native density, in source pixels. */
  frame: { width: number; height: number };
  /** Where the crop's top-left sits in the frame, in source pixels. */
  at: { x: number; y: number };
  quarterTurns?: QuarterTurns;
  /** API pixels per source pixel. */
  scale?: number;
  /** Output pixels per source pixel (< 1 only under Figma's 4096 px cap). */
  outputScale?: number;
}

export function makePlan(sketch: PlanSketch): Plan {
  const scale = sketch.scale ?? 1;
  const outputScale = sketch.outputScale ?? 1;
  const width = Math.round(sketch.frame.width * scale);
  const height = Math.round(sketch.frame.height * scale);
  const offsetX = Math.round(sketch.at.x * scale);
  const offsetY = Math.round(sketch.at.y * scale);
  return {
    width,
    height,
    offsetX,
    offsetY,
    autoCrop: offsetX < 0 || offsetY < 0,
    quarterTurns: sketch.quarterTurns ?? 0,
    crop: sketch.crop,
    reference: { width: Math.round(sketch.crop.width * scale), height: Math.round(sketch.crop.height * scale) },
    scale,
    density: 1,
    limitedBy: scale < 1 ? ['api-max-pixels'] : [],
    output: {
      width: Math.round(sketch.frame.width * outputScale),
      height: Math.round(sketch.frame.height * outputScale),
      offsetX: Math.round(sketch.at.x * outputScale),
      offsetY: Math.round(sketch.at.y * outputScale),
      scale: outputScale,
    },
    fastMode: { allowed: true, problems: [] },
    megapixels: (width * height) / 1e6,
  };
}
