import { describe, expect, it } from 'vitest';
import type { ResultMeta } from '../../common/protocol/messages';
import { PLUGIN_DATA_KEY, MESSAGES, PLACE_BESIDE_GAP } from '../../plugin/write-result';
import { imagePaint, type FakeNode, type FigmaFake } from '../fakes/figma-fake';
import { pngHeaderBytes } from '../fakes/read-image-header';
import { describeDocument, startHarness, type Harness } from './controller-harness';

const META: ResultMeta = {
  engine: 'flux',
  mode: 'high',
  createdAt: '2026-11-25T09:30:00Z',
  cost: 4,
  width: 1600,
  height: 900,
};
const EXPECTED_NAME = 'Outpainted · FLUX high · 2026-11-25';

async function startJobAsync(h: Harness, node: FakeNode, id = 'job-1'): Promise<void> {
  await h.sendAsync({ type: 'ui/ready' });
  await h.sendAsync({ type: 'job/start', id, nodeId: node.id });
  expect(h.postedOfType('job/started').map((m) => m.id)).toContain(id);
}

async function sendResultAsync(h: Harness, bytes = pngHeaderBytes(1600, 900, 99), id = 'job-1'): Promise<void> {
  await h.sendAsync({ type: 'job/result', id, bytes, meta: META });
}

function resultHash(fake: FigmaFake, bytes = pngHeaderBytes(1600, 900, 99)): string {
  return fake.storeImage(bytes);
}

