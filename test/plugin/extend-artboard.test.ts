import { describe, expect, it } from 'vitest';
import { imageRectInNode } from '../../common/geometry/paint-rect';
import type { ResultMeta } from '../../common/protocol/messages';
import { VARIANT_MESSAGES } from '../../common/variants/variant-messages';
import { PLACE_BESIDE_GAP } from '../../plugin/write-result';
import { imagePaint, type FakeNode, type NodeSpec } from '../fakes/figma-fake';
import { pngHeaderBytes } from '../fakes/read-image-header';
import { startHarness, type Harness } from './controller-harness';

const META: ResultMeta = {
  engine: 'offline',
  mode: 'offline',
  createdAt: '2026-11-25',
  cost: null,
  width: 1067,
  height: 600,
};

async function extendAsync(
  h: Harness,
  node: FakeNode,
  options: { width: number; height: number; x: number; y: number; mode?: 'resize' | 'new' },
): Promise<void> {
  await h.sendAsync({ type: 'ui/ready' });
  await h.sendAsync({
    type: 'artboard/extend',
    id: 'e1',
    nodeId: node.id,
    width: options.width,
    height: options.height,
    placement: { x: options.x, y: options.y },
    mode: options.mode ?? 'resize',
  });
}

function frameWithImage(h: Harness, spec: Partial<NodeSpec> = {}): { frame: FakeNode; hash: string } {
  const hash = h.fake.storeImage(pngHeaderBytes(800, 600, 1));
  const frame = h.fake.build({
    name: 'Hero',
    x: 1000,
    y: 200,
    width: 800,
    height: 600,
    fills: [imagePaint(hash, 'FIT')],
    ...spec,
  });
  return { frame, hash };
}

function imageRectOf(node: FakeNode, index = 0) {
  const paint = node.fills[index];
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
    { width: 800, height: 600 },
  );
  if (!read.ok) throw new Error(read.error.message);
  return read.rect;
}

