import { describe, expect, it } from 'vitest';
import { findImageHashes, planSelection } from '../../../common/selection/plan-selection';
import { SELECTION_MESSAGES, SELECTION_NOTES } from '../../../common/selection/selection-messages';
import type { SelectionReport, Target } from '../../../common/selection/report';
import type { NodeSnapshot } from '../../../common/selection/snapshot';
import { at, imageMap, imagePaint, info, node, rotation, solidPaint, within } from './snapshot-builders';

function onlyTarget(report: SelectionReport): Target {
  expect(report.refusals).toEqual([]);
  expect(report.targets).toHaveLength(1);
  return report.targets[0]!;
}
function onlyRefusal(report: SelectionReport) {
  expect(report.targets).toEqual([]);
  expect(report.refusals).toHaveLength(1);
  return report.refusals[0]!;
}

const wide = info('wide', 2000, 1000);

describe('planSelection — the frame’s own image fill', () => {
  it('plans a FIT fill with bands as a ready target at the image’s resolution', () => {
    const frame = node({ id: 'f', width: 1000, height: 1000, fills: [solidPaint(), imagePaint('wide', 'FIT')] });
    const target = onlyTarget(planSelection([frame], imageMap(wide)));
    expect(target).toMatchObject({
      nodeId: 'f',
      kind: 'fill',
      imageNodeId: 'f',
      paintIndex: 1,
      status: 'ready',
      frame: { width: 1000, height: 1000 },
    });
    // 2 px per unit: canvas 2000×2000 with the image 500 px down.
    expect(target.plan).toMatchObject({
      width: 2000,
      height: 2000,
      offsetX: 0,
      offsetY: 500,
      reference: { width: 2000, height: 1000 },
    });
    expect(target.image).toEqual({ hash: 'wide', width: 2000, height: 1000, format: 'png' });
    expect(target.notes).toEqual([]);
  });

  it('suggests extending in steps when FLUX would invent more than the image itself', () => {
    // A 1000×500 image fitted into a 1000×1000 frame: a 1:1 extension, no note.
    const square = node({ id: 'f', width: 1000, height: 1000, fills: [imagePaint('wide', 'FIT')] });
    expect(onlyTarget(planSelection([square], imageMap(info('wide', 1000, 500)))).notes).toEqual([]);
    // The same image fitted into a 1000×2000 frame: 1000×1500 new against 1000×500 kept, 3× the image.
    const tall = node({ id: 't', width: 1000, height: 2000, fills: [imagePaint('wide', 'FIT')] });
    const notes = onlyTarget(planSelection([tall], imageMap(info('wide', 1000, 500)))).notes;
    expect(notes).toEqual(['The new area is 3.0× the image; results are best up to 1× — extend in steps']);
    expect(notes[0]?.length).toBeLessThanOrEqual(100);
  });

  it('reports a FILL that covers the frame as covered with a hint to switch to Fit', () => {
    const frame = node({ id: 'f', width: 1000, height: 500, fills: [imagePaint('sq', 'FILL')] });
    const target = onlyTarget(planSelection([frame], imageMap(info('sq', 1000, 1000))));
    expect(target.status).toBe('covered');
    expect(target.notes).toContain(SELECTION_NOTES.coveredByFill);
  });

  it('uses the top visible image fill and says which of several', () => {
    const frame = node({
      id: 'f',
      width: 1000,
      height: 1000,
      fills: [imagePaint('wide', 'FIT'), imagePaint('wide', 'FIT'), imagePaint('wide', 'FIT', { visible: false })],
    });
    const target = onlyTarget(planSelection([frame], imageMap(wide)));
    expect(target.paintIndex).toBe(1);
    expect(target.notes).toContain('Using the top image fill of 2');
  });

  it('notes that only the first frame of a GIF is used', () => {
    const frame = node({ id: 'f', width: 1000, height: 1000, fills: [imagePaint('g', 'FIT')] });
    const target = onlyTarget(planSelection([frame], imageMap(info('g', 2000, 1000, 'gif'))));
    expect(target.notes).toContain('Only the first frame of the GIF is used');
  });

  it('plans a locked frame but says it will still be written', () => {
    const frame = node({ id: 'f', locked: true, width: 1000, height: 1000, fills: [imagePaint('wide', 'FIT')] });
    expect(onlyTarget(planSelection([frame], imageMap(wide))).notes).toContain(SELECTION_NOTES.locked);
  });

  it('plans a rectangle with an image fill as its own canvas', () => {
    const rect = node({ id: 'r', type: 'RECTANGLE', width: 1000, height: 1000, fills: [imagePaint('wide', 'FIT')] });
    expect(onlyTarget(planSelection([rect], imageMap(wide))).kind).toBe('fill');
  });

  it('sends the original whole with auto_crop only when the file size is known and small', () => {
    const frame = node({
      id: 'f',
      width: 1000,
      height: 600,
      fills: [
        imagePaint('sq', 'CROP', {
          imageTransform: [
            [1, 0, 0],
            [0, 0.6, 0.25],
          ],
        }),
      ],
    });
    const images = imageMap(info('sq', 1000, 1000));
    const withBytes = onlyTarget(planSelection([frame], images, new Map([['sq', 200_000]])));
    const without = onlyTarget(planSelection([frame], images));
    expect(withBytes.plan).toMatchObject({ autoCrop: true, offsetY: -250 });
    expect(without.plan).toMatchObject({
      autoCrop: false,
      offsetY: 0,
      crop: { x: 0, y: 250, width: 1000, height: 600 },
    });
    // The write-back re-plans without byte sizes: the fingerprint must not depend on them.
    expect(withBytes.fingerprint).toBe(without.fingerprint);
  });
});