describe('write-back into the frame', () => {
  it('fill: puts the result above the original, keeps the original hidden and restorable, in one undo step', async () => {
    const h = startHarness();
    const source = h.fake.storeImage(pngHeaderBytes(800, 900, 1));
    const overlay: Paint = { type: 'SOLID', color: { r: 0, g: 0, b: 0 }, opacity: 0.2 };
    const original = imagePaint(source, 'FIT', {
      opacity: 0.9,
      blendMode: 'MULTIPLY',
      filters: { exposure: 0.3, contrast: -0.1 },
    });
    const frame = h.fake.build({ name: 'Hero', width: 800, height: 450, fills: [original, overlay] });
    await startJobAsync(h, frame);
    await sendResultAsync(h);

    const hash = resultHash(h.fake);
    expect(frame.fills).toEqual([
      { ...original, visible: false },
      {
        type: 'IMAGE',
        scaleMode: 'FILL',
        imageHash: hash,
        rotation: 0,
        visible: true,
        opacity: 0.9,
        blendMode: 'MULTIPLY',
        filters: { exposure: 0.3, contrast: -0.1 },
      },
      overlay,
    ]);
    expect(h.fake.undoCommits).toBe(1);
    expect(h.postedOfType('job/written')).toEqual([
      { type: 'job/written', id: 'job-1', outcome: { kind: 'written', nodeId: frame.id } },
    ]);

    // Restorable: toggling the original back and the result off gives the frame it had before.
    frame.fills = frame.fills
      .filter((paint) => !(paint.type === 'IMAGE' && paint.imageHash === hash))
      .map((paint) => (paint.type === 'IMAGE' && paint.imageHash === source ? { ...paint, visible: true } : paint));
    expect(frame.fills).toEqual([original, overlay]);
  });

  it('records the job on the frame and offers "Outpaint again"', async () => {
    const h = startHarness();
    const source = h.fake.storeImage(pngHeaderBytes(800, 900, 1));
    const frame = h.fake.build({ name: 'Hero', width: 800, height: 450, fills: [imagePaint(source, 'FIT')] });
    await startJobAsync(h, frame);
    await sendResultAsync(h);
    const data: unknown = JSON.parse(frame.pluginData.get(PLUGIN_DATA_KEY) ?? 'null');
    expect(data).toMatchObject({
      jobId: 'job-1',
      kind: 'fill',
      sourceHash: source,
      imageHash: resultHash(h.fake),
      ...META,
    });
    expect(frame.relaunchData).toEqual({ outpaint: 'Outpaint again' });
    expect(frame.name).toBe('Hero');
  });

  it('layer: adds a frame-sized rectangle directly above the image layer’s top-level child and hides the layer', async () => {
    const h = startHarness();
    const source = h.fake.storeImage(pngHeaderBytes(600, 400, 2));
    const frame = h.fake.build({
      name: 'Card',
      width: 800,
      height: 450,
      fills: [{ type: 'SOLID', color: { r: 1, g: 1, b: 1 } }],
      children: [
        { type: 'RECTANGLE', name: 'Backdrop', width: 800, height: 450 },
        {
          type: 'GROUP',
          name: 'Photo group',
          x: 100,
          y: 25,
          width: 600,
          height: 400,
          children: [
            {
              type: 'RECTANGLE',
              name: 'Photo',
              x: 100,
              y: 25,
              width: 600,
              height: 400,
              fills: [imagePaint(source, 'FILL', { filters: { saturation: 0.5 } })],
            },
          ],
        },
        { type: 'RECTANGLE', name: 'Caption', width: 200, height: 40 },
      ],
    });
    const photo = frame.children[1]?.children[0];
    await startJobAsync(h, frame);
    await sendResultAsync(h);

    expect(frame.children.map((child) => child.name)).toEqual(['Backdrop', 'Photo group', EXPECTED_NAME, 'Caption']);
    const layer = frame.children[2];
    expect(layer?.type).toBe('RECTANGLE');
    expect([layer?.x, layer?.y, layer?.width, layer?.height]).toEqual([0, 0, 800, 450]);
    expect(layer?.constraints).toEqual({ horizontal: 'SCALE', vertical: 'SCALE' });
    expect(layer?.fills).toEqual([
      {
        type: 'IMAGE',
        scaleMode: 'FILL',
        imageHash: resultHash(h.fake),
        rotation: 0,
        visible: true,
        opacity: 1,
        blendMode: 'NORMAL',
        filters: { saturation: 0.5 },
      },
    ]);
    expect(photo?.visible).toBe(false);
    expect([frame.width, frame.height]).toEqual([800, 450]);
    expect(h.fake.undoCommits).toBe(1);
  });

  it('layer in auto layout: the rectangle is absolutely positioned and the frame keeps its size and layout', async () => {
    const h = startHarness();
    const source = h.fake.storeImage(pngHeaderBytes(600, 400, 3));
    const frame = h.fake.build({
      name: 'Stack',
      width: 800,
      height: 450,
      layoutMode: 'VERTICAL',
      children: [{ type: 'RECTANGLE', name: 'Photo', width: 600, height: 400, fills: [imagePaint(source, 'FILL')] }],
    });
    await startJobAsync(h, frame);
    await sendResultAsync(h);
    const layer = frame.children[1];
    expect(layer?.layoutPositioning).toBe('ABSOLUTE');
    expect([layer?.x, layer?.y, layer?.width, layer?.height]).toEqual([0, 0, 800, 450]);
    expect([frame.width, frame.height, frame.layoutMode]).toEqual([800, 450, 'VERTICAL']);
  });

  it('instance fill: writes a fill override on the instance', async () => {
    const h = startHarness();
    const source = h.fake.storeImage(pngHeaderBytes(800, 900, 4));
    const instance = h.fake.build({
      type: 'INSTANCE',
      name: 'Banner',
      width: 800,
      height: 450,
      fills: [imagePaint(source, 'FIT')],
    });
    await startJobAsync(h, instance);
    await sendResultAsync(h);
    expect(instance.fills.map((paint) => [paint.type, paint.visible])).toEqual([
      ['IMAGE', false],
      ['IMAGE', true],
    ]);
    expect(h.postedOfType('job/written')[0]?.outcome.kind).toBe('written');
  });

  it('instance layer: no layer can be added inside an instance, so the result is placed beside it untouched', async () => {
    const h = startHarness();
    const source = h.fake.storeImage(pngHeaderBytes(600, 400, 5));
    const instance = h.fake.build({
      type: 'INSTANCE',
      name: 'Card instance',
      x: 10,
      y: 20,
      width: 800,
      height: 450,
      children: [{ type: 'RECTANGLE', name: 'Photo', width: 600, height: 400, fills: [imagePaint(source, 'FILL')] }],
    });
    await startJobAsync(h, instance);
    const before = describeDocument(instance);
    await sendResultAsync(h);
    expect(describeDocument(instance)).toEqual(before);
    const [written] = h.postedOfType('job/written');
    const placed = h.fake.node(written?.outcome.nodeId ?? '');
    expect([placed.x, placed.y, placed.width, placed.height]).toEqual([10 + 800 + PLACE_BESIDE_GAP, 20, 800, 450]);
    expect(h.fake.notifications).toEqual([{ message: MESSAGES.instanceLayer, error: false }]);
  });

  it('restores the designer’s selection after writing', async () => {
    const h = startHarness();
    const source = h.fake.storeImage(pngHeaderBytes(800, 900, 6));
    const frame = h.fake.build({ width: 800, height: 450, fills: [imagePaint(source, 'FIT')] });
    const other = h.fake.build({ name: 'Other', width: 10, height: 10 });
    await startJobAsync(h, frame);
    h.fake.currentPage.selection = [other];
    await h.settleAsync();
    await sendResultAsync(h);
    expect(h.fake.currentPage.selection.map((node) => node.id)).toEqual([other.id]);
  });
});

