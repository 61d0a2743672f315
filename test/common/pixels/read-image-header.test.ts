import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readImageHeader, sniffImageFormat } from '../../../common/pixels/read-image-header';

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../../fixtures/images/${name}`, import.meta.url)));

/** A JPEG head: SOI, APP1 Exif with a big-endian IFD0 holding only Orientation, then SOF0 for 300×200. */
function jpegWithOrientation(orientation: number): Uint8Array {
  const tiff = [0x4d, 0x4d, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0, 0, 0, 0, 0];
  const exif = [...'Exif'].map((c) => c.charCodeAt(0)).concat([0, 0], tiff);
  const app1 = [0xff, 0xe1, 0, exif.length + 2, ...exif];
  const sof = [0xff, 0xc0, 0, 17, 8, 0, 200, 1, 44, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
  return new Uint8Array([0xff, 0xd8, ...app1, ...sof, 0xff, 0xd9]);
}

describe('readImageHeader', () => {
  it('reads the stored size of PNG, JPEG and GIF fixtures without decoding them', () => {
    expect(readImageHeader(fixture('chelsea.png'))).toMatchObject({ format: 'png', width: 451, height: 300 });
    expect(readImageHeader(fixture('rocket.jpg'))).toMatchObject({
      format: 'jpeg',
      width: 640,
      height: 427,
      orientation: 1,
    });
    expect(readImageHeader(fixture('no_time_for_that_tiny.gif'))).toMatchObject({
      format: 'gif',
      width: 14,
      height: 25,
    });
  });

  it('finds a JPEG EXIF orientation that would turn the picture sideways', () => {
    expect(readImageHeader(jpegWithOrientation(6))).toEqual({
      format: 'jpeg',
      width: 300,
      height: 200,
      orientation: 6,
    });
  });

  it('recognises no format in bytes that are not an image', () => {
    expect(sniffImageFormat(new TextEncoder().encode('{"error":"oops"}'))).toBeNull();
    expect(readImageHeader(new Uint8Array([0x89, 0x50]))).toBeNull();
  });
});
