// Which saved paid tasks a panel may take, given the file it is open in. clientStorage is shared by every file on
// this computer (https://developers.figma.com/docs/plugins/api/figma-clientStorage/), so each record names its
// file and is resumed only there; the others are counted so the panel can say where results are waiting.
import * as v from 'valibot';
import { text, whole } from '../protocol/field-schemas';
import { RESULT_LIFETIME_MS } from './resume-window';
import { MAX_SAVED_JOBS, type SavedJob } from './saved-job';
import { MAX_VARIANTS } from '../variants/plan-variants';

/**
 * How long a panel's claim on a record it resumed holds without being renewed. The claiming sandbox renews it every
 * third of this while it runs (plugin/controller.ts), so a claim outlives its panel by at most this: the same file
 * reopened after a close gets the record back within it, and a duplicated copy open meanwhile does not fetch it a
 * second time.
 */
export const CLAIM_LEASE_MS = 30_000;

export const WaitingElsewhereSchema = v.object({
  fileName: text(0, 1000),
  /**
   * Results of that file's paid tasks that can still be fetched: one per frame, so a variant set's one task counts
   * each format not yet written (the designer will find that many frames filled, not one).
   */
  results: whole(1, MAX_SAVED_JOBS * MAX_VARIANTS),
});
export type WaitingElsewhere = v.InferOutput<typeof WaitingElsewhereSchema>;

export interface LedgerByFile {
  /** Records this panel may resume (its file's, or from before files were told apart), not held by another panel. */
  mine: SavedJob[];
  /** Other files' fetchable paid tasks, one entry per file. */
  elsewhere: WaitingElsewhere[];
  /** This file's records another open panel (a duplicate of the file) is fetching now. */
  heldByOthers: SavedJob[];
}

export function ledgerByFile(jobs: readonly SavedJob[], fileId: string, session: string, nowMs: number): LedgerByFile {
  const mine: SavedJob[] = [];
  const heldByOthers: SavedJob[] = [];
  const others = new Map<string, WaitingElsewhere>();
  for (const job of jobs) {
    const ownFile = job.fileId === undefined || (fileId !== '' && job.fileId === fileId);
    if (ownFile) {
      (heldByAnother(job, session, nowMs) ? heldByOthers : mine).push(job);
      continue;
    }
    if (job.pending === true || job.fileId === undefined) continue;
    // Only what can still be fetched there: a stale task is reported by its own file when it opens.
    if (Math.max(0, nowMs - job.submittedAt) >= RESULT_LIFETIME_MS) continue;
    const entry = others.get(job.fileId) ?? { fileName: job.fileName ?? 'another file', results: 0 };
    entry.results += job.set ? Math.max(1, job.set.members.length - (job.set.written?.length ?? 0)) : 1;
    if (job.fileName) entry.fileName = job.fileName;
    others.set(job.fileId, entry);
  }
  return { mine, elsewhere: [...others.values()], heldByOthers };
}

/** Claimed by another panel within the lease. A clock stepped back counts the claim as fresh, never as expired early. */
function heldByAnother(job: SavedJob, session: string, nowMs: number): boolean {
  if (!job.claim || job.claim.session === session) return false;
  return nowMs - job.claim.at < CLAIM_LEASE_MS;
}

/** "2 paid results are waiting in ‘Poster file’ — open it to fetch them" (≤ 100 characters). */
export function waitingElsewhereMessage(entry: WaitingElsewhere): string {
  const what = entry.results === 1 ? '1 paid result is' : `${entry.results} paid results are`;
  const them = entry.results === 1 ? 'it' : 'them';
  const text = `${what} waiting in ‘${entry.fileName}’ — open that file to fetch ${them}`;
  return text.length <= 100 ? text : `${what} waiting in another file — open it to fetch ${them}`;
}
