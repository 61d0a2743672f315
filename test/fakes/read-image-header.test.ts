import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { pngHeaderBytes, readImageHeader } from './read-image-header';

const fixture = (name: string) =>
  readFile(new URL(`../fixtures/images/${name}`, import.meta.url)).then((buffer) => new Uint8Array(buffer));

describe('readImageHeader', () => {
  // The fixtures' own pixel sizes (their SOURCES.md lists them).
  const cases: [string, 'png' | 'jpeg' | 'gif', number, number][] = [
    ['chelsea.png', 'png', 451, 300],
    ['coffee.png', 'png', 600, 400],
    ['foo3x5x4indexed.png', 'png', 5, 3],
    ['rocket.jpg', 'jpeg', 640, 427],
    ['hubble_deep_field.jpg', 'jpeg', 1000, 872],
    ['truncated.jpg', 'jpeg', 100, 100],
    ['no_time_for_that_tiny.gif', 'gif', 14, 25],
  ];
  for (const [name, format, width, height] of cases) {
    it(`reads ${name} as ${format} ${width}×${height}`, async () => {
      expect(readImageHeader(await fixture(name))).toEqual({ format, width, height });
    });
  }

  it('returns null for WebP, text and empty input', () => {
    expect(readImageHeader(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 '))).toBeNull();
    expect(readImageHeader(new TextEncoder().encode('hello'))).toBeNull();
    expect(readImageHeader(new Uint8Array(0))).toBeNull();
  });

  it('writes header-only PNGs whose size reads back', () => {
    expect(readImageHeader(pngHeaderBytes(4097, 12))).toEqual({ format: 'png', width: 4097, height: 12 });
  });
});