describe('write-back when the frame is gone or changed', () => {
  it('deleted frame: places the result as a new frame where it was, selects it and says why', async () => {
    const h = startHarness();
    const source = h.fake.storeImage(pngHeaderBytes(800, 900, 7));
    const frame = h.fake.build({
      name: 'Hero',
      x: 300,
      y: 120,
      width: 800,
      height: 450,
      fills: [imagePaint(source, 'FIT')],
    });
    await startJobAsync(h, frame);
    frame.remove();
    await sendResultAsync(h);

    const [written] = h.postedOfType('job/written');
    expect(written?.outcome.kind).toBe('placed-beside');
    const placed = h.fake.node(written?.outcome.nodeId ?? '');
    expect(placed.name).toBe(`${EXPECTED_NAME} (from Hero)`);
    expect([placed.x, placed.y, placed.width, placed.height]).toEqual([300, 120, 800, 450]);
    expect(placed.fills).toMatchObject([{ type: 'IMAGE', scaleMode: 'FILL', imageHash: resultHash(h.fake) }]);
    expect(h.fake.currentPage.selection.map((node) => node.id)).toEqual([placed.id]);
    expect(h.fake.notifications).toEqual([{ message: MESSAGES.nodeDeleted, error: false }]);
    if (written?.outcome.kind === 'placed-beside') expect(written.outcome.reason.code).toBe('node-deleted');
  });

  it('resized frame: leaves it untouched and places the result beside it', async () => {
    const h = startHarness();
    const source = h.fake.storeImage(pngHeaderBytes(800, 900, 8));
    const frame = h.fake.build({
      name: 'Hero',
      x: 300,
      y: 120,
      width: 800,
      height: 450,
      fills: [imagePaint(source, 'FIT')],
    });
    await startJobAsync(h, frame);
    frame.resize(900, 450);
    const before = describeDocument(frame);
    await sendResultAsync(h);

    expect(describeDocument(frame)).toEqual(before);
    const [written] = h.postedOfType('job/written');
    const placed = h.fake.node(written?.outcome.nodeId ?? '');
    expect([placed.x, placed.y, placed.width, placed.height]).toEqual([300 + 900 + PLACE_BESIDE_GAP, 120, 800, 450]);
    expect(h.fake.notifications).toEqual([{ message: MESSAGES.nodeChanged, error: false }]);
    if (written?.outcome.kind === 'placed-beside') expect(written.outcome.reason.code).toBe('node-changed');
  });

  it('deleted image layer: places the result beside the frame', async () => {
    const h = startHarness();
    const source = h.fake.storeImage(pngHeaderBytes(600, 400, 9));
    const frame = h.fake.build({
      name: 'Card',
      width: 800,
      height: 450,
      children: [{ type: 'RECTANGLE', name: 'Photo', width: 600, height: 400, fills: [imagePaint(source, 'FILL')] }],
    });
    await startJobAsync(h, frame);
    frame.children[0]?.remove();
    await sendResultAsync(h);
    expect(frame.children).toEqual([]);
    expect(h.postedOfType('job/written')[0]?.outcome.kind).toBe('placed-beside');
  });
});

describe('write-back refused by Figma', () => {
  it('image over 4096 px: a specific error and no change to the document', async () => {
    const h = startHarness();
    const source = h.fake.storeImage(pngHeaderBytes(800, 900, 10));
    const frame = h.fake.build({ width: 800, height: 450, fills: [imagePaint(source, 'FIT')] });
    await startJobAsync(h, frame);
    const before = describeDocument(h.fake.currentPage);
    const images = h.fake.imageCount;
    await sendResultAsync(h, pngHeaderBytes(4097, 2304));
    expect(h.postedOfType('job/failed')).toEqual([
      { type: 'job/failed', id: 'job-1', error: { code: 'image-too-large', message: MESSAGES.tooLarge } },
    ]);
    expect(h.postedOfType('job/written')).toEqual([]);
    expect(describeDocument(h.fake.currentPage)).toEqual(before);
    expect(h.fake.imageCount).toBe(images);
  });

  it('bytes that are not PNG/JPEG/GIF: write-failed and no change to the document', async () => {
    const h = startHarness();
    const source = h.fake.storeImage(pngHeaderBytes(800, 900, 11));
    const frame = h.fake.build({ width: 800, height: 450, fills: [imagePaint(source, 'FIT')] });
    await startJobAsync(h, frame);
    const before = describeDocument(h.fake.currentPage);
    const webp = new TextEncoder().encode('RIFF\u0000\u0000\u0000\u0000WEBPVP8 ');
    await sendResultAsync(h, webp);
    expect(h.postedOfType('job/failed')[0]?.error.code).toBe('write-failed');
    expect(describeDocument(h.fake.currentPage)).toEqual(before);
  });

  it('keeps the job open after a refused write, so "Try writing again" can succeed', async () => {
    const h = startHarness();
    const source = h.fake.storeImage(pngHeaderBytes(800, 900, 12));
    const frame = h.fake.build({ width: 800, height: 450, fills: [imagePaint(source, 'FIT')] });
    await startJobAsync(h, frame);
    await sendResultAsync(h, pngHeaderBytes(5000, 2812));
    await sendResultAsync(h);
    expect(h.postedOfType('job/failed').map((m) => m.error.code)).toEqual(['image-too-large']);
    expect(h.postedOfType('job/written').map((m) => m.outcome.kind)).toEqual(['written']);
    expect(frame.fills.map((paint) => paint.visible)).toEqual([false, true]);
  });
});

