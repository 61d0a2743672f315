// Extend on a frame its image already fills — the usual case, and where the "Outpaint again" relaunch button
// leads: a frame Outpaint has written (its result is a FILL paint the frame's size) or a FILL image. Both modes
// must end with the result written as one undo step, and a run that wrote nothing puts the frame back.
import { describe, expect, it } from 'vitest';
import type { ResultMeta } from '../../common/protocol/messages';
import { RESTORE_MESSAGES } from '../../plugin/extend-restore';
import { imagePaint, type FakeNode } from '../fakes/figma-fake';
import { pngHeaderBytes } from '../fakes/read-image-header';
import { startHarness, type Harness } from './controller-harness';

const meta = (width: number, height: number): ResultMeta => ({
  engine: 'offline',
  mode: 'offline',
  createdAt: '2026-11-25',
  cost: null,
  width,
  height,
});

/** A 1000 × 600 frame Outpaint has already written: its 800 × 600 original hidden, the result on top. */
async function writtenFrameAsync(h: Harness): Promise<FakeNode> {
  const hash = h.fake.storeImage(pngHeaderBytes(800, 600, 1));
  const frame = h.fake.build({
    name: 'Hero',
    x: 100,
    y: 50,
    width: 1000,
    height: 600,
    fills: [imagePaint(hash, 'FIT')],
    children: [{ type: 'RECTANGLE', name: 'Logo', x: 20, y: 30, width: 50, height: 50 }],
  });
  await h.sendAsync({ type: 'ui/ready' });
  await h.sendAsync({ type: 'job/start', id: 'j0', nodeId: frame.id });
  await h.sendAsync({ type: 'job/result', id: 'j0', bytes: pngHeaderBytes(1000, 600, 2), meta: meta(1000, 600) });
  expect(h.postedOfType('job/written')).toHaveLength(1);
  return frame;
}

async function extendAsync(h: Harness, frame: FakeNode, mode: 'resize' | 'new', id = 'e1'): Promise<string> {
  await h.sendAsync({
    type: 'artboard/extend',
    id,
    nodeId: frame.id,
    width: 1067,
    height: 600,
    placement: { x: 1, y: 0.5 },
    mode,
  });
  const extended = h.postedOfType('artboard/extended').find((m) => m.id === id);
  if (!extended) throw new Error(`not extended: ${JSON.stringify(h.postedOfType('workflow/failed'))}`);
  return extended.nodeId;
}

describe('Extend on a frame its image already fills', () => {
  it('resizes a written frame, starts a job that has something to generate, and writes it in the same undo step', async () => {
    const h = startHarness();
    const frame = await writtenFrameAsync(h);
    const commits = h.fake.undoCommits;
    const nodeId = await extendAsync(h, frame, 'resize');
    expect(nodeId).toBe(frame.id);
    await h.sendAsync({ type: 'job/start', id: 'j1', nodeId });
    const started = h.postedOfType('job/started').find((m) => m.id === 'j1');
    expect(started?.target.status).toBe('ready');
    // The image (the first result, 1000 wide) sits flush right in the 1067-wide frame: 67 units to generate.
    expect(started?.target.plan.output).toMatchObject({ width: 1067, height: 600, offsetX: 67, offsetY: 0 });
    await h.sendAsync({ type: 'job/result', id: 'j1', bytes: pngHeaderBytes(1067, 600, 3), meta: meta(1067, 600) });
    expect(h.postedOfType('job/written').at(-1)?.outcome).toEqual({ kind: 'written', nodeId: frame.id });
    expect(h.fake.undoCommits).toBe(commits + 1);
  });

  it('makes a new frame beside a written frame and writes into it in the same undo step', async () => {
    const h = startHarness();
    const frame = await writtenFrameAsync(h);
    const commits = h.fake.undoCommits;
    const nodeId = await extendAsync(h, frame, 'new');
    expect(nodeId).not.toBe(frame.id);
    expect([frame.width, frame.height]).toEqual([1000, 600]);
    await h.sendAsync({ type: 'job/start', id: 'j1', nodeId });
    expect(h.postedOfType('job/started').find((m) => m.id === 'j1')?.target.status).toBe('ready');
    await h.sendAsync({ type: 'job/result', id: 'j1', bytes: pngHeaderBytes(1067, 600, 3), meta: meta(1067, 600) });
    expect(h.postedOfType('job/written').at(-1)?.outcome).toEqual({ kind: 'written', nodeId });
    expect(h.fake.undoCommits).toBe(commits + 1);
  });

  it('extends a frame a FILL image covers', async () => {
    const h = startHarness();
    const hash = h.fake.storeImage(pngHeaderBytes(1600, 900, 1));
    const frame = h.fake.build({ name: 'Cover', width: 600, height: 600, fills: [imagePaint(hash, 'FILL')] });
    await h.sendAsync({ type: 'ui/ready' });
    // The image shows 1067 × 600 centred; 9:16 at 600 wide leaves room above and below it.
    await h.sendAsync({
      type: 'artboard/extend',
      id: 'e1',
      nodeId: frame.id,
      width: 600,
      height: 1067,
      placement: { x: 0.5, y: 0.5 },
      mode: 'resize',
    });
    await h.sendAsync({ type: 'job/start', id: 'j1', nodeId: frame.id });
    expect(h.postedOfType('job/started')[0]?.target.status).toBe('ready');
  });
});

