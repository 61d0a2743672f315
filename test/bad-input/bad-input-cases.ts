// The bad-input matrix of issue #7 (item 2): files from test/fixtures/images, generated files, and
// selections a designer can make. Each builds its own document.
import { readFileSync } from 'node:fs';
import { encodePngNode } from '../support/png-node';
import { createRgba } from '../../common/pixels/rgba';
import { imagePaint, type FakeNode, type FigmaFake } from '../fakes/figma-fake';
import { makeReferencePngAsync } from '../fake-bfl/test-images';
import { makePng } from './make-png';
import type { BadInputCase } from './run-bad-input';

const FIXTURES = new URL('../fixtures/images/', import.meta.url);
export const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(name, FIXTURES)));

/** A frame twice as wide as the image shows it, with the image fitted (the usual "extend sideways" job). */
export function frameWith(
  fake: FigmaFake,
  bytes: Uint8Array,
  width: number,
  height: number,
  scaleMode: ImagePaint['scaleMode'] = 'FIT',
): FakeNode {
  const hash = fake.storeImage(bytes);
  return fake.build({ name: 'Hero', width, height, fills: [imagePaint(hash, scaleMode)] });
}

/** An opaque RGBA image with a distinct colour per pixel. */
export function opaquePng(width: number, height: number): Uint8Array {
  const img = createRgba(width, height);
  for (let i = 0; i < width * height; i++) img.data.set([(i * 7) & 255, (i * 13) & 255, (i * 29) & 255, 255], i * 4);
  return encodePngNode(img);
}

export const sixteenBitPng = (): Uint8Array =>
  makePng({
    width: 96,
    height: 80,
    bitDepth: 16,
    colorType: 6,
    pixel: (x, y) => [x * 600, y * 700, (x + y) * 300, 65535 - x * 100],
  });

/** IHDR says 3000×2000; the pixel data is for 40×30. */
export const lyingPng = (): Uint8Array =>
  makePng({
    width: 40,
    height: 30,
    bitDepth: 8,
    colorType: 6,
    pixel: (x, y) => [x, y, 9, 255],
    declared: { width: 3000, height: 2000 },
  });

export async function transparentPngAsync(): Promise<Uint8Array> {
  return (await makeReferencePngAsync(96, 80)).png;
}

export function randomBytes(length: number, seed = 7): Uint8Array {
  const out = new Uint8Array(length);
  let s = seed;
  for (let i = 0; i < length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}

export type CaseTable = Record<string, BadInputCase>;
