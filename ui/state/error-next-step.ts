// For a failed job: a short headline and the buttons that lead to the fix (the AppError's message already
// says what happened and names the next step in words).
import type { AppError, ErrorCode } from '../../common/protocol/errors';

export type NextStep = 'retry-write' | 'open-key' | 'open-endpoint' | 'retry';

export function errorHeadline(code: ErrorCode): string {
  switch (code) {
    case 'api-key':
      return 'The API key was refused';
    case 'api-credits':
      return 'Not enough credits';
    case 'api-moderated':
      return 'FLUX declined this image';
    case 'network':
    case 'api-server':
    case 'api-timeout':
    case 'api-not-found':
      return "Couldn't reach FLUX";
    case 'submit-uncertain':
      return 'Not sure FLUX got the request';
    case 'api-rate-limited':
      return 'FLUX is busy';
    case 'api-invalid':
    case 'api-failed':
    case 'expired':
      return 'FLUX could not make the image';
    case 'cancelled':
      return 'Cancelled';
    case 'node-deleted':
    case 'node-changed':
    case 'write-failed':
    case 'image-too-large':
      return "Couldn't write into the frame";
    case 'decode-failed':
    case 'size-mismatch':
    case 'engine-failed':
    case 'unsupported-format':
      return 'The image could not be made';
    default:
      return "Couldn't outpaint";
  }
}

export function nextSteps(error: AppError, holdsResult: boolean): NextStep[] {
  if (holdsResult) return ['retry-write'];
  switch (error.code) {
    case 'api-key':
      return ['open-key'];
    case 'network':
    case 'api-server':
    case 'api-timeout':
    case 'api-not-found':
      return ['open-endpoint', 'retry'];
    default:
      return ['retry'];
  }
}
