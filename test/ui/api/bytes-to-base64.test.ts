import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bytesToBase64 } from '../../../ui/api/bytes-to-base64';

describe('bytesToBase64', () => {
  it('matches Node base64 without the native encoder for any bytes and length, with no data: prefix', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70_000 }), (bytes) => {
        const encoded = bytesToBase64(bytes, { native: false });
        expect(encoded).toBe(Buffer.from(bytes).toString('base64'));
        expect(encoded.startsWith('data:')).toBe(false);
      }),
      { numRuns: 40 },
    );
  });

  it('pads the last one or two bytes as Node does, for every length up to 12', () => {
    for (let length = 0; length <= 12; length++) {
      const bytes = new Uint8Array(length).map((_, i) => 255 - i * 17);
      expect(bytesToBase64(bytes, { native: false })).toBe(Buffer.from(bytes).toString('base64'));
    }
  });

  it('encodes a multi-megabyte image without overflowing the stack', () => {
    const bytes = new Uint8Array(6 * 1024 * 1024).map((_, i) => (i * 31) & 255);
    expect(bytesToBase64(bytes, { native: false })).toBe(Buffer.from(bytes).toString('base64'));
  });

  it('uses Uint8Array.prototype.toBase64 when the platform has it', () => {
    const bytes = Object.assign(new Uint8Array([1, 2, 3]), { toBase64: () => 'from-native' });
    expect(bytesToBase64(bytes)).toBe('from-native');
  });
});