describe('planSelection — refusals', () => {
  const plan = (n: NodeSnapshot) => onlyRefusal(planSelection([n], imageMap(wide)));

  it('refuses a TILE fill with a hint to set Fit or Crop', () => {
    const refusal = plan(node({ id: 'f', name: 'Hero', fills: [imagePaint('wide', 'TILE')] }));
    expect(refusal).toEqual({
      nodeId: 'f',
      nodeName: 'Hero',
      error: { code: 'tile', message: "Tiled images can't be extended — set the fill to Fit or Crop" },
    });
  });

  it('refuses a hidden node', () => {
    expect(plan(node({ id: 'f', visible: false, fills: [imagePaint('wide', 'FIT')] })).error).toEqual({
      code: 'hidden',
      message: SELECTION_MESSAGES.hidden,
    });
  });

  it('refuses a frame without any image with “Select a frame with an image”', () => {
    expect(plan(node({ id: 'f', fills: [solidPaint()] })).error).toEqual({
      code: 'no-image',
      message: 'Select a frame with an image',
    });
  });

  it('refuses an image whose hash is null, and one whose size Figma could not give', () => {
    expect(plan(node({ id: 'f', fills: [imagePaint(null, 'FIT')] })).error).toEqual({
      code: 'image-missing',
      message: SELECTION_MESSAGES.hashNull,
    });
    expect(plan(node({ id: 'f', fills: [imagePaint('unknown', 'FIT')] })).error).toEqual({
      code: 'image-missing',
      message: SELECTION_MESSAGES.sizeUnknown,
    });
  });

  it('refuses an instance resized with the scale tool', () => {
    const instance = node({ id: 'i', type: 'INSTANCE', scaleFactor: 2, fills: [imagePaint('wide', 'FIT')] });
    expect(plan(instance).error.code).toBe('scaled-instance');
  });

  it('refuses a selected group, pointing at the frame or the image inside', () => {
    expect(plan(node({ id: 'g', type: 'GROUP', fills: null })).error).toEqual({
      code: 'no-image',
      message: SELECTION_MESSAGES.group,
    });
  });

  it('refuses text with an image fill', () => {
    expect(plan(node({ id: 't', type: 'TEXT', fills: [imagePaint('wide', 'FIT')] })).error.message).toBe(
      SELECTION_MESSAGES.unsupportedType,
    );
  });

  it('refuses a flipped crop with a hint', () => {
    const frame = node({
      id: 'f',
      width: 100,
      height: 50,
      fills: [
        imagePaint('wide', 'CROP', {
          imageTransform: [
            [-1, 0, 1],
            [0, 1, 0],
          ],
        }),
      ],
    });
    expect(plan(frame).error.code).toBe('flipped');
  });

  it('returns an empty report when nothing is selected', () => {
    expect(planSelection([], imageMap(wide))).toEqual({ selectedCount: 0, targets: [], refusals: [] });
  });
});

