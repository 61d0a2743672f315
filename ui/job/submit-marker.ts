// The "submit pending" marker (issue #7): before a FLUX submit POST leaves, the slot is saved without a task id,
// and the POST waits until the sandbox says clientStorage holds it. A panel closed while the POST is in flight
// then leaves a marker, and the reopened panel tells the designer the task may have been charged — the submit
// answer (the only place the task id appears; BFL has no list-tasks call, docs/bfl-api.md) died with the panel.
import { pendingTaskId, type SavedJob } from '../../common/batch/saved-job';
import type { ErrorCode } from '../../common/protocol/errors';
import type { UiMessage } from '../../common/protocol/messages';
import { storedReplyId, type SandboxReplies } from './sandbox-replies';

/** Long enough for a slow clientStorage write; past it the submit goes ahead as it did before markers. */
export const MARKER_STORE_TIMEOUT_MS = 10_000;

export type MarkerSlot = Omit<SavedJob, 'taskId' | 'pollingUrl' | 'cost' | 'pending'>;

export function submitMarker(slot: MarkerSlot): SavedJob {
  return { ...slot, taskId: pendingTaskId(slot.jobId, slot.candidate), pollingUrl: '', cost: null, pending: true };
}

/** The slot's full record once FLUX answered the submit; it replaces the marker in the job store. */
export function taskRecord(slot: MarkerSlot, task: { taskId: string; pollingUrl: string; cost: number | null }, submittedAt: number): SavedJob {
  return { ...slot, taskId: task.taskId, pollingUrl: task.pollingUrl, cost: task.cost, submittedAt };
}

/**
 * Saves the marker and resolves once the sandbox answered 'job/stored' (stored or refused: a refused write was
 * already shown by the sandbox, and the submit goes ahead as before). Rejects when `signal` aborts.
 */
export async function saveSubmitMarkerAsync(
  deps: { post(message: UiMessage): void; replies: SandboxReplies },
  marker: SavedJob,
  signal: AbortSignal,
): Promise<void> {
  const answer = deps.replies.waitAsync(storedReplyId(marker.taskId), signal, MARKER_STORE_TIMEOUT_MS);
  deps.post({ type: 'job/save', job: marker });
  await answer;
}

/**
 * True when the submit's failure means FLUX made no task (an HTTP 4xx answer: key, credits, input, rate limit,
 * moderation; or the designer's cancel), so the marker can go. A 5xx, a timeout or a dropped connection may
 * come after FLUX accepted the task: the marker then stays and the next opening reports it.
 */
export function submitClearlyRefused(code: ErrorCode): boolean {
  return CLEAR_REFUSALS.has(code);
}

const CLEAR_REFUSALS: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['api-key', 'api-credits', 'api-invalid', 'api-rate-limited', 'api-moderated', 'api-not-found', 'cancelled']);
