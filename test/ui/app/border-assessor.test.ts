// The assessor on real photos from the repo's image set: decoded in Node (the panel decodes with the browser's
// decoder), cropped as the plan says, and judged by common/engine/assess-border.ts.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../../common/geometry/plan';
import { startBorderAssessor, type AssessmentPixels } from '../../../ui/app/border-assessor';
import { createAppStore } from '../../../ui/state/app-store';
import { borderKey } from '../../../ui/state/border-outlook';
import { decodeImageAsync } from '../../../scripts/lib/node-codecs.mjs';
import { FLUX_SETTINGS, OFFLINE_SETTINGS, makePlan, makeSelection, makeTarget } from '../support/ui-fixtures';
import { waitForAsync } from '../../support/wait-for';

async function photoAsync(name: string): Promise<Uint8Array> {
  return new Uint8Array(await readFile(new URL(`../../fixtures/engine-images/${name}`, import.meta.url)));
}

/** The plan's crop of the decoded photo (no turns in these plans). */
async function cropAsync(bytes: Uint8Array, plan: Plan): Promise<AssessmentPixels> {
  const image = await decodeImageAsync(bytes);
  const { x, y, width, height } = plan.crop;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let row = 0; row < height; row++) {
    const from = ((y + row) * image.width + x) * 4;
    data.set(image.data.subarray(from, from + width * 4), row * width * 4);
  }
  return { data, width, height };
}

/** A frame showing the left 60 % of the photo, extended to the right by the rest (the eval's right40 case). */
async function rightFortyAsync(name: string) {
  const bytes = await photoAsync(name);
  const { width, height } = await decodeImageAsync(bytes);
  const kept = Math.round(width * 0.6);
  const plan = makePlan({
    width,
    height,
    offsetX: 0,
    offsetY: 0,
    crop: { x: 0, y: 0, width: kept, height },
    reference: { width: kept, height },
  });
  const target = makeTarget({ image: { hash: name, width, height, format: 'jpeg' }, plan });
  return { bytes, target };
}

function start(bytes: Uint8Array, decoded: string[]) {
  const store = createAppStore();
  const stop = startBorderAssessor({
    store,
    images: { getBytesAsync: async () => bytes },
    decodeAsync: async (b, plan) => {
      decoded.push(`${plan.crop.width}x${plan.crop.height}`);
      return cropAsync(b, plan);
    },
  });
  return { store, stop };
}

describe('border assessor', () => {
  it("marks the right edge busy where it cuts Grace Hopper's face, once per plan", async () => {
    const { bytes, target } = await rightFortyAsync('grace-hopper.jpg');
    const decoded: string[] = [];
    const { store, stop } = start(bytes, decoded);
    store.dispatch({ type: 'settings/loaded', settings: OFFLINE_SETTINGS });
    store.dispatch({ type: 'selection/changed', selection: makeSelection([target]) });
    store.dispatch({ type: 'selection/changed', selection: makeSelection([target]) });
    await waitForAsync(() => store.getState().borders[borderKey(target)] !== undefined, 10_000);
    expect(store.getState().borders[borderKey(target)]).toEqual({ busySides: ['right'] });
    expect(decoded).toHaveLength(1);
    stop();
  });

  it('finds gravel extended to the right fine (an even texture), and assesses nothing while FLUX is the engine', async () => {
    const { bytes, target } = await rightFortyAsync('gravel.jpg');
    const decoded: string[] = [];
    const { store, stop } = start(bytes, decoded);
    store.dispatch({ type: 'settings/loaded', settings: FLUX_SETTINGS });
    store.dispatch({ type: 'selection/changed', selection: makeSelection([target]) });
    expect(decoded).toHaveLength(0);
    store.dispatch({ type: 'settings/loaded', settings: OFFLINE_SETTINGS });
    await waitForAsync(() => store.getState().borders[borderKey(target)] !== undefined, 10_000);
    expect(store.getState().borders[borderKey(target)]).toEqual({ busySides: [] });
    stop();
  });
});