describe('planSelection — image layers inside a frame', () => {
  const photo = info('photo', 400, 300);
  const layer = (
    id: string,
    frameAbs: ReturnType<typeof at>,
    local: ReturnType<typeof at>,
    extra: Partial<NodeSnapshot> = {},
  ) =>
    node({
      id,
      type: 'RECTANGLE',
      width: 400,
      height: 300,
      absoluteTransform: within(frameAbs, local),
      fills: [imagePaint('photo', 'FILL')],
      ...extra,
    });

  it('finds an image layer nested in a group and plans the frame around it', () => {
    const frameAbs = at(100, 50);
    const rect = layer('r', frameAbs, at(200, 100));
    const group = node({
      id: 'g',
      type: 'GROUP',
      fills: null,
      width: 400,
      height: 300,
      absoluteTransform: within(frameAbs, at(200, 100)),
      children: [rect],
    });
    const frame = node({
      id: 'f',
      width: 1000,
      height: 800,
      absoluteTransform: frameAbs,
      fills: [solidPaint()],
      children: [group],
    });
    const target = onlyTarget(planSelection([frame], imageMap(photo)));
    expect(target).toMatchObject({ nodeId: 'f', kind: 'layer', imageNodeId: 'r', paintIndex: 0, status: 'ready' });
    expect(target.plan).toMatchObject({
      width: 1000,
      height: 800,
      offsetX: 200,
      offsetY: 100,
      reference: { width: 400, height: 300 },
    });
  });

  it('refuses a layer rotated relative to its frame', () => {
    const frameAbs = at(0, 0);
    const rect = layer('r', frameAbs, within(at(100, 100), rotation(15)));
    const frame = node({ id: 'f', width: 1000, height: 800, fills: [], children: [rect] });
    expect(onlyRefusal(planSelection([frame], imageMap(photo))).error).toEqual({
      code: 'rotated',
      message: SELECTION_MESSAGES.layerRotated,
    });
  });

  it('refuses a layer flipped relative to its frame', () => {
    const rect = layer('r', at(0, 0), [
      [-1, 0, 500],
      [0, 1, 100],
    ]);
    const frame = node({ id: 'f', width: 1000, height: 800, fills: [], children: [rect] });
    expect(onlyRefusal(planSelection([frame], imageMap(photo))).error.code).toBe('flipped');
  });

  it('accepts a frame rotated on the page whose layer is square to it, with the same plan as unrotated', () => {
    const turnedFrame = within(at(300, 700), rotation(30));
    const straight = node({
      id: 'f',
      width: 1000,
      height: 800,
      fills: [],
      children: [layer('r', at(0, 0), at(200, 100))],
    });
    const turned = node({
      id: 'f',
      width: 1000,
      height: 800,
      absoluteTransform: turnedFrame,
      fills: [],
      children: [layer('r', turnedFrame, at(200, 100))],
    });
    const a = onlyTarget(planSelection([straight], imageMap(photo)));
    const b = onlyTarget(planSelection([turned], imageMap(photo)));
    expect(b.plan).toEqual(a.plan);
    expect(b.fingerprint).toBe(a.fingerprint);
  });

  it('cuts the image to a clipping inner frame, and not to one that does not clip', () => {
    // Inner frame 500×500 at the origin; the image layer sits at (250, 250) inside it, 400×300.
    const build = (clips: boolean) => {
      const inner = node({
        id: 'inner',
        width: 500,
        height: 500,
        clipsContent: clips,
        fills: [],
        children: [layer('r', at(0, 0), at(250, 250))],
      });
      return node({ id: 'f', width: 1000, height: 1000, fills: [], children: [inner] });
    };
    const clipped = onlyTarget(planSelection([build(true)], imageMap(photo)));
    expect(clipped.plan).toMatchObject({
      offsetX: 250,
      offsetY: 250,
      reference: { width: 250, height: 250 },
      crop: { x: 0, y: 0, width: 250, height: 250 },
    });
    const open = onlyTarget(planSelection([build(false)], imageMap(photo)));
    expect(open.plan).toMatchObject({ offsetX: 250, offsetY: 250, reference: { width: 400, height: 300 } });
  });

  it('uses only the part inside a frame that does not clip, and says so', () => {
    const frame = node({
      id: 'f',
      width: 500,
      height: 500,
      clipsContent: false,
      fills: [],
      children: [layer('r', at(0, 0), at(300, 100))],
    });
    const target = onlyTarget(planSelection([frame], imageMap(photo)));
    expect(target.plan).toMatchObject({ offsetX: 300, reference: { width: 200, height: 300 } });
    expect(target.notes).toContain(SELECTION_NOTES.frameDoesNotClip);
  });

  it('picks the image layer when the frame’s own fill already covers it', () => {
    const frame = node({
      id: 'f',
      width: 1000,
      height: 800,
      fills: [imagePaint('bg', 'FILL')],
      children: [layer('r', at(0, 0), at(0, 0), { name: 'Product' })],
    });
    const target = onlyTarget(planSelection([frame], imageMap(photo, info('bg', 2000, 2000))));
    expect(target).toMatchObject({ kind: 'layer', imageNodeId: 'r', status: 'ready' });
    expect(target.notes).toContain("The frame's own image covers it, so the layer “Product” is used");
  });

  it('keeps the frame’s own fill when it leaves room to extend', () => {
    const frame = node({
      id: 'f',
      width: 1000,
      height: 1000,
      fills: [imagePaint('wide', 'FIT')],
      children: [layer('r', at(0, 0), at(0, 0))],
    });
    const target = onlyTarget(planSelection([frame], imageMap(photo, wide)));
    expect(target.kind).toBe('fill');
    expect(target.notes).toContain(SELECTION_NOTES.ownFillOverLayers);
  });

  it('picks the largest of several image layers and names it', () => {
    const small = node({
      id: 's',
      name: 'Small',
      type: 'RECTANGLE',
      width: 40,
      height: 30,
      absoluteTransform: at(10, 10),
      fills: [imagePaint('photo', 'FILL')],
    });
    const big = layer('b', at(0, 0), at(500, 400), { name: 'Big' });
    const frame = node({ id: 'f', width: 1000, height: 800, fills: [], children: [small, big] });
    const target = onlyTarget(planSelection([frame], imageMap(photo)));
    expect(target.imageNodeId).toBe('b');
    expect(target.notes).toContain('Using “Big”, the largest of 2 image layers');
  });

  it('skips hidden layers and layers it cannot use when another one works', () => {
    const hidden = layer('h', at(0, 0), at(0, 0), { visible: false });
    const tiled = layer('t', at(0, 0), at(0, 0), { fills: [imagePaint('photo', 'TILE')] });
    const good = layer('g', at(0, 0), at(100, 100));
    const frame = node({ id: 'f', width: 1000, height: 800, fills: [], children: [hidden, tiled, good] });
    const target = onlyTarget(planSelection([frame], imageMap(photo)));
    expect(target.imageNodeId).toBe('g');
    expect(target.notes).toContain("Skipped 1 image that can't be extended");
  });

  it('refuses layers inside a nested instance resized with the scale tool', () => {
    const scaled = node({
      id: 'i',
      type: 'INSTANCE',
      scaleFactor: 0.5,
      width: 1000,
      height: 800,
      fills: [],
      children: [layer('r', at(0, 0), at(0, 0))],
    });
    const frame = node({ id: 'f', width: 1000, height: 800, fills: [], children: [scaled] });
    expect(onlyRefusal(planSelection([frame], imageMap(photo))).error.code).toBe('scaled-instance');
  });

  it('warns that a new layer cannot be added inside an instance', () => {
    const instance = node({
      id: 'i',
      type: 'INSTANCE',
      width: 1000,
      height: 800,
      fills: [],
      children: [layer('r', at(0, 0), at(0, 0))],
    });
    expect(onlyTarget(planSelection([instance], imageMap(photo))).notes).toContain(SELECTION_NOTES.instanceLayer);
  });

  it('notes the 4 MP scaling a large frame needs', () => {
    const frame = node({ id: 'f', width: 3000, height: 3000, fills: [imagePaint('big', 'FIT')] });
    const target = onlyTarget(planSelection([frame], imageMap(info('big', 3000, 1000))));
    expect(target.plan.limitedBy).toEqual(['api-max-pixels']);
    expect(target.notes.some((n) => n.startsWith('New area made at ') && n.includes('4 MP'))).toBe(true);
  });
});

