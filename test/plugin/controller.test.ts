import { describe, expect, it } from 'vitest';
import { NOTIFY_MAX_CHARS } from '../../common/protocol/errors';
import { CONTROLLER_MESSAGES, SETTINGS_KEY, UI_BOUNDS, type Scheduled } from '../../plugin/controller';
import { BYTES_UNAVAILABLE_MESSAGE } from '../../plugin/image-catalog';
import { GEOMETRY_MESSAGES } from '../../common/geometry/geometry-messages';
import { SELECTION_MESSAGES } from '../../common/selection/selection-messages';
import { createFigmaFake, imagePaint, type FakeNode, type FigmaFake } from '../fakes/figma-fake';
import { pngHeaderBytes } from '../fakes/read-image-header';
import { sampleSettings } from '../fakes/sample-messages';
import { describeDocument, distinctSelections, startHarness } from './controller-harness';

function heroWithFitImage(fake: FigmaFake, salt = 1) {
  const hash = fake.storeImage(pngHeaderBytes(800, 900, salt));
  const frame = fake.build({
    name: `Hero ${salt}`,
    width: 800,
    height: 450,
    x: 100,
    y: 50,
    fills: [imagePaint(hash, 'FIT')],
  });
  return { hash, frame };
}

describe('controller: handshake and selection', () => {
  it('sends nothing before the UI says it is ready, even when the selection changes', async () => {
    const h = startHarness();
    const { frame } = heroWithFitImage(h.fake);
    h.fake.currentPage.selection = [frame];
    await h.settleAsync();
    expect(h.fake.ui.outbox).toEqual([]);
  });

  it('after ui/ready sends the stored settings first, then the selection', async () => {
    const h = startHarness();
    const saved = sampleSettings({ engine: 'flux', apiKey: 'bfl-123' });
    await h.fake.clientStorage.setAsync(SETTINGS_KEY, saved);
    const { frame } = heroWithFitImage(h.fake);
    h.fake.currentPage.selection = [frame];
    await h.sendAsync({ type: 'ui/ready' });
    const [first, second] = h.posted();
    expect(first).toEqual({ type: 'settings/loaded', settings: saved });
    expect(second?.type).toBe('selection/changed');
    if (second?.type === 'selection/changed') expect(second.selection.targets.map((t) => t.nodeId)).toEqual([frame.id]);
  });

  it('sends the first target’s image at once and another on request, each once per hash, as a raw Uint8Array', async () => {
    const h = startHarness();
    const a = heroWithFitImage(h.fake, 1);
    const b = heroWithFitImage(h.fake, 2);
    const sameImage = h.fake.build({ name: 'Same image', width: 300, height: 300, fills: [imagePaint(a.hash, 'FIT')] });
    h.fake.currentPage.selection = [a.frame, b.frame, sameImage];
    await h.sendAsync({ type: 'ui/ready' });
    expect(h.postedOfType('image/bytes').map((m) => m.hash)).toEqual([a.hash]);
    // The designer picks the second frame: the panel asks for its image.
    await h.sendAsync({ type: 'image/request', hash: b.hash });
    await h.sendAsync({ type: 'image/request', hash: b.hash });
    h.fake.currentPage.selection = [a.frame];
    await h.settleAsync();
    h.fake.currentPage.selection = [a.frame, b.frame];
    await h.settleAsync();

    const sent = h.postedOfType('image/bytes');
    expect(sent.map((m) => m.hash)).toEqual([a.hash, b.hash]);
    for (const message of sent) {
      expect(message.bytes).toBeInstanceOf(Uint8Array);
      expect([...message.bytes]).toEqual([...(h.fake.imageBytes(message.hash) ?? [])]);
    }
    expect(distinctSelections(h)).toHaveLength(3);
  });

  it('never reads an image that is not in the current selection on request', async () => {
    const h = startHarness();
    const a = heroWithFitImage(h.fake, 1);
    const elsewhere = heroWithFitImage(h.fake, 2);
    h.fake.currentPage.selection = [a.frame];
    await h.sendAsync({ type: 'ui/ready' });
    await h.sendAsync({ type: 'image/request', hash: elsewhere.hash });
    expect(h.postedOfType('image/bytes').map((m) => m.hash)).toEqual([a.hash]);
  });

  it('answers a frame with 200 image layers from their sizes, reading the bytes of the one it chose only', async () => {
    const h = startHarness();
    const hashes = Array.from({ length: 200 }, (_, i) => h.fake.storeImage(pngHeaderBytes(100 + i, 80, 500 + i)));
    const frame = h.fake.build({
      name: 'Moodboard',
      width: 4000,
      height: 4000,
      children: hashes.map((hash, i) => ({
        type: 'RECTANGLE' as const,
        name: `Photo ${i}`,
        x: (i % 20) * 200,
        y: Math.floor(i / 20) * 200,
        width: 100 + i,
        height: 80,
        fills: [imagePaint(hash, 'FILL')],
      })),
    });
    h.fake.currentPage.selection = [frame];
    const reads: string[] = [];
    h.fake.onImageBytesRead = (hash) => reads.push(hash);
    await h.sendAsync({ type: 'ui/ready' });
    const [first] = h.postedOfType('selection/changed');
    expect(first?.selection.targets.map((t) => t.nodeName)).toEqual(['Moodboard']);
    expect(first?.selection.targets[0]?.image.format).toBe('unknown');
    expect(reads).toEqual([first?.selection.targets[0]?.image.hash]);
  });

  it('sends the first target’s image for its preview even when it already covers its frame', async () => {
    const h = startHarness();
    const hash = h.fake.storeImage(pngHeaderBytes(800, 450, 7));
    const covered = h.fake.build({ width: 800, height: 450, fills: [imagePaint(hash, 'FILL')] });
    h.fake.currentPage.selection = [covered];
    await h.sendAsync({ type: 'ui/ready' });
    expect(h.postedOfType('image/bytes').map((m) => m.hash)).toEqual([hash]);
  });

  it('re-plans when the selection changes', async () => {
    const h = startHarness();
    const a = heroWithFitImage(h.fake, 1);
    const b = heroWithFitImage(h.fake, 2);
    h.fake.currentPage.selection = [a.frame];
    await h.sendAsync({ type: 'ui/ready' });
    h.fake.currentPage.selection = [b.frame];
    await h.settleAsync();
    expect(distinctSelections(h)).toEqual([[a.frame.name], [b.frame.name]]);
  });

  it('reports an empty selection as zero selected nodes', async () => {
    const h = startHarness();
    await h.sendAsync({ type: 'ui/ready' });
    expect(h.postedOfType('selection/changed').map((m) => m.selection)).toEqual([
      { selectedCount: 0, targets: [], refusals: [] },
    ]);
  });

  it('coalesces a burst of selection changes into one re-plan', async () => {
    const queued: (() => void)[] = [];
    const schedule = (callback: () => void): Scheduled => {
      let cancelled = false;
      queued.push(() => (cancelled ? undefined : callback()));
      return { cancel: () => (cancelled = true) };
    };
    const fake = createFigmaFake();
    const frames = [1, 2, 3, 4].map((salt) => heroWithFitImage(fake, salt).frame);
    const h = startHarness({ fake, schedule });
    await h.sendAsync({ type: 'ui/ready' });
    for (const frame of frames) {
      fake.currentPage.selection = [frame];
      // One selectionchange event each: wait until this one was delivered.
      await h.settleUntilAsync(() => !fake.selectionEventDue);
    }
    for (const run of queued.splice(0)) run();
    await h.settleAsync();
    expect(distinctSelections(h)).toEqual([[], [frames[3]?.name]]);
  });

  it('ignores slow image bytes for a selection that has since changed', async () => {
    const h = startHarness();
    const slow = heroWithFitImage(h.fake, 1);
    const fast = heroWithFitImage(h.fake, 2);
    await h.sendAsync({ type: 'ui/ready' });
    const release = h.fake.holdImageBytes(slow.hash);
    h.fake.currentPage.selection = [slow.frame];
    await h.settleUntilAsync(() => distinctSelections(h).some((names) => names.includes(slow.frame.name)));
    h.fake.currentPage.selection = [fast.frame];
    await h.settleUntilAsync(() => h.postedOfType('image/bytes').some((m) => m.hash === fast.hash));
    release();
    await h.settleAsync();
    expect(distinctSelections(h)).toEqual([[], [slow.frame.name], [fast.frame.name]]);
    expect(h.postedOfType('image/bytes').map((m) => m.hash)).toEqual([fast.hash]);
  });

  it('tells the UI when Figma cannot deliver an image’s bytes', async () => {
    const h = startHarness();
    const { hash, frame } = heroWithFitImage(h.fake);
    h.fake.failImageBytes(hash);
    h.fake.currentPage.selection = [frame];
    await h.sendAsync({ type: 'ui/ready' });
    expect(h.postedOfType('image/failed')).toEqual([
      { type: 'image/failed', hash, error: { code: 'bytes-unavailable', message: BYTES_UNAVAILABLE_MESSAGE } },
    ]);
    expect(h.postedOfType('image/bytes')).toEqual([]);
  });

  it('refuses a job on an image whose bytes Figma cannot load, before anything starts', async () => {
    const h = startHarness();
    const { hash, frame } = heroWithFitImage(h.fake, 8);
    h.fake.failImageBytes(hash);
    h.fake.currentPage.selection = [frame];
    await h.sendAsync({ type: 'ui/ready' });
    await h.sendAsync({ type: 'job/start', id: 'job-1', nodeId: frame.id });
    const error = { code: 'bytes-unavailable', message: BYTES_UNAVAILABLE_MESSAGE };
    expect(h.postedOfType('job/started')).toEqual([]);
    expect(h.postedOfType('job/failed')).toEqual([{ type: 'job/failed', id: 'job-1', error }]);
    expect(h.fake.notifications).toEqual([{ message: BYTES_UNAVAILABLE_MESSAGE, error: true }]);
  });

  it('stops listening after dispose', async () => {
    const h = startHarness();
    const { frame } = heroWithFitImage(h.fake);
    h.controller.dispose();
    h.fake.currentPage.selection = [frame];
    await h.sendAsync({ type: 'ui/ready' });
    expect(h.fake.ui.outbox).toEqual([]);
  });
});

