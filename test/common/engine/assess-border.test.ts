import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { assessBorder, type BorderSide } from '../../../common/engine/assess-border';
import type { RgbaImage } from '../../../common/engine/outpaint-offline';
import { decodeImageAsync } from '../../../scripts/lib/node-codecs.mjs';
import { crop, solidImage } from './engine-fixtures';

// Real photos: the team's shared fixtures (astronaut, chelsea, rocket, brick) and the tuning half of
// test/fixtures/engine-images (meadow-open, grass).
async function sharedImageAsync(name: string): Promise<RgbaImage> {
  return decodeImageAsync(new Uint8Array(await readFile(new URL(`../../fixtures/images/${name}`, import.meta.url))));
}

async function setImageAsync(name: string): Promise<RgbaImage> {
  return decodeImageAsync(
    new Uint8Array(await readFile(new URL(`../../fixtures/engine-images/${name}`, import.meta.url))),
  );
}

function extend(sides: Partial<Record<BorderSide, number>>): Record<BorderSide, number> {
  return { left: 0, right: 0, top: 0, bottom: 0, ...sides };
}

const ALL = extend({ left: 100, right: 100, top: 100, bottom: 100 });

describe('assessBorder', () => {
  it('finds a sky edge calm (meadow, clouds along the top; rocket, clear sky)', async () => {
    const meadow = await setImageAsync('meadow-open.jpg');
    const top = assessBorder({ reference: crop(meadow, 0, 0, 512, 250), extend: extend({ top: 120 }) }).sides.top;
    expect(top).toMatchObject({ extended: true, busy: false, reason: 'calm' });
    const rocket = await sharedImageAsync('rocket.jpg');
    expect(assessBorder({ reference: rocket, extend: extend({ top: 200 }) }).sides.top.reason).toBe('calm');
  });

  it('finds a face at the edge busy (astronaut cut through the face, extended to the right)', async () => {
    const astronaut = await sharedImageAsync('astronaut.png');
    const result = assessBorder({ reference: crop(astronaut, 0, 0, 240, 512), extend: extend({ right: 200 }) });
    expect(result.sides.right).toMatchObject({ busy: true, reason: 'subject' });
    expect(result.sides.right.message).toBe(
      'Something detailed touches the right edge: the offline result will be rough there.',
    );
    expect(result.busySides).toEqual(['right']);
  });

  it("finds a cat's eye at the edge busy (chelsea, left 60 % extended to the right)", async () => {
    const chelsea = await sharedImageAsync('chelsea.png');
    const result = assessBorder({ reference: crop(chelsea, 0, 0, 270, 300), extend: extend({ right: 181 }) });
    expect(result.sides.right.busy).toBe(true);
  });

  it.each([
    ['grass.jpg', () => setImageAsync('grass.jpg')],
    ['brick.png', () => sharedImageAsync('brick.png')],
  ])('finds an even texture (%s) fine for the offline engine on every side', async (_name, load) => {
    const result = assessBorder({ reference: await load(), extend: ALL });
    for (const side of ['left', 'right', 'top', 'bottom'] as const) {
      expect(result.sides[side]).toMatchObject({ busy: false, reason: 'texture' });
    }
    expect(result.busySides).toEqual([]);
  });

  it('says nothing about sides that are not extended', async () => {
    const astronaut = await sharedImageAsync('astronaut.png');
    const result = assessBorder({ reference: astronaut, extend: extend({ top: 50 }) });
    for (const side of ['left', 'right', 'bottom'] as const) {
      expect(result.sides[side]).toEqual({
        extended: false,
        busy: false,
        reason: 'not-extended',
        message: '',
        detail: 0,
        unevenness: 0,
        changes: 0,
      });
    }
  });

  it('measures a flat colour as calm with no detail, ignoring transparent pixels', () => {
    const flat = solidImage(300, 200, [40, 90, 200, 255]);
    // A transparent hole (alpha 0) with a loud hidden colour: it must not count as detail.
    for (let y = 0; y < 200; y += 3) for (let x = 0; x < 20; x++) flat.data.set([255, 255, 0, 0], (y * 300 + x) * 4);
    const result = assessBorder({ reference: flat, extend: ALL });
    for (const side of ['left', 'right', 'top', 'bottom'] as const) {
      expect(result.sides[side]).toMatchObject({ reason: 'calm', detail: 0, changes: 0 });
    }
  });
});