describe('planSelection — batches and fingerprints', () => {
  it('plans each selected node on its own, in selection order', () => {
    const good = node({ id: 'a', width: 1000, height: 1000, fills: [imagePaint('wide', 'FIT')] });
    const bad = node({ id: 'b', fills: [solidPaint()] });
    const report = planSelection([good, bad], imageMap(wide));
    expect(report.selectedCount).toBe(2);
    expect(report.targets.map((t) => t.nodeId)).toEqual(['a']);
    expect(report.refusals.map((r) => r.nodeId)).toEqual(['b']);
  });

  const photo = info('photo', 400, 300);
  const scene = (
    over: {
      frameAt?: [number, number];
      frameW?: number;
      layerAt?: [number, number];
      hash?: string;
      mode?: 'FILL' | 'FIT';
    } = {},
  ) => {
    const frameAbs = at(...(over.frameAt ?? [0, 0]));
    const rect = node({
      id: 'r',
      type: 'RECTANGLE',
      width: 400,
      height: 300,
      absoluteTransform: within(frameAbs, at(...(over.layerAt ?? [100, 100]))),
      fills: [imagePaint(over.hash ?? 'photo', over.mode ?? 'FILL')],
    });
    return node({
      id: 'f',
      width: over.frameW ?? 1000,
      height: 800,
      absoluteTransform: frameAbs,
      fills: [],
      children: [rect],
    });
  };
  const print = (n: NodeSnapshot) =>
    onlyTarget(planSelection([n], imageMap(photo, info('other', 400, 300)))).fingerprint;

  it('gives the same fingerprint when re-planned or when the frame moves on the page', () => {
    expect(print(scene())).toBe(print(scene()));
    expect(print(scene({ frameAt: [5000.25, -300.5] }))).toBe(print(scene()));
  });

  it('changes the fingerprint when the frame, the image, its mode or the layer’s place changes', () => {
    const base = print(scene());
    expect(print(scene({ frameW: 1200 }))).not.toBe(base);
    expect(print(scene({ hash: 'other' }))).not.toBe(base);
    expect(print(scene({ mode: 'FIT' }))).not.toBe(base);
    expect(print(scene({ layerAt: [101, 100] }))).not.toBe(base);
  });
});

