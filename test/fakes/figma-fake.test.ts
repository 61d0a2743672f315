// The fake must fail where Figma fails, or the controller tests would pass on code that breaks in Figma.
import { describe, expect, it } from 'vitest';
import { CLIENT_STORAGE_BYTES, createFigmaFake, imagePaint } from './figma-fake';
import { pngHeaderBytes } from './read-image-header';

describe('figma fake', () => {
  it('createImage refuses sides over 4096 px and non-images with Figma’s messages', () => {
    const fake = createFigmaFake();
    expect(() => fake.createImage(pngHeaderBytes(4097, 10))).toThrow('Image is too large');
    expect(() => fake.createImage(new TextEncoder().encode('not an image'))).toThrow('Image type is unsupported');
    expect(fake.createImage(pngHeaderBytes(4096, 4096)).hash).toMatch(/^[0-9a-f]{40}$/);
  });

  it('gives equal bytes the same image hash and different bytes different ones', () => {
    const fake = createFigmaFake();
    const a = fake.createImage(pngHeaderBytes(10, 10, 1)).hash;
    expect(fake.createImage(pngHeaderBytes(10, 10, 1)).hash).toBe(a);
    expect(fake.createImage(pngHeaderBytes(10, 10, 2)).hash).not.toBe(a);
  });

  it('freezes fills, so they must be cloned and reassigned', () => {
    const fake = createFigmaFake();
    const hash = fake.storeImage(pngHeaderBytes(10, 10));
    const frame = fake.build({ fills: [imagePaint(hash, 'FIT')] });
    expect(() => (frame.fills as Paint[]).push({ type: 'SOLID', color: { r: 0, g: 0, b: 0 } })).toThrow();
    expect(() => Object.assign(frame.fills[0] ?? {}, { visible: false })).toThrow();
    frame.fills = [{ ...imagePaint(hash, 'FIT'), visible: false }];
    expect(frame.fills[0]?.visible).toBe(false);
  });

  it('refuses an image paint whose hash Figma does not know', () => {
    const fake = createFigmaFake();
    const frame = fake.build({});
    expect(() => (frame.fills = [imagePaint('f'.repeat(40), 'FILL')])).toThrow('does not exist');
  });

  it('reports selection changes asynchronously, coalesced', async () => {
    const fake = createFigmaFake();
    const [a, b] = [fake.build({}), fake.build({})];
    let events = 0;
    fake.on('selectionchange', () => (events += 1));
    fake.currentPage.selection = [a];
    fake.currentPage.selection = [a, b];
    expect(events).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(events).toBe(1);
  });

  it('drops a deleted node from the selection and marks it removed', async () => {
    const fake = createFigmaFake();
    const frame = fake.build({ children: [{ type: 'RECTANGLE' }] });
    const child = frame.children[0];
    fake.currentPage.selection = [frame];
    frame.remove();
    expect(frame.removed).toBe(true);
    expect(child?.removed).toBe(true);
    expect(fake.currentPage.selection).toEqual([]);
    expect(await fake.getNodeByIdAsync(frame.id)).toBe(frame);
  });

  it('forbids new children inside an instance and layoutPositioning outside auto layout', () => {
    const fake = createFigmaFake();
    const instance = fake.build({ type: 'INSTANCE', children: [{ type: 'FRAME' }] });
    const inner = instance.children[0];
    expect(() => instance.appendChild(fake.createRectangle())).toThrow('instance');
    expect(() => inner?.appendChild(fake.createRectangle())).toThrow('instance');
    const rect = fake.createRectangle();
    expect(() => (rect.layoutPositioning = 'ABSOLUTE')).toThrow('auto-layout');
  });

  it('computes absolute transforms through frames but not through groups', () => {
    const fake = createFigmaFake();
    const frame = fake.build({
      x: 100,
      y: 50,
      children: [{ type: 'GROUP', x: 10, y: 10, children: [{ type: 'RECTANGLE', x: 30, y: 40 }] }],
    });
    const rect = frame.children[0]?.children[0];
    expect(rect?.absoluteTransform).toEqual([
      [1, 0, 130],
      [0, 1, 90],
    ]);
  });

  it('posts only Uint8Array binary data to the UI, as copies', () => {
    const fake = createFigmaFake();
    const bytes = new Uint8Array([1, 2, 3]);
    fake.ui.postMessage({ type: 'image/bytes', bytes });
    bytes[0] = 9;
    expect(fake.ui.outbox).toEqual([{ type: 'image/bytes', bytes: new Uint8Array([1, 2, 3]) }]);
    expect(() => fake.ui.postMessage({ bytes: new ArrayBuffer(2) })).toThrow('Uint8Array');
    expect(() => fake.ui.postMessage({ bytes: new Uint16Array(2) })).toThrow('Uint8Array');
  });

  it('limits notifications to 100 characters', () => {
    const fake = createFigmaFake();
    expect(() => fake.notify('x'.repeat(101))).toThrow('100');
    fake.notify('Done', { error: false });
    expect(fake.notifications).toEqual([{ message: 'Done', error: false }]);
  });

  it('keeps clientStorage within the 5 MB budget', async () => {
    const fake = createFigmaFake();
    await fake.clientStorage.setAsync('a', new Uint8Array(CLIENT_STORAGE_BYTES - 10));
    await expect(fake.clientStorage.setAsync('b', 'more than ten characters')).rejects.toThrow('5 MB');
    expect(await fake.clientStorage.keysAsync()).toEqual(['a']);
  });

  it('throws on every API call after closePlugin', () => {
    const fake = createFigmaFake();
    const frame = fake.build({});
    fake.closePlugin();
    expect(() => fake.notify('hi')).toThrow('closed');
    expect(() => fake.currentPage.selection).toThrow('closed');
    expect(() => frame.name).toThrow('closed');
    expect(() => fake.ui.postMessage({ type: 'ui/ready' })).toThrow('closed');
  });
});
