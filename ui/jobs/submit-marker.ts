// The "submit pending" marker (issue #7): before a FLUX submit POST leaves, the slot is saved without a task id,
// and the POST waits until the sandbox says clientStorage holds it. A panel closed while the POST is in flight
// then leaves a marker, and the reopened panel tells the designer the task may have been charged — the submit
// answer (the only place the task id appears; BFL has no list-tasks call, docs/bfl-api.md) died with the panel.
import { pendingTaskId, type SavedJob } from '../../common/batch/saved-job';
import { appError, type AppError, type ErrorCode } from '../../common/protocol/errors';
import type { SandboxRequests } from './sandbox-requests';

/** Long enough for a slow clientStorage write; past it the submit is refused (nothing sent, nothing charged). */
export const MARKER_STORE_TIMEOUT_MS = 10_000;

export type MarkerSlot = Omit<SavedJob, 'taskId' | 'pollingUrl' | 'cost' | 'pending'>;

export function submitMarker(slot: MarkerSlot): SavedJob {
  return { ...slot, taskId: pendingTaskId(slot.jobId, slot.candidate), pollingUrl: '', cost: null, pending: true };
}

/** The slot's full record once FLUX answered the submit; it replaces the marker in the job store. */
export function taskRecord(
  slot: MarkerSlot,
  task: { taskId: string; pollingUrl: string; cost: number | null },
  submittedAt: number,
): SavedJob {
  return { ...slot, taskId: task.taskId, pollingUrl: task.pollingUrl, cost: task.cost, submittedAt };
}

/** The marker could not be recorded: the task is not submitted, since nothing could bring its result back. */
export class SubmitNotRecorded extends Error {
  constructor(readonly error: AppError) {
    super(error.message);
  }
}

export const MARKER_NOT_CONFIRMED = 'Figma did not confirm it recorded this paid task. Nothing was sent; try again.';

/**
 * Saves the marker and resolves once the sandbox answered that clientStorage holds it. A refused or unconfirmed
 * save rejects with SubmitNotRecorded: a task the ledger cannot record is never paid for. Rejects when `signal` aborts.
 */
export async function saveSubmitMarkerAsync(
  deps: { requests: SandboxRequests },
  marker: SavedJob,
  signal: AbortSignal,
): Promise<void> {
  const reply = await deps.requests.saveAsync(marker, { signal, timeoutMs: MARKER_STORE_TIMEOUT_MS });
  if (reply.kind === 'stored' && reply.stored) return;
  throw new SubmitNotRecorded(
    reply.kind === 'stored' && reply.error ? reply.error : appError('storage-failed', MARKER_NOT_CONFIRMED),
  );
}

/**
 * True when the submit's failure means FLUX made no task (an HTTP 4xx answer: key, credits, input, rate limit,
 * moderation; or the designer's cancel), so the marker can go. A 5xx, a timeout or a dropped connection may
 * come after FLUX accepted the task: the marker then stays and the next opening reports it.
 */
export function submitClearlyRefused(code: ErrorCode): boolean {
  return CLEAR_REFUSALS.has(code);
}

// 'storage-failed': the marker was never confirmed, so the submit never left.
const CLEAR_REFUSALS: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'storage-failed',
  'api-key',
  'api-credits',
  'api-invalid',
  'api-rate-limited',
  'api-moderated',
  'api-not-found',
  'cancelled',
]);