describe('findImageHashes', () => {
  it('lists each image the planner will need once, including nested layers, skipping hidden ones', () => {
    const nested = node({ id: 'n', type: 'RECTANGLE', fills: [imagePaint('b', 'FILL')] });
    const hidden = node({ id: 'h', type: 'RECTANGLE', visible: false, fills: [imagePaint('c', 'FILL')] });
    const group = node({ id: 'g', type: 'GROUP', fills: null, children: [nested, hidden] });
    const frame = node({ id: 'f', fills: [imagePaint('a', 'FIT')], children: [group] });
    const shape = node({ id: 's', type: 'RECTANGLE', fills: [imagePaint('a', 'FILL'), imagePaint(null, 'FILL')] });
    expect(findImageHashes([frame, shape])).toEqual(['a', 'b']);
  });
});

describe('selection messages', () => {
  it('stay within 100 characters, even with long layer names and counts', () => {
    const long = 'A very long layer name that goes on and on and on';
    const notes = [
      SELECTION_NOTES.severalFills(12),
      SELECTION_NOTES.layerBecauseFillCovers(long),
      SELECTION_NOTES.largestLayer(long, 999),
      SELECTION_NOTES.skipped(999),
      SELECTION_NOTES.apiPixels(99),
      SELECTION_NOTES.figmaMaxSide(99),
      ...Object.values(SELECTION_NOTES).flatMap((v) => (typeof v === 'string' ? [v] : [])),
      ...Object.values(SELECTION_MESSAGES),
    ];
    for (const n of notes) expect(n.length).toBeLessThanOrEqual(100);
  });
});
