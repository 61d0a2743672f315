// Human messages for API failures. Each names the next step and fits figma.notify's 100 characters
// (common/protocol/errors.ts), so details from the API are shortened to fit.
import { NOTIFY_MAX_CHARS } from '../../common/protocol/errors';

export function fitNotify(message: string): string {
  if (message.length <= NOTIFY_MAX_CHARS) return message;
  return `${message.slice(0, NOTIFY_MAX_CHARS - 1)}…`;
}

/** Puts `detail` inside a sentence, shortening only the detail so the next step always survives. */
export function withDetail(before: string, detail: string, after: string): string {
  const room = NOTIFY_MAX_CHARS - before.length - after.length;
  const clean = detail.replace(/\s+/g, ' ').trim();
  const fitted = clean.length <= room ? clean : `${clean.slice(0, Math.max(0, room - 1))}…`;
  return `${before}${fitted}${after}`;
}

export const MESSAGES = {
  key: 'FLUX refused the API key. Check your API key in Settings',
  credits: 'Not enough FLUX credits. Add credits at bfl.ai, then try again',
  rateLimited: 'FLUX already runs 24 tasks for this account. Wait a minute, then try again',
  notFound: 'FLUX lost this task (unknown or expired). Run Outpaint again',
  expired: 'The result link expired (links last 10 minutes). Run Outpaint again',
  network: 'Could not reach FLUX. Check your connection and the endpoint in Settings',
  endpoint: 'The endpoint did not answer like FLUX. Check the endpoint in Settings',
  noSample: 'FLUX finished without an image link. Run Outpaint again',
  pollingUrl: 'FLUX gave an untrusted polling address. Check the endpoint in Settings',
  tooLarge: 'The image is too large to send. Use a smaller frame, then try again',
} as const;

export function timeoutMessage(timeoutMs: number): string {
  const minutes = Math.max(1, Math.round(timeoutMs / 60_000));
  return `FLUX took longer than ${minutes} min. Try again, or switch to fast mode in Settings`;
}

export function serverMessage(status: number): string {
  return `FLUX servers are having trouble (HTTP ${status}). Try again in a few minutes`;
}

export function submitUncertainMessage(cause: string): string {
  return fitNotify(`FLUX may have started this task (${cause}). Check bfl.ai before retrying`);
}
