// The sandbox's side of the paid-task ledger (plugin/job-store.ts): it stamps each record with its file, tells
// the panel which saved tasks it may fetch here and which wait in other files, and keeps the claims of the records
// this panel resumes fresh, so a duplicate of the file open meanwhile leaves them alone (README, "Paid results and
// files").
import { CLAIM_LEASE_MS, ledgerByFile } from '../common/batch/ledger-by-file';
import type { SavedJob } from '../common/batch/saved-job';
import { appError } from '../common/protocol/errors';
import type { UiMessage } from '../common/protocol/messages';
import { CONTROLLER_MESSAGES } from './controller-messages';
import type { FileIdentity } from './file-identity';
import { LedgerError, type JobStore } from './job-store';
import type { SandboxContext, Scheduled } from './sandbox-context';

export interface LedgerFeed {
  saveJobAsync(message: Extract<UiMessage, { type: 'job/save' }>): Promise<void>;
  offerSavedJobsAsync(): Promise<void>;
  dispose(): void;
}

export function createLedgerFeed(
  ctx: SandboxContext,
  deps: { jobStore: JobStore; fileIdentity: FileIdentity; now(): number; session: string },
): LedgerFeed {
  const { jobStore, fileIdentity, now, session } = deps;
  /** Task ids this run claimed and has not seen forgotten: their claims are renewed while it runs. */
  const claimed = new Set<string>();
  let renewal: Scheduled | null = null;
  /** Offers this file's records again once another panel's claim on them lapses. */
  let reoffer: Scheduled | null = null;

  /** Saves every record of the message (one clientStorage write when they fit together) and answers each. */
  async function saveJobAsync(message: Extract<UiMessage, { type: 'job/save' }>): Promise<void> {
    await Promise.all(message.jobs.map((job) => saveOneAsync(job)));
  }

  async function saveOneAsync(received: SavedJob): Promise<void> {
    // Stamped here, not by the panel: the file is the sandbox's to know. No claim: the same file reopened after a
    // close takes it back at once; claims are for records a panel resumes (common/batch/ledger-by-file.ts).
    const job: SavedJob = { ...received, fileId: fileIdentity.ensureId(), fileName: fileIdentity.name() };
    try {
      await jobStore.saveAsync(job);
      if (!ctx.isDisposed()) ctx.post({ type: 'job/stored', taskId: job.taskId, stored: true });
    } catch (thrown) {
      const error =
        thrown instanceof LedgerError ? thrown.error : appError('storage-failed', CONTROLLER_MESSAGES.jobNotSaved);
      // The panel refuses to submit a task it could not record, and says so (ui/jobs/README.md).
      if (!ctx.isDisposed()) ctx.post({ type: 'job/stored', taskId: job.taskId, stored: false, error });
    }
  }

  /** Keeps this run's claims fresh, so a duplicated file opened meanwhile leaves them alone. */
  function scheduleRenewal(): void {
    if (renewal !== null || ctx.isDisposed() || claimed.size === 0) return;
    renewal = ctx.schedule(() => {
      renewal = null;
      ctx.track(renewClaimsAsync());
    }, CLAIM_LEASE_MS / 3);
  }

  async function renewClaimsAsync(): Promise<void> {
    if (ctx.isDisposed()) return;
    const kept = await jobStore.claimAsync((jobs) => jobs.filter((job) => claimed.has(job.taskId)), {
      session,
      at: now(),
    });
    const present = new Set(kept.map((job) => job.taskId));
    for (const taskId of [...claimed]) if (!present.has(taskId)) claimed.delete(taskId);
    scheduleRenewal();
  }

  /**
   * Tells the panel which of this file's saved paid tasks it may fetch (claimed first, in one write, so a duplicate
   * of the file open elsewhere leaves them alone) and how many other files wait. Records another open panel holds
   * are offered again once its claim lapses.
   */
  async function offerSavedJobsAsync(): Promise<void> {
    let split: ReturnType<typeof ledgerByFile>;
    try {
      const at = now();
      split = ledgerByFile(await jobStore.listAsync(), fileIdentity.peekId(), session, at);
      if (split.mine.length > 0) {
        const ids = new Set(split.mine.map((job) => job.taskId));
        split = {
          ...split,
          mine: await jobStore.claimAsync((jobs) => jobs.filter((job) => ids.has(job.taskId)), { session, at }),
        };
        for (const job of split.mine) claimed.add(job.taskId);
        scheduleRenewal();
      }
    } catch {
      // Never answered as "nothing saved": the records stay in clientStorage for the next opening.
      if (!ctx.isDisposed()) ctx.figma.notify(CONTROLLER_MESSAGES.ledgerUnreadable, { error: true });
      return;
    }
    if (split.heldByOthers.length > 0 && !ctx.isDisposed()) {
      const lapse = Math.min(...split.heldByOthers.map((job) => job.claim?.at ?? 0)) + CLAIM_LEASE_MS - now();
      reoffer?.cancel();
      reoffer = ctx.schedule(
        () => {
          reoffer = null;
          ctx.track(offerSavedJobsAsync());
        },
        Math.max(1000, lapse + 1000),
      );
    }
    // Only when there is something to resume or report, so a plain start looks as it always did.
    if (!ctx.isDisposed() && (split.mine.length > 0 || split.elsewhere.length > 0))
      ctx.post({ type: 'jobs/saved', jobs: split.mine, elsewhere: split.elsewhere });
  }

  return {
    saveJobAsync,
    offerSavedJobsAsync,
    dispose() {
      renewal?.cancel();
      reoffer?.cancel();
    },
  };
}
