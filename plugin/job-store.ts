// The paid-task ledger: saved FLUX tasks in figma.clientStorage, so a reopened plugin can fetch and write what a
// closed one paid for (docs/figma-plugin-api.md, Other APIs: "Store {jobId, pollingUrl, nodeId, startedAt} in
// clientStorage, so a relaunch within about 10 min can resume polling and write the result back"). One list under
// one key, shared by every file on this computer; every change is a read-modify-write, so changes never overlap.
// Its invariants (docs/reliability.md):
// - a record is dropped only by an explicit forget (written, discarded, failed at FLUX, or past its window);
// - no silent cap: past MAX_SAVED_JOBS a new record is refused, and the panel refuses to submit it;
// - a storage read that fails never leads to a write (the change is refused instead), and entries this version
//   cannot read are written back untouched.
import { MAX_SAVED_JOBS, readSavedJob } from '../common/batch/parse-saved-job';
import type { SavedJob } from '../common/batch/saved-job';
import { appError, type AppError } from '../common/protocol/errors';
import type { SandboxFigma } from './sandbox-figma';

export const JOBS_KEY = 'outpaint.jobs';

export const LEDGER_MESSAGES = {
  full: `Outpaint already holds ${MAX_SAVED_JOBS} paid tasks. Apply or discard some results, then run again.`,
  unreadable: 'Saved paid tasks could not be read on this computer. Nothing was sent; try again.',
  unwritable: 'This paid task could not be recorded on this computer. Nothing was sent; try again.',
} as const;

/** Why the ledger refused a change, as data the panel shows. */
export class LedgerError extends Error {
  constructor(readonly error: AppError) {
    super(error.message);
  }
}

export interface JobStore {
  /** Adds or replaces (by task id) one job; a full record also replaces its slot's "submit pending" marker. Rejects with a LedgerError when it cannot be kept. */
  saveAsync(job: SavedJob): Promise<void>;
  /** Removes these tasks; unknown ids are ignored. */
  forgetAsync(taskIds: readonly string[]): Promise<void>;
  /**
   * A frame job's result was written: removes its tasks. A variant set's one task (ui/jobs/shared-generation.ts)
   * stays until every member is written; until then it only notes this member, so a reopened panel writes the rest.
   */
  forgetJobAsync(jobId: string): Promise<void>;
  /** Every readable record; rejects when clientStorage cannot be read (never an empty list in its place). */
  listAsync(): Promise<SavedJob[]>;
  /** Marks the records `pick` chooses as taken by `claim` (in one write) and returns them as stored. */
  claimAsync(
    pick: (jobs: readonly SavedJob[]) => SavedJob[],
    claim: NonNullable<SavedJob['claim']>,
  ): Promise<SavedJob[]>;
}

interface Ledger {
  jobs: SavedJob[];
  /** Entries this version cannot read (a newer version's, or damaged): kept as they are. */
  foreign: unknown[];
}

type Change = (jobs: SavedJob[]) => SavedJob[];

interface QueuedChange {
  change: Change;
  resolve: (jobs: SavedJob[]) => void;
  reject: (error: unknown) => void;
}

