// Errors travel as data between sandbox and UI ({code, message}); messages are for people and
// name the next step. Anything shown through figma.notify must stay ≤ 100 characters
// (https://developers.figma.com/docs/plugins/api/properties/figma-notify).
import * as v from 'valibot';
import { MAX_TEXT_CHARS, text } from './field-schemas';

/** Every error code, listed once: the ErrorCode type and the parsers' picklist both come from this list. */
export const ERROR_CODES = [
  // selection and geometry
  'no-selection',
  'no-image',
  'image-missing',
  'tile',
  'rotated',
  'skewed',
  'flipped',
  'scaled-instance',
  'stretched',
  'covered',
  'too-small',
  'limits',
  'hidden',
  'bytes-unavailable',
  'unsupported-format',
  // write-back
  'node-deleted',
  'node-changed',
  'write-failed',
  'image-too-large',
  // protocol
  'bad-message',
  'storage-failed',
  // API and network
  'api-key',
  'api-credits',
  'api-invalid',
  'api-rate-limited',
  'api-moderated',
  'api-failed',
  'api-not-found',
  'api-timeout',
  'api-server',
  'submit-uncertain',
  'network',
  'expired',
  'cancelled',
  // pixels
  'decode-failed',
  'size-mismatch',
  'engine-failed',
  // the panel itself: an exception no handler expected (kept for Settings → Diagnostics)
  'unexpected',
] as const;

export const ErrorCodeSchema = v.picklist(ERROR_CODES);
export type ErrorCode = v.InferOutput<typeof ErrorCodeSchema>;

export const AppErrorSchema = v.object({ code: ErrorCodeSchema, message: text(1, MAX_TEXT_CHARS) });
export type AppError = v.InferOutput<typeof AppErrorSchema>;

export const NOTIFY_MAX_CHARS = 100;

export function appError(code: ErrorCode, message: string): AppError {
  return { code, message };
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return v.is(ErrorCodeSchema, value);
}