describe('artboard/extend, resizing the frame', () => {
  it('grows the frame to 16:9 with the image flush right where it was dragged, without moving it on the canvas', async () => {
    const h = startHarness();
    const { frame } = frameWithImage(h);
    await extendAsync(h, frame, { width: 1067, height: 600, x: 1, y: 0.5 });
    expect([frame.width, frame.height]).toEqual([1067, 600]);
    expect(imageRectOf(frame)).toEqual({ x: 267, y: 0, width: 800, height: 600 });
    // The frame grew to the left: the image is still at page x 1000.
    expect([frame.x, frame.y]).toEqual([733, 200]);
    expect(h.postedOfType('artboard/extended')).toEqual([{ type: 'artboard/extended', id: 'e1', nodeId: frame.id }]);
    expect(frame.resizeCalls).toEqual({ resize: 0, withoutConstraints: 1 });
  });

  it('moves the frame’s children with the image so the composition stays together', async () => {
    const h = startHarness();
    const { frame } = frameWithImage(h, {
      children: [{ type: 'RECTANGLE', name: 'Logo', x: 20, y: 30, width: 50, height: 50 }],
    });
    await extendAsync(h, frame, { width: 1000, height: 800, x: 0.5, y: 1 });
    const logo = frame.children[0];
    // Shift: x = round(200 × 0.5) = 100, y = 200.
    expect([logo?.x, logo?.y]).toEqual([120, 230]);
  });

  it('makes the resize and the written result one undo step', async () => {
    const h = startHarness();
    const { frame } = frameWithImage(h);
    await extendAsync(h, frame, { width: 1067, height: 600, x: 0.5, y: 0.5 });
    expect(h.fake.undoCommits).toBe(1); // committed before the resize
    await h.sendAsync({ type: 'job/start', id: 'j1', nodeId: frame.id });
    await h.sendAsync({ type: 'job/result', id: 'j1', bytes: pngHeaderBytes(1067, 600, 9), meta: META });
    expect(h.postedOfType('job/written')[0]?.outcome).toEqual({ kind: 'written', nodeId: frame.id });
    expect(h.fake.undoCommits).toBe(1); // no commit between the resize and the write-back
  });

  it('still commits before writing into a frame that was not just extended', async () => {
    const h = startHarness();
    const { frame } = frameWithImage(h);
    const other = h.fake.build({
      name: 'Other',
      x: 0,
      y: 0,
      width: 1000,
      height: 600,
      fills: [imagePaint(h.fake.storeImage(pngHeaderBytes(800, 600, 2)), 'FIT')],
    });
    await extendAsync(h, frame, { width: 1067, height: 600, x: 0.5, y: 0.5 });
    await h.sendAsync({ type: 'job/start', id: 'j1', nodeId: other.id });
    await h.sendAsync({
      type: 'job/result',
      id: 'j1',
      bytes: pngHeaderBytes(1000, 600, 9),
      meta: { ...META, width: 1000 },
    });
    expect(h.postedOfType('job/written')[0]?.outcome).toEqual({ kind: 'written', nodeId: other.id });
    expect(h.fake.undoCommits).toBe(2);
  });

  it('refuses an auto-layout frame that hugs its content, with the fix', async () => {
    const h = startHarness();
    const { frame } = frameWithImage(h, { layoutMode: 'HORIZONTAL', layoutSizingHorizontal: 'HUG' });
    await extendAsync(h, frame, { width: 1067, height: 600, x: 0.5, y: 0.5 });
    expect(h.postedOfType('workflow/failed')[0]?.error.message).toBe(VARIANT_MESSAGES.hugFrame);
    expect([frame.width, frame.height]).toEqual([800, 600]);
    expect(h.fake.undoCommits).toBe(0);
  });

  it('resizes a fixed auto-layout frame but leaves its flowing children to the layout', async () => {
    const h = startHarness();
    const { frame } = frameWithImage(h, {
      layoutMode: 'VERTICAL',
      children: [{ type: 'RECTANGLE', name: 'Caption', x: 0, y: 0, width: 50, height: 10 }],
    });
    await extendAsync(h, frame, { width: 800, height: 1000, x: 0.5, y: 0 });
    expect([frame.width, frame.height]).toEqual([800, 1000]);
    expect([frame.children[0]?.x, frame.children[0]?.y]).toEqual([0, 0]);
  });

  it('tells the designer to make a new frame instead of resizing an instance', async () => {
    const h = startHarness();
    const { frame } = frameWithImage(h, { type: 'INSTANCE' });
    await extendAsync(h, frame, { width: 1067, height: 600, x: 0.5, y: 0.5 });
    expect(h.postedOfType('workflow/failed')[0]?.error.message).toBe(VARIANT_MESSAGES.instanceResize);
  });

  it('refuses a size that leaves nothing to generate', async () => {
    const h = startHarness();
    const { frame } = frameWithImage(h);
    await extendAsync(h, frame, { width: 800, height: 600, x: 0.5, y: 0.5 });
    expect(h.postedOfType('workflow/failed')[0]?.error.message).toBe(VARIANT_MESSAGES.nothingToExtend);
  });
});

describe('artboard/extend, new frame beside it', () => {
  it('leaves the original alone and makes a frame beside it with the image where it was dragged', async () => {
    const h = startHarness();
    const { frame, hash } = frameWithImage(h);
    const before = frame.fills;
    await extendAsync(h, frame, { width: 1080, height: 1920, x: 0.5, y: 0, mode: 'new' });
    const made = h.fake.node(h.postedOfType('artboard/extended')[0]?.nodeId ?? '');
    expect(made.id).not.toBe(frame.id);
    expect(frame.fills).toBe(before);
    expect([made.name, made.x, made.y, made.width, made.height]).toEqual([
      'Hero 1080×1920',
      1000 + 800 + PLACE_BESIDE_GAP,
      200,
      1080,
      1920,
    ]);
    expect(made.fills[0]).toMatchObject({ imageHash: hash, scaleMode: 'CROP' });
    expect(imageRectOf(made)).toEqual({ x: 140, y: 0, width: 800, height: 600 });
    expect(h.fake.currentPage.selection.map((n) => n.id)).toEqual([made.id]);
  });

  it('works for an instance, which cannot be resized in place', async () => {
    const h = startHarness();
    const { frame } = frameWithImage(h, { type: 'INSTANCE' });
    await extendAsync(h, frame, { width: 1067, height: 600, x: 0, y: 0, mode: 'new' });
    expect(h.postedOfType('artboard/extended')).toHaveLength(1);
  });
});