export function createJobStore(storage: SandboxFigma['clientStorage'], key: string = JOBS_KEY): JobStore {
  // Changes made in the same turn, and those that arrive while a write is under way, are applied together in one
  // read-modify-write: 24 saves made at once cost one write, not 24 in a row, so a panel closed soon after its
  // submits keeps more of them.
  let queued: QueuedChange[] = [];
  let draining = false;

  async function readAsync(): Promise<Ledger> {
    let stored: unknown;
    try {
      stored = await storage.getAsync(key);
    } catch {
      throw new LedgerError(appError('storage-failed', LEDGER_MESSAGES.unreadable));
    }
    const ledger: Ledger = { jobs: [], foreign: [] };
    if (!Array.isArray(stored)) return ledger;
    for (const item of stored) {
      try {
        ledger.jobs.push(readSavedJob(item));
      } catch {
        ledger.foreign.push(item);
      }
    }
    return ledger;
  }

  async function applyAsync(changes: readonly Change[]): Promise<SavedJob[]> {
    const before = await readAsync();
    const after = changes.reduce((jobs, change) => change(jobs), before.jobs);
    if (after.length !== before.jobs.length || after.some((job, i) => job !== before.jobs[i])) {
      try {
        await storage.setAsync(key, [...after, ...before.foreign]);
      } catch {
        throw new LedgerError(appError('storage-failed', LEDGER_MESSAGES.unwritable));
      }
    }
    return after;
  }

  async function drainAsync(): Promise<void> {
    while (queued.length > 0) {
      const batch = queued;
      queued = [];
      try {
        const jobs = await applyAsync(batch.map((item) => item.change));
        for (const item of batch) item.resolve(jobs);
      } catch (error) {
        if (batch.length === 1) {
          batch[0]?.reject(error);
          continue;
        }
        // The combined change was refused (the ledger is full, or clientStorage's 5 MB quota): one change at a
        // time, so only the change that does not fit is refused.
        for (const item of batch) {
          try {
            item.resolve(await applyAsync([item.change]));
          } catch (single) {
            item.reject(single);
          }
        }
      }
    }
    draining = false;
  }

  function enqueueAsync(change: Change): Promise<SavedJob[]> {
    return new Promise((resolve, reject) => {
      queued.push({ change, resolve, reject });
      if (draining) return;
      // Started a microtask later (a resolved promise: the plugin sandbox has no queueMicrotask in its typings), so
      // every change made in this turn (a 'job/save' of a whole batch) shares the first write too.
      draining = true;
      void Promise.resolve().then(drainAsync);
    });
  }

  return {
    async saveAsync(job) {
      // Re-read through the parser: whatever the message carried, only SavedJob's own fields are stored.
      const clean = readSavedJob(job);
      await enqueueAsync((jobs) => {
        const kept = jobs.filter((other) => other.taskId !== clean.taskId && !replacesMarker(clean, other));
        if (kept.length >= MAX_SAVED_JOBS) throw new LedgerError(appError('storage-failed', LEDGER_MESSAGES.full));
        return [...kept, clean];
      });
    },
    async forgetAsync(taskIds) {
      const drop = new Set(taskIds);
      await enqueueAsync((jobs) => jobs.filter((job) => !drop.has(job.taskId)));
    },
    async forgetJobAsync(jobId) {
      await enqueueAsync((jobs) => jobs.flatMap((job) => afterWritten(job, jobId)));
    },
    listAsync() {
      return enqueueAsync((jobs) => jobs);
    },
    async claimAsync(pick, claim) {
      let claimed: SavedJob[] = [];
      await enqueueAsync((jobs) => {
        const chosen = new Set(pick(jobs).map((job) => job.taskId));
        const next = jobs.map((job) => (chosen.has(job.taskId) ? { ...job, claim } : job));
        claimed = next.filter((job) => chosen.has(job.taskId));
        return next;
      });
      return claimed;
    },
  };
}

/** The submit answered: its task's full record takes the place of the slot's marker. */
function replacesMarker(job: SavedJob, other: SavedJob): boolean {
  return (
    job.pending !== true && other.pending === true && other.jobId === job.jobId && other.candidate === job.candidate
  );
}

/** A record once `jobId`'s result is in the document: gone, kept as it is, or a set record with one member more written. */
function afterWritten(job: SavedJob, jobId: string): SavedJob[] {
  if (!job.set) return job.jobId === jobId ? [] : [job];
  if (!job.set.members.some((member) => member.jobId === jobId)) return [job];
  const written = [...new Set([...(job.set.written ?? []), jobId])];
  if (job.set.members.every((member) => written.includes(member.jobId))) return [];
  return [{ ...job, set: { ...job.set, written } }];
}
