import { describe, expect, it } from 'vitest';
import { imageRectInNode } from '../../common/geometry/paint-rect';
import type { ResultMeta } from '../../common/protocol/messages';
import type { Anchor } from '../../common/variants/format-presets';
import { VARIANT_MESSAGES } from '../../common/variants/variant-messages';
import { VARIANT_DATA_KEY } from '../../plugin/create-variant-frames';
import { imagePaint, type FakeNode } from '../fakes/figma-fake';
import { pngHeaderBytes } from '../fakes/read-image-header';
import { startHarness, type Harness } from './controller-harness';

const POST = { label: 'Instagram post', width: 1080, height: 1080 };
const STORY = { label: 'Instagram story', width: 1080, height: 1920 };

async function createAsync(
  h: Harness,
  node: FakeNode,
  formats = [POST, STORY],
  anchor: Anchor = 'center',
): Promise<void> {
  await h.sendAsync({ type: 'ui/ready' });
  await h.sendAsync({ type: 'variants/create', id: 'v1', nodeId: node.id, formats, anchor });
}

function imageRectOf(node: FakeNode, image: { width: number; height: number }) {
  const paint = node.fills[0];
  if (paint?.type !== 'IMAGE') throw new Error('no image paint');
  const read = imageRectInNode(
    { width: node.width, height: node.height },
    {
      type: 'IMAGE',
      visible: true,
      opacity: 1,
      scaleMode: paint.scaleMode,
      ...(paint.imageTransform ? { imageTransform: paint.imageTransform } : {}),
    },
    image,
  );
  if (!read.ok) throw new Error(read.error.message);
  return read.rect;
}

