// Where things go in the placement preview, in API pixels (the SVG's user units): the canvas, the reference
// on it, and how to draw the stored image so that exactly the plan's crop fills the reference box.
import type { Plan, QuarterTurns, Rect } from '../../common/geometry/plan';
import type { PassPlan } from '../../common/passes/plan-passes';

export interface PreviewGeometry {
  viewBox: Rect;
  canvas: Rect;
  reference: Rect;
  /** The rotated source image's size, in source pixels; the crop is a rectangle of it. */
  rotatedSize: { width: number; height: number };
  /** SVG transform that turns the stored image (drawn at 0,0 at its stored size) by the plan's quarter turns. */
  rotation: string;
  /** Line widths and hatch spacing that look the same at any canvas size. */
  stroke: number;
  hatch: number;
  /** True when the reference sticks out of the canvas (auto_crop trims it, docs/bfl-api.md, Placement geometry). */
  overhangs: boolean;
}

function rotationTransform(turns: QuarterTurns, width: number, height: number): string {
  switch (turns) {
    case 0:
      return '';
    case 1:
      return `translate(${height} 0) rotate(90)`;
    case 2:
      return `translate(${width} ${height}) rotate(180)`;
    case 3:
      return `translate(0 ${width}) rotate(270)`;
  }
}

export function previewGeometry(plan: Plan, stored: { width: number; height: number }): PreviewGeometry {
  const canvas: Rect = { x: 0, y: 0, width: plan.width, height: plan.height };
  const reference: Rect = {
    x: plan.offsetX,
    y: plan.offsetY,
    width: plan.reference.width,
    height: plan.reference.height,
  };
  const left = Math.min(0, reference.x);
  const top = Math.min(0, reference.y);
  const right = Math.max(canvas.width, reference.x + reference.width);
  const bottom = Math.max(canvas.height, reference.y + reference.height);
  const span = Math.max(right - left, bottom - top, 1);
  const pad = span * 0.02;
  const sideways = plan.quarterTurns % 2 === 1;
  return {
    viewBox: { x: left - pad, y: top - pad, width: right - left + 2 * pad, height: bottom - top + 2 * pad },
    canvas,
    reference,
    rotatedSize: sideways
      ? { width: stored.height, height: stored.width }
      : { width: stored.width, height: stored.height },
    rotation: rotationTransform(plan.quarterTurns, stored.width, stored.height),
    stroke: span / 240,
    hatch: span / 36,
    overhangs:
      reference.x < 0 ||
      reference.y < 0 ||
      reference.x + reference.width > canvas.width ||
      reference.y + reference.height > canvas.height,
  };
}

/**
 * Each pass's new strip (its request minus its reference, common/passes/plan-passes.ts), in the preview's units:
 * the passes are planned on the written image, the preview draws the API canvas of the same frame, so they scale.
 */
export function passStrips(plan: Pick<Plan, 'width' | 'height' | 'output'>, passes: PassPlan): Rect[] {
  const sx = plan.width / plan.output.width;
  const sy = plan.height / plan.output.height;
  return passes.passes.map(({ region, reference }) => {
    let { x, y, width, height } = region;
    if (reference.x > region.x) width = reference.x - region.x;
    else if (reference.x + reference.width < region.x + region.width) {
      x = reference.x + reference.width;
      width = region.x + region.width - x;
    } else if (reference.y > region.y) height = reference.y - region.y;
    else if (reference.y + reference.height < region.y + region.height) {
      y = reference.y + reference.height;
      height = region.y + region.height - y;
    }
    return { x: x * sx, y: y * sy, width: width * sx, height: height * sy };
  });
}