describe('Extend put back when its outpaint wrote nothing', () => {
  it('gives the resized frame its size, position, fills and children’s places back, in the same undo step', async () => {
    const h = startHarness();
    const frame = await writtenFrameAsync(h);
    const fills = frame.fills;
    const commits = h.fake.undoCommits;
    await extendAsync(h, frame, 'resize');
    expect([frame.width, frame.x, frame.children[0]?.x]).toEqual([1067, 100 - 67, 20 + 67]);
    await h.sendAsync({ type: 'artboard/restore', id: 'r1', nodeId: frame.id });
    expect(h.postedOfType('artboard/restored')).toEqual([
      { type: 'artboard/restored', id: 'r1', restored: true, message: RESTORE_MESSAGES.restored },
    ]);
    expect([frame.width, frame.height, frame.x, frame.y]).toEqual([1000, 600, 100, 50]);
    expect(frame.fills).toEqual(fills);
    expect([frame.children[0]?.x, frame.children[0]?.y]).toEqual([20, 30]);
    expect(h.fake.undoCommits).toBe(commits + 1);
  });

  it('removes the new frame it made beside the original', async () => {
    const h = startHarness();
    const frame = await writtenFrameAsync(h);
    const count = h.fake.currentPage.children.length;
    const nodeId = await extendAsync(h, frame, 'new');
    expect(h.fake.currentPage.children).toHaveLength(count + 1);
    await h.sendAsync({ type: 'artboard/restore', id: 'r1', nodeId });
    expect(h.postedOfType('artboard/restored')[0]).toMatchObject({ restored: true, message: RESTORE_MESSAGES.removed });
    expect(h.fake.currentPage.children).toHaveLength(count);
    expect(h.fake.node(frame.id).removed).toBe(false);
  });

  it('leaves a frame the designer resized since as it is, and says so', async () => {
    const h = startHarness();
    const frame = await writtenFrameAsync(h);
    await extendAsync(h, frame, 'resize');
    frame.resize(1200, 700);
    await h.sendAsync({ type: 'artboard/restore', id: 'r1', nodeId: frame.id });
    expect(h.postedOfType('artboard/restored')[0]).toMatchObject({
      restored: false,
      message: RESTORE_MESSAGES.leftAsIs,
    });
    expect([frame.width, frame.height]).toEqual([1200, 700]);
  });

  it('makes the next write into a put-back frame its own undo step again', async () => {
    const h = startHarness();
    const hash = h.fake.storeImage(pngHeaderBytes(800, 600, 1));
    const frame = h.fake.build({ name: 'Fit', width: 1000, height: 600, fills: [imagePaint(hash, 'FIT')] });
    await h.sendAsync({ type: 'ui/ready' });
    await extendAsync(h, frame, 'resize');
    await h.sendAsync({ type: 'artboard/restore', id: 'r1', nodeId: frame.id });
    const commits = h.fake.undoCommits;
    await h.sendAsync({ type: 'job/start', id: 'j2', nodeId: frame.id });
    await h.sendAsync({ type: 'job/result', id: 'j2', bytes: pngHeaderBytes(1000, 600, 4), meta: meta(1000, 600) });
    expect(h.postedOfType('job/written').at(-1)?.outcome).toEqual({ kind: 'written', nodeId: frame.id });
    expect(h.fake.undoCommits).toBe(commits + 1);
  });
});
