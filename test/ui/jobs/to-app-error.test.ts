import { describe, expect, it } from 'vitest';
import { BflError } from '../../../ui/api/bfl-error';
import { PixelError } from '../../../ui/pixels/pixel-error';
import { toAppError } from '../../../ui/jobs/to-app-error';

describe('to app error', () => {
  it("keeps the API client's error and message", () => {
    expect(toAppError(new BflError('api-credits', 'Not enough credits — add credits'), 'x')).toEqual({
      code: 'api-credits',
      message: 'Not enough credits — add credits',
    });
  });

  it("keeps the pixel pipeline's error and message", () => {
    expect(toAppError(new PixelError('decode-failed', 'This image file is damaged — re-import it'), 'x')).toEqual({
      code: 'decode-failed',
      message: 'This image file is damaged — re-import it',
    });
  });

  it('treats an abort as a cancel', () => {
    expect(toAppError(new DOMException('Aborted', 'AbortError'), 'x').code).toBe('cancelled');
  });

  it('gives a crash the fallback message, never its internals', () => {
    expect(
      toAppError(new TypeError('cannot read properties of undefined'), 'The image could not be made. Try again'),
    ).toEqual({
      code: 'engine-failed',
      message: 'The image could not be made. Try again',
    });
    expect(toAppError({ code: 'made-up', message: 'm' }, 'fallback').message).toBe('fallback');
  });
});