describe('write-back sent twice', () => {
  it('answers a repeated result with the first outcome and writes only once', async () => {
    const h = startHarness();
    const source = h.fake.storeImage(pngHeaderBytes(800, 900, 13));
    const frame = h.fake.build({ width: 800, height: 450, fills: [imagePaint(source, 'FIT')] });
    await startJobAsync(h, frame);
    await sendResultAsync(h);
    const after = describeDocument(h.fake.currentPage);
    await sendResultAsync(h);
    expect(describeDocument(h.fake.currentPage)).toEqual(after);
    expect(h.fake.undoCommits).toBe(1);
    const written = h.postedOfType('job/written');
    expect(written).toHaveLength(2);
    expect(written[1]).toEqual(written[0]);
  });
});

describe('write-back that cannot half-fail', () => {
  it('a refused plugin-data or relaunch write still counts the result as written, once', async () => {
    const h = startHarness();
    const source = h.fake.storeImage(pngHeaderBytes(800, 900, 14));
    const frame = h.fake.build({ name: 'Hero', width: 800, height: 450, fills: [imagePaint(source, 'FIT')] });
    await startJobAsync(h, frame);
    frame.setPluginData = () => {
      throw new Error('Plugin data is too large');
    };
    frame.setRelaunchData = () => {
      throw new Error('Cannot set relaunch data on this node');
    };
    await sendResultAsync(h);
    expect(h.postedOfType('job/failed')).toEqual([]);
    expect(h.postedOfType('job/written')).toEqual([
      { type: 'job/written', id: 'job-1', outcome: { kind: 'written', nodeId: frame.id } },
    ]);
    expect(
      frame.fills.filter((paint) => paint.type === 'IMAGE' && paint.imageHash === resultHash(h.fake)),
    ).toHaveLength(1);
    expect(h.warnings.join('\n')).toMatch(/wrote the result but could not set its plugin data[\s\S]*relaunch button/);
  });

  it('a layer whose original cannot be hidden still counts as written, with one result layer', async () => {
    const h = startHarness();
    const source = h.fake.storeImage(pngHeaderBytes(600, 400, 15));
    const frame = h.fake.build({
      name: 'Card',
      width: 800,
      height: 450,
      children: [
        {
          type: 'RECTANGLE',
          name: 'Photo',
          x: 100,
          y: 25,
          width: 600,
          height: 400,
          fills: [imagePaint(source, 'FILL')],
        },
      ],
    });
    const photo = frame.children[0];
    if (!photo) throw new Error('no photo layer');
    await startJobAsync(h, frame);
    Object.defineProperty(photo, 'visible', {
      get: () => true,
      set: () => {
        throw new Error('Cannot change visibility');
      },
    });
    await sendResultAsync(h);
    expect(h.postedOfType('job/written').map((m) => m.outcome.kind)).toEqual(['written']);
    expect(frame.children.map((child) => child.name)).toEqual(['Photo', EXPECTED_NAME]);
  });

  it('"Try writing again" on a frame that already shows the result adds nothing (an earlier write landed, its answer was lost)', async () => {
    const h = startHarness();
    const source = h.fake.storeImage(pngHeaderBytes(800, 900, 16));
    const original = imagePaint(source, 'FIT');
    const frame = h.fake.build({ name: 'Hero', width: 800, height: 450, fills: [original] });
    await startJobAsync(h, frame);
    // What an earlier write of this very result left in the frame.
    frame.fills = [
      { ...original, visible: false },
      { type: 'IMAGE', scaleMode: 'FILL', imageHash: resultHash(h.fake), visible: true },
    ];
    const before = describeDocument(h.fake.currentPage);
    await sendResultAsync(h);
    expect(h.postedOfType('job/written')).toEqual([
      { type: 'job/written', id: 'job-1', outcome: { kind: 'written', nodeId: frame.id } },
    ]);
    expect(describeDocument(h.fake.currentPage)).toEqual(before);
  });
});
