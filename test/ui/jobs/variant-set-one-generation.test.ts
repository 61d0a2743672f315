// A variant set painted by ONE FLUX task (issue #13, point 2 ★): the real job engine and sandbox controller, the
// real pixel jobs on a Node codec, the strict fake BFL server. Each format is a row of its own and is written at
// its frame's own plan; the original is pixel-exact in every format; the scene around it is the same in each.
import { describe, expect, it } from 'vitest';
import type { SandboxMessage } from '../../../common/protocol/messages';
import { resizeRgba } from '../../../common/pixels/resize-rgba';
import type { Rgba } from '../../../common/pixels/rgba';
import { startFakeBflAsync, type FakeBfl } from '../../fake-bfl/fake-bfl-server';
import type { FakeNode, FigmaFake } from '../../fakes/figma-fake';
import { createNodeCodec, createNodePixelPipeline } from '../../support/node-pixel-pipeline';
import {
  addFrameAsync,
  createFigmaFake,
  fluxSettings,
  openPanelAsync,
  waitForAsync,
  type PanelSession,
  closeAfterEachTest,
} from './support/engine-harness';

const { fakes, sessions } = closeAfterEachTest();

const FORMATS = [
  { label: 'Instagram post', width: 1080, height: 1080 },
  { label: 'Instagram story', width: 1080, height: 1920 },
  { label: 'X post', width: 1600, height: 900 },
];

async function setUpAsync(): Promise<{
  figma: FigmaFake;
  bfl: FakeBfl;
  session: PanelSession;
  source: FakeNode;
  png: Uint8Array;
}> {
  const bfl = await startFakeBflAsync({ latencyMs: 100 });
  fakes.push(bfl);
  const figma = createFigmaFake();
  const { frame: source, png } = await addFrameAsync(figma, { name: 'Source', width: 240, height: 160, extra: 0 });
  figma.currentPage.selection = [source];
  const session = await openPanelAsync(figma, {
    settings: fluxSettings(bfl.url),
    pipeline: createNodePixelPipeline(),
    pollIntervalMs: 20,
  });
  sessions.push(session);
  return { figma, bfl, session, source, png };
}

async function makeFramesAsync(figma: FigmaFake, session: PanelSession, source: FakeNode, formats = FORMATS) {
  await figma.ui.sendFromUi({ type: 'variants/create', id: 'set', nodeId: source.id, formats, anchor: 'center' });
  await waitForAsync(() => session.received.some((m) => m.type === 'variants/created'), 'the variant frames');
  const created = session.received.find(
    (m): m is Extract<SandboxMessage, { type: 'variants/created' }> => m.type === 'variants/created',
  );
  return (created?.frames ?? []).map((f) => ({ nodeId: f.nodeId, name: f.name }));
}

async function writtenPixelsAsync(figma: FigmaFake, nodeId: string): Promise<Rgba> {
  const paints = figma.node(nodeId).fills.filter((p): p is ImagePaint => p.type === 'IMAGE' && p.visible !== false);
  const bytes = figma.imageBytes(paints[paints.length - 1]?.imageHash ?? '');
  if (!bytes) throw new Error('nothing written');
  return createNodeCodec().decodeAsync(bytes);
}

function rowsDiffering(written: Rgba, original: Rgba, at: { x: number; y: number }): number {
  let bad = 0;
  const rowBytes = original.width * 4;
  for (let y = 0; y < original.height; y++) {
    const from = ((at.y + y) * written.width + at.x) * 4;
    const a = written.data.subarray(from, from + rowBytes);
    const b = original.data.subarray(y * rowBytes, (y + 1) * rowBytes);
    if (a.length !== b.length || a.some((value, i) => value !== b[i])) bad += 1;
  }
  return bad;
}

function pixelAt(img: Rgba, x: number, y: number): number[] {
  const i = (y * img.width + x) * 4;
  return Array.from(img.data.subarray(i, i + 4));
}