describe('controller: jobs', () => {
  it('answers job/start with the frozen target of that node', async () => {
    const h = startHarness();
    const { frame, hash } = heroWithFitImage(h.fake);
    await h.sendAsync({ type: 'ui/ready' });
    await h.sendAsync({ type: 'job/start', id: 'job-1', nodeId: frame.id });
    const [started] = h.postedOfType('job/started');
    expect(started?.id).toBe('job-1');
    expect(started?.target.nodeId).toBe(frame.id);
    expect(started?.target.image.hash).toBe(hash);
    expect(h.postedOfType('image/bytes').map((m) => m.hash)).toEqual([hash]);
  });

  it('refuses job/start for a node that no longer exists, naming the next step', async () => {
    const h = startHarness();
    const { frame } = heroWithFitImage(h.fake);
    frame.remove();
    await h.sendAsync({ type: 'ui/ready' });
    await h.sendAsync({ type: 'job/start', id: 'job-1', nodeId: frame.id });
    expect(h.postedOfType('job/failed')).toEqual([
      { type: 'job/failed', id: 'job-1', error: { code: 'node-deleted', message: CONTROLLER_MESSAGES.nodeGone } },
    ]);
    expect(h.fake.notifications).toEqual([{ message: CONTROLLER_MESSAGES.nodeGone, error: true }]);
  });

  describe('refuses job/start with the planner’s reason, in the report and as a notification', () => {
    const rotated: Transform = [
      [0, -1, 500],
      [1, 0, 0],
    ];
    const cases: { title: string; code: string; message: string; build(fake: FigmaFake): FakeNode }[] = [
      {
        title: 'a tiled image fill',
        code: 'tile',
        message: GEOMETRY_MESSAGES.tile,
        build: (fake) =>
          fake.build({
            width: 400,
            height: 400,
            fills: [imagePaint(fake.storeImage(pngHeaderBytes(64, 64, 3)), 'TILE')],
          }),
      },
      {
        title: 'a hidden frame',
        code: 'hidden',
        message: SELECTION_MESSAGES.hidden,
        build: (fake) => {
          const { frame } = heroWithFitImage(fake);
          frame.visible = false;
          return frame;
        },
      },
      {
        title: 'a scaled instance',
        code: 'scaled-instance',
        message: SELECTION_MESSAGES.scaledInstance,
        build: (fake) =>
          fake.build({
            type: 'INSTANCE',
            scaleFactor: 2,
            width: 800,
            height: 450,
            fills: [imagePaint(fake.storeImage(pngHeaderBytes(800, 900, 5)), 'FIT')],
          }),
      },
      {
        title: 'a group',
        code: 'no-image',
        message: SELECTION_MESSAGES.group,
        build: (fake) => fake.build({ type: 'GROUP', width: 100, height: 100, children: [{ type: 'RECTANGLE' }] }),
      },
      {
        title: 'a frame without an image',
        code: 'no-image',
        message: SELECTION_MESSAGES.noImage,
        build: (fake) =>
          fake.build({ width: 100, height: 100, fills: [{ type: 'SOLID', color: { r: 1, g: 0, b: 0 } }] }),
      },
      {
        title: 'an image paint without a hash',
        code: 'image-missing',
        message: SELECTION_MESSAGES.hashNull,
        build: (fake) =>
          fake.build({ width: 100, height: 100, fills: [{ type: 'IMAGE', scaleMode: 'FIT', imageHash: null }] }),
      },
      {
        title: 'an image layer rotated in its frame',
        code: 'rotated',
        message: SELECTION_MESSAGES.layerRotated,
        build: (fake) =>
          fake.build({
            width: 800,
            height: 450,
            children: [
              {
                type: 'RECTANGLE',
                transform: rotated,
                width: 300,
                height: 200,
                fills: [imagePaint(fake.storeImage(pngHeaderBytes(300, 200, 6)), 'FILL')],
              },
            ],
          }),
      },
    ];
    for (const refusal of cases) {
      it(refusal.title, async () => {
        const h = startHarness();
        const node = refusal.build(h.fake);
        h.fake.currentPage.selection = [node];
        await h.sendAsync({ type: 'ui/ready' });
        await h.sendAsync({ type: 'job/start', id: 'job-1', nodeId: node.id });
        const [report] = h.postedOfType('selection/changed');
        expect(report?.selection.refusals).toEqual([
          { nodeId: node.id, nodeName: node.name, error: { code: refusal.code, message: refusal.message } },
        ]);
        expect(h.postedOfType('job/failed')).toEqual([
          { type: 'job/failed', id: 'job-1', error: { code: refusal.code, message: refusal.message } },
        ]);
        expect(h.fake.notifications).toEqual([{ message: refusal.message, error: true }]);
        expect(refusal.message.length).toBeLessThanOrEqual(NOTIFY_MAX_CHARS);
      });
    }
  });

  it('refuses job/start when the image already covers the frame', async () => {
    const h = startHarness();
    const hash = h.fake.storeImage(pngHeaderBytes(800, 450, 4));
    const covered = h.fake.build({ width: 800, height: 450, fills: [imagePaint(hash, 'FILL')] });
    await h.sendAsync({ type: 'ui/ready' });
    await h.sendAsync({ type: 'job/start', id: 'job-1', nodeId: covered.id });
    expect(h.postedOfType('job/failed')[0]?.error).toEqual({ code: 'covered', message: CONTROLLER_MESSAGES.covered });
  });

  it('refuses a result for a job it never started, without touching the document', async () => {
    const h = startHarness();
    heroWithFitImage(h.fake);
    const before = describeDocument(h.fake.currentPage);
    await h.sendAsync({ type: 'ui/ready' });
    await h.sendAsync({
      type: 'job/result',
      id: 'ghost',
      bytes: pngHeaderBytes(1600, 900),
      meta: { engine: 'offline', mode: 'offline', createdAt: '2026-11-25', cost: null, width: 1600, height: 900 },
    });
    expect(h.postedOfType('job/failed')).toEqual([
      { type: 'job/failed', id: 'ghost', error: { code: 'write-failed', message: CONTROLLER_MESSAGES.unknownJob } },
    ]);
    expect(describeDocument(h.fake.currentPage)).toEqual(before);
  });
});

