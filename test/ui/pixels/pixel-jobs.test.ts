import { describe, expect, it } from 'vitest';
import { createRgba, type Rgba } from '../../../common/pixels/rgba';
import type { ImageCodec } from '../../../ui/pixels/codec';
import { PixelError } from '../../../ui/pixels/pixel-error';
import { prepareReferenceAsync, runOfflineAsync, type OfflineEngine } from '../../../ui/pixels/pixel-jobs';
import { makePlan } from './support/make-plan';

/** A codec that "decodes" every file to one given image and records what it was asked to encode. */
class FakeCodec implements ImageCodec {
  readonly exact = true;
  readonly encoded: Rgba[] = [];
  decoded = 0;
  /** Set to make every decode fail, as a file damaged in the middle does. */
  broken = false;
  constructor(private readonly image: Rgba) {}
  decodeAsync(): Promise<Rgba> {
    this.decoded += 1;
    return this.broken ? Promise.reject(new Error('invalid Huffman code')) : Promise.resolve(this.image);
  }
  encodePngAsync(img: Rgba): Promise<Uint8Array> {
    this.encoded.push(img);
    return Promise.resolve(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  }
  encodeJpegAsync(img: Rgba): Promise<Uint8Array> {
    this.encoded.push(img);
    return Promise.resolve(new Uint8Array([0xff, 0xd8, 0xff]));
  }
}

/** A JPEG head for a 300×200 image whose EXIF orientation is `orientation`. */
function jpegHead(orientation: number): Uint8Array {
  const tiff = [0x4d, 0x4d, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0, 0, 0, 0, 0];
  const exif = [...'Exif'].map((c) => c.charCodeAt(0)).concat([0, 0], tiff);
  const sof = [0xff, 0xc0, 0, 17, 8, 0, 200, 1, 44, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
  return new Uint8Array([0xff, 0xd8, 0xff, 0xe1, 0, exif.length + 2, ...exif, ...sof, 0xff, 0xd9]);
}

const wholePlan = makePlan({
  crop: { x: 0, y: 0, width: 300, height: 200 },
  frame: { width: 400, height: 200 },
  at: { x: 50, y: 0 },
});

describe('prepareReferenceAsync (job logic)', () => {
  it('sends an upright JPEG untouched (not re-encoded), once it decoded in full', async () => {
    const codec = new FakeCodec(createRgba(300, 200));
    const source = jpegHead(1);
    const prepared = await prepareReferenceAsync(codec, source, wholePlan);
    expect(prepared).toEqual({ bytes: source, untouched: true, width: 300, height: 200 });
    expect(codec.encoded).toHaveLength(0);
    expect(codec.decoded).toBe(1);
  });

  it('refuses a file damaged in the middle, though it ends well, before it is paid for', async () => {
    const codec = new FakeCodec(createRgba(300, 200));
    codec.broken = true;
    await expect(prepareReferenceAsync(codec, jpegHead(1), wholePlan)).rejects.toMatchObject({
      code: 'decode-failed',
      message: 'This image file is damaged. Replace it with a PNG or JPEG and retry',
    });
  });

  it('refuses a cut-off JPEG before it could be sent to a paid API', async () => {
    const codec = new FakeCodec(createRgba(300, 200));
    const whole = jpegHead(1);
    const cut = whole.subarray(0, whole.length - 2);
    await expect(prepareReferenceAsync(codec, cut, wholePlan)).rejects.toMatchObject({
      code: 'decode-failed',
      message: 'This image file is damaged. Replace it with a PNG or JPEG and retry',
    });
  });

  it('re-encodes a JPEG whose EXIF orientation would make the engine see it sideways', async () => {
    const codec = new FakeCodec(createRgba(300, 200));
    const prepared = await prepareReferenceAsync(codec, jpegHead(6), wholePlan);
    expect(prepared.untouched).toBe(false);
    expect(codec.encoded).toHaveLength(1);
  });

  it('asks to reselect when the plan crops outside the decoded image', async () => {
    const codec = new FakeCodec(createRgba(200, 300));
    const plan = makePlan({
      crop: { x: 0, y: 0, width: 300, height: 100 },
      frame: { width: 400, height: 200 },
      at: { x: 0, y: 0 },
    });
    await expect(prepareReferenceAsync(codec, jpegHead(1), plan)).rejects.toMatchObject({ code: 'node-changed' });
  });
});

describe('runOfflineAsync (job logic)', () => {
  const plan = makePlan({
    crop: { x: 10, y: 20, width: 100, height: 80 },
    frame: { width: 160, height: 120 },
    at: { x: 30, y: 20 },
  });

  it('hands the engine the cropped reference and the plan canvas geometry', async () => {
    const seen: Array<Parameters<OfflineEngine>[0]> = [];
    const engine: OfflineEngine = (input) => {
      seen.push(input);
      return createRgba(input.canvasWidth, input.canvasHeight);
    };
    const codec = new FakeCodec(createRgba(300, 200));
    const canvas = await runOfflineAsync(codec, engine, jpegHead(1), plan, { seed: 5 });
    expect(seen[0]).toMatchObject({ canvasWidth: 160, canvasHeight: 120, offsetX: 30, offsetY: 20, seed: 5 });
    expect([seen[0]?.reference.width, seen[0]?.reference.height]).toEqual([100, 80]);
    // The canvas comes back as pixels for the compose step: nothing is encoded in between.
    expect([canvas.width, canvas.height]).toEqual([160, 120]);
    expect(codec.encoded).toHaveLength(0);
  });

  it("reports the engine's own stop as cancelled and any other failure as engine-failed", async () => {
    const codec = new FakeCodec(createRgba(300, 200));
    const stopped: OfflineEngine = () => {
      throw Object.assign(new Error('Extension cancelled'), { name: 'CancelledError' });
    };
    const broken: OfflineEngine = () => {
      throw new Error('index out of range');
    };
    await expect(runOfflineAsync(codec, stopped, jpegHead(1), plan, { seed: 1 })).rejects.toMatchObject({
      code: 'cancelled',
    });
    const failure = await runOfflineAsync(codec, broken, jpegHead(1), plan, { seed: 1 }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PixelError);
    expect(failure).toMatchObject({ code: 'engine-failed' });
  });
});
