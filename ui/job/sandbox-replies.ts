// The sandbox answers a job's 'job/start' and 'job/result' with 'job/started', 'job/written' or 'job/failed'
// (common/protocol/messages.ts). Both the single-job runner and the batch runner wait for those answers by job id.
import type { SandboxMessage, WriteOutcome } from '../../common/protocol/messages';
import { appError, type AppError } from '../../common/protocol/errors';
import type { Target } from '../../common/selection/report';

export type SandboxReply =
  | { kind: 'started'; target: Target }
  | { kind: 'written'; outcome: WriteOutcome }
  | { kind: 'failed'; error: AppError }
  /** 'job/stored': the answer to a 'job/save', waited for under `storedReplyId(taskId)`. */
  | { kind: 'stored'; stored: boolean };

/** The waiter id of a 'job/save' answer, apart from the job ids. */
export function storedReplyId(taskId: string): string {
  return `stored:${taskId}`;
}

export interface SandboxReplies {
  /**
   * Resolves with the sandbox's answer for `id`; rejects with `stopped(cancelled)` when `signal` aborts; after
   * `timeoutMs` (when not null) resolves as a failed write with `timeoutMessage`, so a paid result is offered again.
   */
  waitAsync(id: string, signal: AbortSignal | null, timeoutMs: number | null): Promise<SandboxReply>;
  /** Hands a sandbox answer to its waiter; returns false when nobody waits for that id. */
  deliver(id: string, reply: SandboxReply): boolean;
  /** Delivers 'job/started', 'job/written', 'job/failed' and 'job/stored'; returns false for any other message. */
  deliverMessage(message: SandboxMessage): boolean;
}

export function createSandboxReplies(deps: {
  sleepAsync: (ms: number) => Promise<void>;
  stopped: (error: AppError) => Error;
  timeoutMessage: string;
}): SandboxReplies {
  const waiting = new Map<string, (reply: SandboxReply) => void>();
  return {
    waitAsync: (id, signal, timeoutMs) =>
      new Promise<SandboxReply>((resolve, reject) => {
        const onAbort = (): void => {
          waiting.delete(id);
          reject(deps.stopped(appError('cancelled', 'Cancelled.')));
        };
        waiting.set(id, (reply) => {
          waiting.delete(id);
          signal?.removeEventListener('abort', onAbort);
          resolve(reply);
        });
        if (signal) {
          if (signal.aborted) return onAbort();
          signal.addEventListener('abort', onAbort, { once: true });
        }
        if (timeoutMs !== null) {
          void deps.sleepAsync(timeoutMs).then(() => {
            if (!waiting.has(id)) return;
            waiting.delete(id);
            resolve({ kind: 'failed', error: appError('write-failed', deps.timeoutMessage) });
          });
        }
      }),
    deliver(id, reply) {
      const waiter = waiting.get(id);
      waiter?.(reply);
      return waiter !== undefined;
    },
    deliverMessage(message) {
      const deliver = (id: string, reply: SandboxReply): true => {
        waiting.get(id)?.(reply);
        return true;
      };
      switch (message.type) {
        case 'job/started':
          return deliver(message.id, { kind: 'started', target: message.target });
        case 'job/written':
          return deliver(message.id, { kind: 'written', outcome: message.outcome });
        case 'job/failed':
          return deliver(message.id, { kind: 'failed', error: message.error });
        case 'job/stored':
          return deliver(storedReplyId(message.taskId), { kind: 'stored', stored: message.stored });
        default:
          return false;
      }
    },
  };
}
