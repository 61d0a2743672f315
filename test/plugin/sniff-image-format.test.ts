import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { sniffImageFormat } from '../../plugin/sniff-image-format';

const fixture = (name: string) =>
  readFile(new URL(`../fixtures/images/${name}`, import.meta.url)).then((buffer) => new Uint8Array(buffer));

describe('sniffImageFormat', () => {
  it('recognises the PNG, JPEG and GIF fixtures by their first bytes', async () => {
    expect(sniffImageFormat(await fixture('coffee.png'))).toBe('png');
    expect(sniffImageFormat(await fixture('rocket.jpg'))).toBe('jpeg');
    expect(sniffImageFormat(await fixture('truncated.jpg'))).toBe('jpeg');
    expect(sniffImageFormat(await fixture('no_time_for_that_tiny.gif'))).toBe('gif');
  });

  it('calls anything else unknown', () => {
    expect(sniffImageFormat(new TextEncoder().encode('RIFF\0\0\0\0WEBP'))).toBe('unknown');
    expect(sniffImageFormat(new Uint8Array([0x89, 0x50]))).toBe('unknown');
  });
});