describe('variants/create in the sandbox', () => {
  it('makes one named frame per format in a row beside a dropped image, holding the same image where it fits', async () => {
    const h = startHarness();
    const hash = h.fake.storeImage(pngHeaderBytes(1000, 750, 1));
    const photo = h.fake.build({
      type: 'RECTANGLE',
      name: 'Photo',
      x: 100,
      y: 50,
      width: 400,
      height: 300,
      fills: [imagePaint(hash, 'FILL')],
    });
    await createAsync(h, photo);

    const [created] = h.postedOfType('variants/created');
    expect(created?.frames.map((f) => f.name)).toEqual(['Instagram post 1080×1080', 'Instagram story 1080×1920']);
    const frames = (created?.frames ?? []).map((f) => h.fake.node(f.nodeId));
    // Row: 100 + 400 + 80 = 580; 580 + 1080 + 80 = 1740; top-aligned with the source.
    expect(frames.map((f) => [f.x, f.y, f.width, f.height])).toEqual([
      [580, 50, 1080, 1080],
      [1740, 50, 1080, 1920],
    ]);
    for (const frame of frames) {
      const paint = frame.fills[0];
      expect(paint).toMatchObject({ type: 'IMAGE', scaleMode: 'CROP', imageHash: hash });
    }
    // The image reads back (through the planner's own geometry) at the contain size, centred.
    expect(imageRectOf(frames[0]!, { width: 1000, height: 750 })).toMatchObject({ x: 0, y: 135, width: 1080 });
    expect(imageRectOf(frames[1]!, { width: 1000, height: 750 }).y).toBeCloseTo(555, 9);
  });

  it('selects the new frames, which the planner then offers as targets with something to outpaint', async () => {
    const h = startHarness();
    const hash = h.fake.storeImage(pngHeaderBytes(1000, 750, 1));
    const photo = h.fake.build({ type: 'RECTANGLE', width: 400, height: 300, fills: [imagePaint(hash, 'FILL')] });
    await createAsync(h, photo);
    const ids = h.postedOfType('variants/created')[0]?.frames.map((f) => f.nodeId) ?? [];
    expect(h.fake.currentPage.selection.map((n) => n.id)).toEqual(ids);
    const report = h.postedOfType('selection/changed').at(-1)?.selection;
    expect(report?.targets.map((t) => [t.nodeId, t.status])).toEqual(ids.map((id) => [id, 'ready']));
  });

  it('makes the frames as one undo step, and each outpaint written into a variant is its own', async () => {
    const h = startHarness();
    const hash = h.fake.storeImage(pngHeaderBytes(1000, 750, 1));
    const photo = h.fake.build({ type: 'RECTANGLE', width: 400, height: 300, fills: [imagePaint(hash, 'FILL')] });
    await createAsync(h, photo);
    expect(h.fake.undoCommits).toBe(1);
    const first = h.postedOfType('variants/created')[0]?.frames[0];
    if (!first) throw new Error('no frame');
    await h.sendAsync({ type: 'job/start', id: 'j1', nodeId: first.nodeId });
    const meta: ResultMeta = {
      engine: 'offline',
      mode: 'offline',
      createdAt: '2026-11-25',
      cost: null,
      width: 1000,
      height: 1000,
    };
    await h.sendAsync({ type: 'job/result', id: 'j1', bytes: pngHeaderBytes(1000, 1000, 7), meta });
    expect(h.postedOfType('job/written')[0]?.outcome).toEqual({ kind: 'written', nodeId: first.nodeId });
    expect(h.fake.undoCommits).toBe(2);
  });

  it('records the source and format on each frame', async () => {
    const h = startHarness();
    const hash = h.fake.storeImage(pngHeaderBytes(1000, 750, 1));
    const photo = h.fake.build({ type: 'RECTANGLE', width: 400, height: 300, fills: [imagePaint(hash, 'FILL')] });
    await createAsync(h, photo, [POST], 'bottom-left');
    const id = h.postedOfType('variants/created')[0]?.frames[0]?.nodeId ?? '';
    expect(JSON.parse(h.fake.node(id).getPluginData(VARIANT_DATA_KEY))).toEqual({
      sourceNodeId: photo.id,
      format: 'Instagram post 1080×1080',
      anchor: 'bottom-left',
    });
  });

  it('keeps the source paint’s filters and turns a rotated image the same way', async () => {
    const h = startHarness();
    const hash = h.fake.storeImage(pngHeaderBytes(750, 1000, 1));
    const photo = h.fake.build({
      type: 'RECTANGLE',
      width: 400,
      height: 300,
      fills: [imagePaint(hash, 'FILL', { rotation: 90, filters: { exposure: 0.4 } })],
    });
    await createAsync(h, photo, [POST]);
    const frame = h.fake.node(h.postedOfType('variants/created')[0]?.frames[0]?.nodeId ?? '');
    expect(frame.fills[0]).toMatchObject({ filters: { exposure: 0.4 } });
    const report = h.postedOfType('selection/changed').at(-1)?.selection;
    // Turned a quarter, the 750×1000 image is seen 1000×750: the same 1080×810 band layout as an unturned 4:3 image.
    expect(report?.targets[0]?.plan.quarterTurns).toBe(1);
    expect(imageRectOf(frame, { width: 750, height: 1000 })).toMatchObject({ x: 0, y: 135, width: 1080 });
  });

  it('refuses a TILE image with the planner’s hint and creates nothing', async () => {
    const h = startHarness();
    const hash = h.fake.storeImage(pngHeaderBytes(100, 100, 1));
    const tiled = h.fake.build({ name: 'Tiles', width: 400, height: 300, fills: [imagePaint(hash, 'TILE')] });
    await createAsync(h, tiled);
    const [failed] = h.postedOfType('workflow/failed');
    expect(failed?.error.code).toBe('tile');
    expect(h.fake.currentPage.children).toHaveLength(1);
  });

  it('refuses an empty format list with a next step', async () => {
    const h = startHarness();
    const hash = h.fake.storeImage(pngHeaderBytes(100, 100, 1));
    const photo = h.fake.build({ type: 'RECTANGLE', width: 400, height: 300, fills: [imagePaint(hash, 'FILL')] });
    await createAsync(h, photo, []);
    expect(h.postedOfType('workflow/failed')[0]?.error.message).toBe(VARIANT_MESSAGES.noFormats);
    expect(h.fake.undoCommits).toBe(0);
  });

  it('ignores a request with a malformed format (the parser refuses it)', async () => {
    const h = startHarness();
    const hash = h.fake.storeImage(pngHeaderBytes(100, 100, 1));
    const photo = h.fake.build({ type: 'RECTANGLE', width: 400, height: 300, fills: [imagePaint(hash, 'FILL')] });
    await createAsync(h, photo, [{ label: 'Custom', width: 0, height: 5 }]);
    expect(h.postedOfType('variants/created')).toEqual([]);
    expect(h.warnings).toEqual([expect.stringContaining('formats[0].width')]);
  });
});
