// Turns whatever a step threw into an AppError a designer can act on. The API client throws BflError
// (`.appError`), the pixel pipeline PixelError (itself {code, message}), the image cache `.error`;
// anything else is an unexpected engine failure.
import { appError, isErrorCode, type AppError } from '../../common/protocol/errors';

export function isAppError(value: unknown): value is AppError {
  if (typeof value !== 'object' || value === null) return false;
  const { code, message } = value as { code?: unknown; message?: unknown };
  return isErrorCode(code) && typeof message === 'string';
}

export function toAppError(thrown: unknown, fallbackMessage: string): AppError {
  if (typeof thrown === 'object' && thrown !== null) {
    if ('appError' in thrown && isAppError(thrown.appError))
      return { code: thrown.appError.code, message: thrown.appError.message };
    if ('error' in thrown && isAppError(thrown.error))
      return { code: thrown.error.code, message: thrown.error.message };
  }
  if (isAppError(thrown)) return { code: thrown.code, message: thrown.message };
  if (thrown instanceof Error && (thrown.name === 'AbortError' || thrown.name === 'CancelledError')) {
    return appError('cancelled', 'Cancelled.');
  }
  return appError('engine-failed', fallbackMessage);
}
