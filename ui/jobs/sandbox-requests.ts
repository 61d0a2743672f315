// The one reply layer between the job engine and the sandbox: a request is a message that carries an id, and the
// sandbox answers it by that id (common/protocol/messages.ts): 'job/start' and 'job/resume' with 'job/started' or
// 'job/failed', 'job/result' with 'job/written' or 'job/failed', and each record of a 'job/save' with its own
// 'job/stored'. Every request can be abandoned (signal) and can time out; an answer that comes after its request
// timed out is handed to `onLate`, so a write Figma confirmed late still counts (the engine then shows what the frame
// really holds).
import type { AppError } from '../../common/protocol/errors';
import type { SavedJob } from '../../common/batch/saved-job';
import type { SandboxMessage, UiMessage, WriteOutcome } from '../../common/protocol/messages';
import type { Target } from '../../common/selection/report';

export type SandboxReply =
  | { kind: 'started'; target: Target }
  | { kind: 'written'; outcome: WriteOutcome; candidate: number | null }
  | { kind: 'failed'; error: AppError }
  | { kind: 'stored'; stored: boolean; error: AppError | null }
  /** Nothing came within `timeoutMs`. */
  | { kind: 'timed-out' };

export type SandboxRequest = Extract<UiMessage, { type: 'job/start' | 'job/resume' | 'job/result' }>;

export interface RequestOptions {
  /** Aborting stops waiting: the promise rejects with the signal's reason (or an AbortError). */
  signal?: AbortSignal | null;
  /** Resolves { kind: 'timed-out' } after this long; null waits as long as the signal allows. */
  timeoutMs?: number | null;
}

export interface SandboxRequests {
  requestAsync(message: SandboxRequest, options?: RequestOptions): Promise<SandboxReply>;
  /**
   * Asks the sandbox to keep one paid-task record; answered by its 'job/stored'. Records asked for in the same turn
   * (a batch's submits start together) travel as one 'job/save' and share one clientStorage write.
   */
  saveAsync(job: SavedJob, options?: RequestOptions): Promise<SandboxReply>;
  /** Hands a sandbox message to its waiting request; false when it is not an answer anyone waits for. */
  deliverMessage(message: SandboxMessage): boolean;
}

export interface SandboxRequestsDeps {
  post(message: UiMessage): void;
  sleepAsync(ms: number): Promise<void>;
  /** An answer whose request timed out or was abandoned (e.g. a slow write that did happen). */
  onLate?(message: SandboxMessage): void;
}

/** The id an answer carries: the job id, or a saved record's task id (answers of two kinds never share one). */
function requestKey(message: SandboxRequest): string {
  return `job:${message.id}`;
}

function saveKey(job: SavedJob): string {
  return `stored:${job.taskId}`;
}

function answerOf(message: SandboxMessage): { key: string; reply: SandboxReply } | null {
  switch (message.type) {
    case 'job/started':
      return { key: `job:${message.id}`, reply: { kind: 'started', target: message.target } };
    case 'job/written':
      return {
        key: `job:${message.id}`,
        reply: { kind: 'written', outcome: message.outcome, candidate: message.candidate ?? null },
      };
    case 'job/failed':
      return { key: `job:${message.id}`, reply: { kind: 'failed', error: message.error } };
    case 'job/stored':
      return {
        key: `stored:${message.taskId}`,
        reply: { kind: 'stored', stored: message.stored, error: message.error ?? null },
      };
    default:
      return null;
  }
}

export function createSandboxRequests(deps: SandboxRequestsDeps): SandboxRequests {
  const waiting = new Map<string, (reply: SandboxReply) => void>();
  /** Records asked for this turn, posted together by the next microtask. */
  let saving: { job: SavedJob; signal: AbortSignal | null }[] = [];

  /** Waits for the answer keyed `key`, until it comes, the signal aborts or the time is up. */
  const answerAsync = (key: string, options: RequestOptions): Promise<SandboxReply> => {
    const { signal = null, timeoutMs = null } = options;
    return new Promise<SandboxReply>((resolve, reject) => {
      const finish = (reply: SandboxReply): void => {
        if (waiting.get(key) !== finish) return;
        waiting.delete(key);
        signal?.removeEventListener('abort', onAbort);
        resolve(reply);
      };
      const onAbort = (): void => {
        if (waiting.get(key) !== finish) return;
        waiting.delete(key);
        reject(signal?.reason instanceof Error ? signal.reason : new DOMException('Aborted', 'AbortError'));
      };
      waiting.set(key, finish);
      if (signal) {
        if (signal.aborted) return onAbort();
        signal.addEventListener('abort', onAbort, { once: true });
      }
      if (timeoutMs !== null) void deps.sleepAsync(timeoutMs).then(() => finish({ kind: 'timed-out' }));
    });
  };

  const flushSaves = (): void => {
    // A record whose wait was abandoned before it left is not sent: its job gave up on it (a cancelled submit sends
    // nothing, and its forget must not arrive before the record it forgets).
    const jobs = saving.filter((entry) => !entry.signal?.aborted).map((entry) => entry.job);
    saving = [];
    if (jobs.length > 0) deps.post({ type: 'job/save', jobs });
  };

  return {
    requestAsync(message, options = {}) {
      const answer = answerAsync(requestKey(message), options);
      if (!options.signal?.aborted) deps.post(message);
      return answer;
    },
    saveAsync(job, options = {}) {
      const answer = answerAsync(saveKey(job), options);
      if (!options.signal?.aborted) {
        saving.push({ job, signal: options.signal ?? null });
        if (saving.length === 1) queueMicrotask(flushSaves);
      }
      return answer;
    },
    deliverMessage(message) {
      const answer = answerOf(message);
      if (answer === null) return false;
      const waiter = waiting.get(answer.key);
      if (waiter) waiter(answer.reply);
      else deps.onLate?.(message);
      return true;
    },
  };
}
