// For a failed job: the title and the line under it, and the buttons that lead to the fix (the AppError's message
// already says what happened and names the next step in words).
import type { AppError } from '../../common/protocol/errors';
import { MESSAGES } from '../api/bfl-messages';

const ENDPOINT_MESSAGES: ReadonlySet<string> = new Set([MESSAGES.endpoint, MESSAGES.pollingUrl]);

export type NextStep = 'retry-write' | 'check-again' | 'open-key' | 'open-endpoint' | 'retry';

export interface ErrorLines {
  /** What happened, in the message's own words (its first sentence). */
  headline: string;
  /** The rest: the detail and the next step, or null when the message is one sentence. */
  detail: string | null;
}

/**
 * Splits an AppError message into a title and the line under it. Every message already says what happened and
 * then names the next step ("Not enough FLUX credits. Add credits at bfl.ai, then try again"), so a separate
 * headline per code would only repeat it; the title is the message's first sentence and nothing is said twice.
 */
export function errorLines(error: AppError): ErrorLines {
  const match = /\. |\s—\s/.exec(error.message);
  if (match === null) return { headline: error.message.replace(/\.$/, ''), detail: null };
  const headline = error.message.slice(0, match.index);
  const rest = error.message.slice(match.index + match[0].length).trim();
  if (headline === '' || rest === '') return { headline: error.message, detail: null };
  return { headline, detail: rest.charAt(0).toUpperCase() + rest.slice(1) };
}

/** `held`: a made result waits to be written; `awaitingCheck`: FLUX accepted the task and it can still be fetched. */
export function nextSteps(error: AppError, job: { held: boolean; awaitingCheck: boolean }): NextStep[] {
  if (job.held) return ['retry-write'];
  // A paid task is fetched, never run again: no "Try again" that would pay twice.
  if (job.awaitingCheck) return error.code === 'api-key' ? ['open-key', 'check-again'] : ['check-again'];
  switch (error.code) {
    case 'api-key':
      return ['open-key'];
    case 'network':
    case 'api-server':
    case 'api-timeout':
    case 'api-not-found':
      return ['open-endpoint', 'retry'];
    default:
      // An address that answers, but not as FLUX or the proxy does: the fix is the endpoint, so its button too.
      return ENDPOINT_MESSAGES.has(error.message) ? ['open-endpoint', 'retry'] : ['retry'];
  }
}
