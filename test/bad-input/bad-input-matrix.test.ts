// Bad input through the whole path (issue #7, item 2): the document → sandbox → panel → engine →
// write-back. Every case ends with a specific message that names the next step, or a correct result;
// never a crash, a hung job, or a change to the document where nothing was written.
import { EMPTY_IMAGE_MESSAGE } from '../../plugin/image-catalog';
import { describe, expect, it } from 'vitest';
import { imagePaint } from '../fakes/figma-fake';
import {
  fixture,
  frameWith,
  lyingPng,
  opaquePng,
  randomBytes,
  sixteenBitPng,
  transparentPngAsync,
} from './bad-input-cases';
import { midFileDamagedPng } from './make-png';
import { runBadInputAsync, type BadInputCase, type BadInputResult } from './run-bad-input';

function expectRefused(result: BadInputResult, message: string): void {
  expect(result.shown).toBe(message);
  expect(message.length).toBeLessThanOrEqual(100);
  expect(result.documentChanged).toBe(false);
  expect(result.protocolErrors).toEqual([]);
}

function expectWritten(result: BadInputResult, kind: 'written' | 'placed-beside' = 'written'): void {
  expect(result.shown).toBeNull();
  expect(result.job.phase === 'done' ? result.job.outcome.kind : result.job.phase).toBe(kind);
  expect(result.documentChanged).toBe(true);
  expect(result.protocolErrors).toEqual([]);
}

const DAMAGED = 'This image file is damaged. Replace it with a PNG or JPEG and retry';
const NOT_AN_IMAGE_RESULT = 'The engine sent something that is not an image. Run it again';

describe('files from the shared fixtures', () => {
  it('a truncated JPEG on the offline engine says the file is damaged and changes nothing', async () => {
    expectRefused(
      await runBadInputAsync({ engine: 'offline', build: (f) => [frameWith(f, fixture('truncated.jpg'), 200, 100)] }),
      DAMAGED,
    );
  });

  it('a truncated JPEG meant for FLUX is refused before anything is sent or paid', async () => {
    const result = await runBadInputAsync({ build: (f) => [frameWith(f, fixture('truncated.jpg'), 200, 100)] });
    expectRefused(result, DAMAGED);
    expect(result.submitsSent).toBe(0);
  });

  it('a PNG damaged mid-file, its chunks and end marker intact, is refused before anything is sent or paid', async () => {
    const result = await runBadInputAsync({ build: (f) => [frameWith(f, midFileDamagedPng(), 192, 80)] });
    expectRefused(result, DAMAGED);
    expect(result.submitsSent).toBe(0);
  });

  it.each<[string, BadInputCase['build']]>([
    ['the 5×3 palette PNG (raised to the API minimum)', (f) => [frameWith(f, fixture('foo3x5x4indexed.png'), 10, 3)]],
    ['the grayscale PNG', (f) => [frameWith(f, fixture('brick.png'), 1024, 512)]],
    ['the JPEG with EXIF orientation', (f) => [frameWith(f, fixture('hubble_deep_field.jpg'), 2000, 872)]],
    ['the opaque-and-transparent RGBA logo', (f) => [frameWith(f, fixture('logo.png'), 1000, 500)]],
  ])('%s is outpainted and written', async (_name, build) => {
    expectWritten(await runBadInputAsync({ build }));
  });
});

