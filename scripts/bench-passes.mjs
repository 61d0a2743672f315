// `npm run bench` part: what multi-pass FLUX outpaints buy (common/passes/plan-passes.ts), through the real job
// engine, the real sandbox controller (on the figma fake), the real pixel jobs on the Node codec and the strict
// fake BFL server, whose fill has detail at every pixel of the requested canvas (test/fake-bfl/fake-image-codec.ts).
// 1. Detail past 4 MP: a 3000 × 2000 written image around a 2000 × 2000 original (6 MP). Today's single request is
//    generated at ≤ 4 MP and enlarged; the passes tile the new area at full density. The figure is the mean
//    absolute Laplacian of the generated area, tiled ÷ single (goal ≥ 1.2).
// 2. A square image to a 4:1 banner: how many passes, and the largest new area per pass ÷ its reference (goal ≤ 1).
import { loadTsModuleAsync } from './lib/load-ts-module.mjs';

const h = await loadTsModuleAsync(
  [
    "export * from './test/ui/jobs/support/engine-harness';",
    "export { startFakeBflAsync } from './test/fake-bfl/fake-bfl-server';",
    "export { decodeImageAsync } from './test/fake-bfl/fake-image-codec';",
    "export { createNodePassPixels, createNodePixelPipeline } from './test/support/node-pixel-pipeline';",
    "export { passesForPlan } from './common/passes/compose-pass';",
  ],
  'passes',
);

/** Writes one frame with FLUX and returns the written image, the plan and the tasks FLUX got. */
async function outpaintAsync(spec, passes) {
  const bfl = await h.startFakeBflAsync({ latencyMs: 0 });
  const figma = h.createFigmaFake();
  const { frame } = await h.addFrameAsync(figma, spec);
  figma.currentPage.selection = [frame];
  const session = await h.openPanelAsync(figma, {
    settings: h.fluxSettings(bfl.url, { passes }),
    pipeline: h.createNodePixelPipeline(),
    passPixels: h.createNodePassPixels(),
    pollIntervalMs: 20,
  });
  try {
    await session.runner.outpaintChosenAsync();
    await session.settleAsync();
    const row = session.store.getState().batch.rows[0];
    if (row?.status !== 'done') throw new Error(`not written: ${row?.error?.message ?? row?.status}`);
    const paints = frame.fills.filter((p) => p.type === 'IMAGE' && p.visible !== false);
    const written = await h.decodeImageAsync(figma.imageBytes(paints[paints.length - 1].imageHash));
    return { written, plan: row.plan, tasks: [...bfl.state.tasks.values()] };
  } finally {
    session.close();
    await bfl.closeAsync();
  }
}

/** Mean absolute 4-neighbour Laplacian over RGB, at the pixels `inside(x, y)` selects (borders skipped). */
function meanLaplacian(img, inside) {
  const { width, height, data } = img;
  let sum = 0;
  let count = 0;
  for (let y = 1; y < height - 1; y++)
    for (let x = 1; x < width - 1; x++) {
      if (!inside(x, y)) continue;
      const i = (y * width + x) * 4;
      for (let c = 0; c < 3; c++) {
        const lap =
          4 * data[i + c] - data[i - 4 + c] - data[i + 4 + c] - data[i - width * 4 + c] - data[i + width * 4 + c];
        sum += Math.abs(lap);
      }
      count += 3;
    }
  return sum / count;
}

// 1. Detail past 4 MP. The frame is 3000 × 2000 and the image 2000 × 2000, Fit: it sits at x = 500 at density 1.
const poster = { name: 'Poster', width: 2000, height: 2000, extra: 1000 };
const single = await outpaintAsync(poster, 'single');
const tiled = await outpaintAsync(poster, 'steps');
// The generated bands, away from the original's seam (the feather there is the same in both).
const generated = (x) => x < 500 - 16 || x >= 2500 + 16;
const detailSingle = meanLaplacian(single.written, generated);
const detailTiled = meanLaplacian(tiled.written, generated);
console.log(
  `3000×2000 written: single pass ${single.tasks.length} request at ${single.tasks[0].width}×${single.tasks[0].height}, ` +
    `tiled ${tiled.tasks.length} requests (${tiled.tasks.map((t) => `${t.width}×${t.height}`).join(', ')})`,
);
console.log(
  `mean |Laplacian| of the generated area: single ${detailSingle.toFixed(1)}, tiled ${detailTiled.toFixed(1)}`,
);
console.log(`detail past 4 MP, tiled ÷ single pass = ${(detailTiled / detailSingle).toFixed(2)}`);

// 2. A square image to a 4:1 banner: 250 × 250 in a 1000 × 250 frame (the planner works the same at any size).
const banner = await outpaintAsync({ name: 'Banner', width: 250, height: 250, extra: 750 }, 'steps');
const planned = h.passesForPlan(banner.plan, 'high');
if (!planned.ok || planned.plan.passes.length !== banner.tasks.length)
  throw new Error('the passes run differ from the plan');
const perPass = planned.plan.passes.map((p, i) => {
  const task = banner.tasks[i];
  const reference = p.reference.width * p.reference.height;
  return (task.width * task.height - reference) / reference;
});
console.log(`new area per pass ÷ its reference: ${perPass.map((r) => r.toFixed(2)).join(', ')}`);
console.log(
  `extreme ratio 1:1 → 4:1 in steps: ${banner.tasks.length} passes, new area per pass ≤ ${Math.max(...perPass).toFixed(2)}×`,
);
// The fakes' timers (delivery windows, the figma fake's clock) would hold the process open: the figures are out.
process.exit(0);
