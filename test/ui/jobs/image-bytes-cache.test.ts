import { describe, expect, it } from 'vitest';
import { createImageBytesCache } from '../../../ui/jobs/image-bytes-cache';
import { toAppError } from '../../../ui/jobs/to-app-error';

describe('image bytes cache', () => {
  it('hands out bytes that already arrived', async () => {
    const cache = createImageBytesCache();
    const bytes = new Uint8Array([1, 2]);
    cache.put('h', bytes);
    expect(await cache.getBytesAsync('h', new AbortController().signal)).toBe(bytes);
  });

  it('makes a job wait for bytes still in flight', async () => {
    const cache = createImageBytesCache();
    const waiting = cache.getBytesAsync('h', new AbortController().signal);
    const bytes = new Uint8Array([3]);
    cache.put('h', bytes);
    expect(await waiting).toBe(bytes);
  });

  it("passes on Figma's reason when the bytes could not be read", async () => {
    const cache = createImageBytesCache();
    const waiting = cache.getBytesAsync('h', new AbortController().signal);
    cache.fail('h', { code: 'bytes-unavailable', message: 'Figma could not read this image — re-import it' });
    const error = await waiting.then(
      () => null,
      (e: unknown) => e,
    );
    expect(toAppError(error, 'fallback')).toEqual({
      code: 'bytes-unavailable',
      message: 'Figma could not read this image — re-import it',
    });
  });

  it('stops waiting when the job is cancelled', async () => {
    const cache = createImageBytesCache();
    const controller = new AbortController();
    const waiting = cache.getBytesAsync('h', controller.signal);
    controller.abort();
    const error = await waiting.then(
      () => null,
      (e: unknown) => e,
    );
    expect(toAppError(error, 'fallback').code).toBe('cancelled');
  });
});
