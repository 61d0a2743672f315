// The growing canvas of a multi-pass outpaint: where the original sits on the written image, the planner's input
// for a frame's plan, and how one pass's FLUX image joins the canvas. Pure pixels (common/pixels/rgba.ts).
import type { Plan, Rect } from '../geometry/plan';
import { composeOriginal } from '../pixels/compose-original';
import { cropRgba } from '../pixels/crop-rgba';
import { createRgba, type Rgba } from '../pixels/rgba';
import type { Target } from '../selection/report';
import type { FluxMode, Settings } from '../settings';
import { planPasses, type Pass, type PassPlan, type PassesResult } from './plan-passes';

/**
 * The original's rectangle on the written image (plan.output): the crop at output density, as
 * ui/pixels/pixel-jobs.ts finishAsync pastes it, cut to the canvas (with auto_crop the whole image may overhang).
 */
export function originalOnOutput(plan: Pick<Plan, 'crop' | 'output'>): Rect {
  const { output, crop } = plan;
  const width = output.scale === 1 ? crop.width : Math.max(1, Math.round(crop.width * output.scale));
  const height = output.scale === 1 ? crop.height : Math.max(1, Math.round(crop.height * output.scale));
  const x0 = Math.max(0, output.offsetX);
  const y0 = Math.max(0, output.offsetY);
  const x1 = Math.min(output.width, output.offsetX + width);
  const y1 = Math.min(output.height, output.offsetY + height);
  return { x: x0, y: y0, width: Math.max(0, x1 - x0), height: Math.max(0, y1 - y0) };
}

/** The passes for a frame's plan, on its written image (native density, ≤ 4096 px per side). */
export function passesForPlan(plan: Pick<Plan, 'crop' | 'output'>, mode: FluxMode): PassesResult {
  return planPasses({
    canvas: { width: plan.output.width, height: plan.output.height },
    original: originalOnOutput(plan),
    fast: mode === 'fast',
  });
}

/** The passes a FLUX run of this frame takes, or null when today's single request is the plan. */
export function passPlanFor(
  plan: Plan,
  settings: Pick<Settings, 'mode'> & { passes?: 'steps' | 'single' },
): PassPlan | null {
  if (settings.passes === 'single') return null;
  const planned = passesForPlan(plan, settings.mode);
  if (!planned.ok || planned.plan.passes.length < 2) return null;
  return planned.plan;
}

/** The passes the panel shows before the click: a FLUX frame ready to run, in passes unless One pass was chosen. */
export function chosenPasses(
  target: Pick<Target, 'status' | 'plan'>,
  settings: Pick<Settings, 'engine' | 'mode' | 'passes'>,
): PassPlan | null {
  return settings.engine === 'flux' && target.status === 'ready' ? passPlanFor(target.plan, settings) : null;
}

/** The written image with only the original on it (the rest transparent): the canvas before the first pass. */
export function startCanvas(original: Rgba, plan: Pick<Plan, 'output'>): Rgba {
  const blank = createRgba(plan.output.width, plan.output.height);
  return composeOriginal({ generated: blank, original, x: plan.output.offsetX, y: plan.output.offsetY, feather: 0 });
}

/** The pass's reference, cut from the current canvas: the original and what earlier passes made. */
export function passReference(canvas: Rgba, pass: Pick<Pass, 'reference'>): Rgba {
  return cropRgba(canvas, pass.reference);
}

/**
 * Joins one pass's FLUX image (its region's size) to the canvas, in place. The reference part is not written: the
 * canvas already holds those pixels exactly, and the original lies inside the known part, so it is never touched.
 * The seam against the reference gets the same colour-offset feather as a single pass's seam against the original
 * (common/pixels/compose-original.ts), so a pass's seams are no worse than a single pass's. Where the previous tile
 * made the same pixels, the new ones fade in linearly across the overlap.
 */
export function composePass(canvas: Rgba, generated: Rgba, pass: Pass, feather: number): void {
  const { region, reference, blend } = pass;
  if (generated.width !== region.width || generated.height !== region.height) {
    throw new RangeError(
      `The pass image is ${generated.width}×${generated.height}, not ${region.width}×${region.height}`,
    );
  }
  const joined = composeOriginal({
    generated,
    original: cropRgba(canvas, reference),
    x: reference.x - region.x,
    y: reference.y - region.y,
    feather,
  });
  const W = canvas.width;
  const out = canvas.data;
  const src = joined.data;
  const rx1 = reference.x + reference.width;
  const ry1 = reference.y + reference.height;
  for (let y = region.y; y < region.y + region.height; y++) {
    const inRefRows = y >= reference.y && y < ry1;
    for (let x = region.x; x < region.x + region.width; x++) {
      if (inRefRows && x >= reference.x && x < rx1) continue;
      const s = ((y - region.y) * region.width + (x - region.x)) * 4;
      const d = (y * W + x) * 4;
      const w = blend ? fadeWeight(blend, x, y) : 1;
      if (w >= 1) {
        out[d] = src[s]!;
        out[d + 1] = src[s + 1]!;
        out[d + 2] = src[s + 2]!;
        out[d + 3] = src[s + 3]!;
      } else {
        for (let c = 0; c < 4; c++) out[d + c] = out[d + c]! + (src[s + c]! - out[d + c]!) * w;
      }
    }
  }
}

/** 1 outside the overlap; inside, from 0 at the `from` edge (the previous tile's side) to 1 at the other. */
function fadeWeight(blend: NonNullable<Pass['blend']>, x: number, y: number): number {
  const { rect, from } = blend;
  if (x < rect.x || y < rect.y || x >= rect.x + rect.width || y >= rect.y + rect.height) return 1;
  switch (from) {
    case 'top':
      return (y - rect.y + 0.5) / rect.height;
    case 'bottom':
      return (rect.y + rect.height - y - 0.5) / rect.height;
    case 'left':
      return (x - rect.x + 0.5) / rect.width;
    case 'right':
      return (rect.x + rect.width - x - 0.5) / rect.width;
  }
}