describe('generated files', () => {
  it('real transparency is outpainted and written', async () => {
    const png = await transparentPngAsync();
    expectWritten(await runBadInputAsync({ build: (f) => [frameWith(f, png, 192, 80)] }));
  });

  it('a 16-bit PNG is outpainted and written', async () => {
    expectWritten(await runBadInputAsync({ build: (f) => [frameWith(f, sixteenBitPng(), 192, 80)] }));
  });

  it('a 4097 px wide image is outpainted within Figma’s 4096 px limit', async () => {
    const result = await runBadInputAsync({ build: (f) => [frameWith(f, opaquePng(4097, 64), 4097, 128)] });
    expectWritten(result);
    expect(result.job.phase === 'done' ? [result.job.written.width, result.job.written.height] : null).toEqual([
      4096, 128,
    ]);
  });

  it('a 1×4000 strip is refused before anything is sent', async () => {
    expectRefused(
      await runBadInputAsync({ build: (f) => [frameWith(f, opaquePng(1, 4000), 2, 4000)] }),
      'This frame is too narrow: the API needs 64 px per side, Figma allows 4096 — widen it',
    );
  });

  it('an image whose declared size lies says the file is damaged', async () => {
    expectRefused(await runBadInputAsync({ build: (f) => [frameWith(f, lyingPng(), 6000, 2000)] }), DAMAGED);
  });

  it('a zero-byte image is refused at selection instead of waiting forever', async () => {
    const result = await runBadInputAsync({
      build: (f) => [frameWith(f, opaquePng(96, 80), 192, 80)],
      mapImageBytes: () => new Uint8Array(),
    });
    expectRefused(result, EMPTY_IMAGE_MESSAGE);
    expect(result.job.phase).toBe('idle');
  });

  it('random bytes in place of the image say which formats work', async () => {
    const result = await runBadInputAsync({
      build: (f) => [frameWith(f, opaquePng(96, 80), 192, 80)],
      mapImageBytes: () => randomBytes(5000),
    });
    expectRefused(result, 'This image is not PNG, JPEG or GIF. Replace it and retry');
  });

  it.each([
    ['zero bytes', new Uint8Array()],
    ['random bytes', randomBytes(5000)],
  ])('an engine result of %s asks to run it again and writes nothing', async (_name, deliveryBody) => {
    const result = await runBadInputAsync({ build: (f) => [frameWith(f, opaquePng(96, 80), 192, 80)], deliveryBody });
    expectRefused(result, NOT_AN_IMAGE_RESULT);
  });
});

describe('selections', () => {
  it.each<[string, BadInputCase['build'], string]>([
    ['nothing', () => [], 'Select a frame with an image'],
    [
      'many unrelated nodes',
      (f) => [
        f.build({ type: 'RECTANGLE', fills: [{ type: 'SOLID', color: { r: 1, g: 0, b: 0 } }] }),
        f.build({ type: 'ELLIPSE' }),
        f.build({ type: 'GROUP', children: [{ type: 'RECTANGLE' }] }),
      ],
      'Select a frame with an image',
    ],
    [
      'a TILE fill',
      (f) => [frameWith(f, opaquePng(96, 80), 192, 80, 'TILE')],
      "Tiled images can't be extended — set the fill to Fit or Crop",
    ],
    [
      'a hidden node',
      (f) => [
        f.build({
          width: 192,
          height: 80,
          visible: false,
          fills: [imagePaint(f.storeImage(opaquePng(96, 80)), 'FIT')],
        }),
      ],
      'This layer is hidden — show it, then select it again',
    ],
  ])('%s is refused with its reason and changes nothing', async (_name, build, message) => {
    const result = await runBadInputAsync({ build });
    expectRefused(result, message);
    expect(result.job.phase).toBe('idle');
  });

  it.each<[string, BadInputCase['build']]>([
    [
      'a rotated frame',
      (f) => [
        f.build({
          width: 192,
          height: 80,
          transform: [
            [0, -1, 0],
            [1, 0, 0],
          ],
          fills: [imagePaint(f.storeImage(opaquePng(96, 80)), 'FIT')],
        }),
      ],
    ],
    // Locking stops the designer's pointer, not plugins (https://developers.figma.com/docs/plugins/api/node-properties/#locked).
    [
      'a locked frame',
      (f) => [
        f.build({ width: 192, height: 80, locked: true, fills: [imagePaint(f.storeImage(opaquePng(96, 80)), 'FIT')] }),
      ],
    ],
    [
      'a frame inside an instance (fills are overridable)',
      (f) => {
        const instance = f.build({
          type: 'INSTANCE',
          width: 300,
          height: 200,
          children: [
            { type: 'FRAME', width: 192, height: 80, fills: [imagePaint(f.storeImage(opaquePng(96, 80)), 'FIT')] },
          ],
        });
        const inner = instance.children[0];
        return inner ? [inner] : [];
      },
    ],
  ])('%s is written in place', async (_name, build) => {
    expectWritten(await runBadInputAsync({ build }));
  });

  it('an image layer inside an instance gets its result beside it, with the reason', async () => {
    const result = await runBadInputAsync({
      build: (f) => [
        f.build({
          type: 'INSTANCE',
          width: 192,
          height: 80,
          children: [
            {
              type: 'RECTANGLE',
              x: 48,
              width: 96,
              height: 80,
              fills: [imagePaint(f.storeImage(opaquePng(96, 80)), 'FILL')],
            },
          ],
        }),
      ],
    });
    expectWritten(result, 'placed-beside');
    expect(result.notifications.map((n) => n.message)).toEqual([
      "Instances can't take new layers, so the result was placed beside it. Detach to write inside.",
    ]);
  });
});
