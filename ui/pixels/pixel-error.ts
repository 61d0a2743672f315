import type { AppError, ErrorCode } from '../../common/protocol/errors';

/** What a designer reads when the selected image's file cannot be decoded, before a run (ui/app/image-decodes.ts) or in one. */
export const DAMAGED_IMAGE_TEXT = 'This image file is damaged. Replace it with a PNG or JPEG and retry';

/** A thrown AppError: it crosses the worker boundary as `{code, message}` and is shown to people as is. */
export class PixelError extends Error implements AppError {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'PixelError';
    this.code = code;
  }
}

/** The AppError a failure should surface as: a PixelError keeps its own, anything else becomes `fallback`. */
export function toAppError(error: unknown, fallback: AppError): AppError {
  if (error instanceof PixelError) return { code: error.code, message: error.message };
  return fallback;
}
