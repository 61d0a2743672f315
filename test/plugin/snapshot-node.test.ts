import { describe, expect, it } from 'vitest';
import type { SandboxNode } from '../../plugin/sandbox-figma';
import { snapshotNode } from '../../plugin/snapshot-node';
import { createFigmaFake, imagePaint } from '../fakes/figma-fake';
import { pngHeaderBytes } from '../fakes/read-image-header';

describe('snapshotNode', () => {
  it('copies size, page transform, image paints and children as plain data', () => {
    const fake = createFigmaFake();
    const hash = fake.storeImage(pngHeaderBytes(40, 30));
    const crop: Transform = [
      [0.5, 0, 0.25],
      [0, 1, 0],
    ];
    const frame = fake.build({
      name: 'Hero',
      x: 100,
      y: 50,
      width: 800,
      height: 450,
      locked: true,
      clipsContent: false,
      fills: [
        { type: 'SOLID', color: { r: 1, g: 1, b: 1 }, opacity: 0.5 },
        imagePaint(hash, 'CROP', { imageTransform: crop, visible: false }),
      ],
      children: [
        {
          type: 'RECTANGLE',
          name: 'Photo',
          x: 10,
          y: 20,
          width: 40,
          height: 30,
          fills: [imagePaint(hash, 'FIT', { rotation: 90 })],
        },
      ],
    });
    const snapshot = snapshotNode(frame);
    expect(snapshot).toEqual({
      id: frame.id,
      name: 'Hero',
      type: 'FRAME',
      visible: true,
      locked: true,
      width: 800,
      height: 450,
      absoluteTransform: [
        [1, 0, 100],
        [0, 1, 50],
      ],
      fills: [
        { type: 'SOLID', visible: true, opacity: 0.5 },
        { type: 'IMAGE', visible: false, opacity: 1, scaleMode: 'CROP', imageHash: hash, imageTransform: crop },
      ],
      scaleFactor: 1,
      clipsContent: false,
      insideInstance: false,
      children: [
        {
          id: frame.children[0]?.id,
          name: 'Photo',
          type: 'RECTANGLE',
          visible: true,
          locked: false,
          width: 40,
          height: 30,
          absoluteTransform: [
            [1, 0, 110],
            [0, 1, 70],
          ],
          fills: [{ type: 'IMAGE', visible: true, opacity: 1, scaleMode: 'FIT', imageHash: hash, rotation: 90 }],
          scaleFactor: 1,
          clipsContent: false,
          insideInstance: false,
          children: [],
        },
      ],
    });
    // Plain data: changing the snapshot never reaches the document.
    snapshot.absoluteTransform[0][2] = 0;
    expect(frame.absoluteTransform[0][2]).toBe(100);
  });

  it('marks everything under an instance as inside an instance, and keeps the instance’s scale', () => {
    const fake = createFigmaFake();
    const instance = fake.build({
      type: 'INSTANCE',
      scaleFactor: 2,
      children: [{ type: 'FRAME', children: [{ type: 'RECTANGLE' }] }],
    });
    const snapshot = snapshotNode(instance);
    expect([snapshot.insideInstance, snapshot.scaleFactor]).toEqual([false, 2]);
    expect(snapshot.children[0]?.insideInstance).toBe(true);
    expect(snapshot.children[0]?.children[0]?.insideInstance).toBe(true);
    const inner = instance.children[0];
    expect(inner && snapshotNode(inner).insideInstance).toBe(true);
  });

  it('reports a node without fills (a group) as null fills and mixed text fills as mixed', () => {
    const plain = (fills?: SandboxNode['fills']): SandboxNode => ({
      id: '9:9',
      name: 'Group',
      type: 'GROUP',
      removed: false,
      parent: null,
      fills,
      getPluginData: () => '',
      setPluginData: () => undefined,
      setRelaunchData: () => undefined,
    });
    expect(snapshotNode(plain()).fills).toBeNull();
    expect(snapshotNode(plain(Symbol('mixed'))).fills).toBe('mixed');
  });
});
