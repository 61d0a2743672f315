// Every failure of the FLUX client is one typed error carrying the shared AppError, so the UI can
// show `message` as-is (it names the next step) and branch on `code` (common/protocol/errors.ts).
import { appError, type AppError, type ErrorCode } from '../../common/protocol/errors';

export class BflError extends Error {
  readonly appError: AppError;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'BflError';
    this.appError = appError(code, message);
  }

  get code(): ErrorCode {
    return this.appError.code;
  }
}

export function isBflError(value: unknown): value is BflError {
  return value instanceof BflError;
}

export function cancelledError(): BflError {
  return new BflError('cancelled', 'Cancelled. Run Outpaint again when you are ready');
}
