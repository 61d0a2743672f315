// Errors travel as data between sandbox and UI ({code, message}); messages are for people and
// name the next step. Anything shown through figma.notify must stay ≤ 100 characters
// (https://developers.figma.com/docs/plugins/api/properties/figma-notify).

export type ErrorCode =
  // selection and geometry
  | 'no-selection'
  | 'no-image'
  | 'image-missing'
  | 'tile'
  | 'rotated'
  | 'skewed'
  | 'flipped'
  | 'scaled-instance'
  | 'stretched'
  | 'covered'
  | 'too-small'
  | 'limits'
  | 'hidden'
  | 'bytes-unavailable'
  | 'unsupported-format'
  // write-back
  | 'node-deleted'
  | 'node-changed'
  | 'write-failed'
  | 'image-too-large'
  // protocol
  | 'bad-message'
  | 'storage-failed'
  // API and network
  | 'api-key'
  | 'api-credits'
  | 'api-invalid'
  | 'api-rate-limited'
  | 'api-moderated'
  | 'api-failed'
  | 'api-not-found'
  | 'api-timeout'
  | 'api-server'
  | 'submit-uncertain'
  | 'network'
  | 'expired'
  | 'cancelled'
  // pixels
  | 'decode-failed'
  | 'size-mismatch'
  | 'engine-failed'
  // the panel itself: an exception no handler expected (kept for Settings → Diagnostics)
  | 'unexpected';

export interface AppError {
  code: ErrorCode;
  message: string;
}

export const NOTIFY_MAX_CHARS = 100;

export function appError(code: ErrorCode, message: string): AppError {
  return { code, message };
}