describe('a variant set from one generation', () => {
  it('charges one task for three formats and writes each at its platform size around the original', async () => {
    const { figma, bfl, session, source, png } = await setUpAsync();
    const frames = await makeFramesAsync(figma, session, source);
    const result = await session.runner.outpaintNodesAsync(frames, undefined, { oneGeneration: true });
    await session.settleAsync();
    expect(result).toMatchObject({ written: 3, failed: [] });
    expect(bfl.state.requestsOn('submit')).toHaveLength(1);
    // The charge is counted once for the set, on its first row.
    const [task] = [...bfl.state.tasks.values()];
    expect(result.charged).toBe(task?.cost);
    expect(result.charged).toBeGreaterThan(0);

    const original = await createNodeCodec().decodeAsync(png);
    const rows = session.store.getState().batch.rows;
    for (const frame of frames) {
      const row = rows.find((r) => r.nodeId === frame.nodeId);
      const output = row?.plan?.output;
      if (!output) throw new Error(`no plan for ${frame.name}`);
      const written = await writtenPixelsAsync(figma, frame.nodeId);
      // Written at the platform's size: 1 px per design unit.
      expect([written.width, written.height]).toEqual([
        FORMATS.find((f) => frame.name.startsWith(f.label))?.width,
        FORMATS.find((f) => frame.name.startsWith(f.label))?.height,
      ]);
      expect([written.width, written.height]).toEqual([output.width, output.height]);
      // The original is the source resampled once to that size (never FLUX's copy of it), every pixel.
      const expected = resizeRgba(
        original,
        Math.round(original.width * output.scale),
        Math.round(original.height * output.scale),
      );
      expect(rowsDiffering(written, expected, { x: output.offsetX, y: output.offsetY })).toBe(0);
    }
  });

  it('paints the same scene in every format: above the image, the post and the story hold the same pixels', async () => {
    const { figma, session, source } = await setUpAsync();
    // The post and the story hold the image at the same density (1080 units across), so the shared canvas is at
    // theirs and both are exact crops of it.
    const frames = await makeFramesAsync(figma, session, source, FORMATS.slice(0, 2));
    await session.runner.outpaintNodesAsync(frames, undefined, { oneGeneration: true });
    await session.settleAsync();
    const [post, story] = await Promise.all(frames.slice(0, 2).map((f) => writtenPixelsAsync(figma, f.nodeId)));
    const rows = session.store.getState().batch.rows;
    const offsetOf = (nodeId: string) =>
      rows.find((r) => r.nodeId === nodeId)?.plan?.output ?? { offsetX: 0, offsetY: 0 };
    const p = offsetOf(frames[0]?.nodeId ?? '');
    const s = offsetOf(frames[1]?.nodeId ?? '');
    if (!post || !story) throw new Error('not written');
    // Ten rows above the image (past the seam feather), across its width.
    for (const dx of [0, 60, 120, 239])
      expect(pixelAt(post, p.offsetX + dx, p.offsetY - 10)).toEqual(pixelAt(story, s.offsetX + dx, s.offsetY - 10));
  });

  it('runs one task per format when asked', async () => {
    const { figma, bfl, session, source } = await setUpAsync();
    const frames = await makeFramesAsync(figma, session, source);
    const result = await session.runner.outpaintNodesAsync(frames);
    await session.settleAsync();
    expect(result.written).toBe(3);
    expect(bfl.state.requestsOn('submit')).toHaveLength(3);
  });

  it('paints the rest of the set with one task when a format’s frame was deleted before it started', async () => {
    const { figma, bfl, session, source } = await setUpAsync();
    const frames = await makeFramesAsync(figma, session, source);
    figma.node(frames[1]?.nodeId ?? '').remove();
    const result = await session.runner.outpaintNodesAsync(frames, undefined, { oneGeneration: true });
    await session.settleAsync();
    expect(result.written).toBe(2);
    expect(result.failed.map((f) => f.nodeId)).toEqual([frames[1]?.nodeId]);
    expect(bfl.state.requestsOn('submit')).toHaveLength(1);
  });

  it('retries a set FLUX refused as one task: Retry on one format paints every format again, one charge', async () => {
    const { figma, bfl, session, source } = await setUpAsync();
    const frames = await makeFramesAsync(figma, session, source);
    bfl.controls.setCredits('test-key', 0);
    const first = await session.runner.outpaintNodesAsync(frames, undefined, { oneGeneration: true });
    await session.settleAsync();
    expect(first.written).toBe(0);
    expect(bfl.state.requestsOn('submit')).toHaveLength(1);

    bfl.controls.setCredits('test-key', 1000);
    const story = session.store.getState().batch.rows.find((r) => r.nodeId === frames[1]?.nodeId);
    await session.runner.retryAsync(story?.rowId ?? '');
    await session.settleAsync();
    const rows = session.store.getState().batch.rows;
    expect(rows.map((r) => r.status)).toEqual(['done', 'done', 'done']);
    // One more submit for the three formats, not one each.
    expect(bfl.state.requestsOn('submit')).toHaveLength(2);
    // The panel counts that one charge once, as FLUX took it.
    const shown = rows.flatMap((r) => r.candidates.map((c) => c.cost ?? 0)).reduce((a, b) => a + b, 0);
    expect(shown).toBe(1000 - bfl.state.credits('test-key'));
    expect(shown).toBeGreaterThan(0);
  });

  it('stops the one task when the designer cancels every format, and keeps no record of it', async () => {
    const { figma, bfl, session, source } = await setUpAsync();
    bfl.controls.setLatency(5_000);
    const frames = await makeFramesAsync(figma, session, source);
    const run = session.runner.outpaintNodesAsync(frames, undefined, { oneGeneration: true });
    await waitForAsync(() => bfl.state.requestsOn('submit').length === 1, 'the one submit');
    session.runner.cancelAll();
    const result = await run;
    await session.settleAsync();
    expect(result.written).toBe(0);
    expect(session.store.getState().batch.rows.map((r) => r.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect(await figma.clientStorage.getAsync('outpaint.jobs')).toEqual([]);
  });
});