describe('controller: settings, notify, resize, invalid messages', () => {
  it('saves settings in clientStorage and loads them back after the UI reloads', async () => {
    const h = startHarness();
    const settings = sampleSettings({ engine: 'flux', mode: 'fast', apiKey: 'bfl-secret', concurrency: 6 });
    await h.sendAsync({ type: 'ui/ready' });
    await h.sendAsync({ type: 'settings/save', settings });
    await h.sendAsync({ type: 'ui/ready' });
    const loaded = h.postedOfType('settings/loaded').map((m) => m.settings);
    expect(loaded[1]).toEqual(settings);
    expect(await h.fake.clientStorage.getAsync(SETTINGS_KEY)).toEqual(settings);
  });

  it('keeps the last of changes sent one per keystroke (settings apply as they change)', async () => {
    const h = startHarness();
    await h.sendAsync({ type: 'ui/ready' });
    const typed = ['b', 'bf', 'bfl', 'bfl-k', 'bfl-key'];
    await Promise.all(
      typed.map((apiKey) => h.sendAsync({ type: 'settings/save', settings: sampleSettings({ apiKey }) })),
    );
    expect(await h.fake.clientStorage.getAsync(SETTINGS_KEY)).toEqual(sampleSettings({ apiKey: 'bfl-key' }));
  });

  it('tells the designer when settings cannot be saved', async () => {
    const h = startHarness();
    await h.sendAsync({ type: 'ui/ready' });
    h.fake.clientStorage.failNextSet = new Error('disk full');
    await h.sendAsync({ type: 'settings/save', settings: sampleSettings() });
    expect(h.fake.notifications).toEqual([{ message: CONTROLLER_MESSAGES.storageFailed, error: true }]);
  });

  it('shortens a long notification to Figma’s 100 characters', async () => {
    const h = startHarness();
    await h.sendAsync({ type: 'notify', message: `Outpainted ${'many '.repeat(40)}frames`, error: false });
    const [shown] = h.fake.notifications;
    expect(shown?.message.length).toBeLessThanOrEqual(NOTIFY_MAX_CHARS);
    expect(shown?.message.startsWith('Outpainted many many')).toBe(true);
    expect(shown?.message.endsWith('…')).toBe(true);
  });

  it('resizes the panel within sane bounds', async () => {
    const h = startHarness();
    await h.sendAsync({ type: 'ui/resize', width: 10, height: 3000 });
    expect(h.fake.ui.size).toEqual({ width: UI_BOUNDS.minWidth, height: UI_BOUNDS.maxHeight });
    await h.sendAsync({ type: 'ui/resize', width: 420.6, height: 610 });
    expect(h.fake.ui.size).toEqual({ width: 421, height: 610 });
  });

  it('ignores invalid messages with a warning and never changes the document', async () => {
    const h = startHarness();
    const { frame } = heroWithFitImage(h.fake);
    await h.sendAsync({ type: 'ui/ready' });
    await h.sendAsync({ type: 'job/start', id: 'job-1', nodeId: frame.id });
    const before = describeDocument(h.fake.currentPage);
    const postedBefore = h.fake.ui.outbox.length;
    const invalid: Record<string, unknown>[] = [
      { type: 'job/result', id: 'job-1', bytes: [137, 80, 78, 71], meta: {} },
      { type: 'job/result', id: 'job-1', bytes: pngHeaderBytes(10, 10), meta: { engine: 'flux' } },
      { type: 'settings/save', settings: { engine: 'flux' } },
      { type: 'ui/resize', width: 'wide', height: 1 },
      { type: 'notify', message: 42 },
      { type: 'figma/delete-everything' },
      { pluginMessage: { type: 'ui/ready' } },
    ];
    for (const message of invalid) await h.sendAsync(message);
    expect(describeDocument(h.fake.currentPage)).toEqual(before);
    expect(h.fake.ui.outbox.length).toBe(postedBefore);
    expect(h.fake.undoCommits).toBe(0);
    expect(h.warnings).toHaveLength(invalid.length);
    expect(h.warnings.every((warning) => warning.includes('malformed'))).toBe(true);
  });
});
