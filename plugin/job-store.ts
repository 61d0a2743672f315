// Saved FLUX tasks in figma.clientStorage, so a reopened plugin can fetch and write what a closed one paid for
// (docs/figma-plugin-api.md, Other APIs: "Store {jobId, pollingUrl, nodeId, startedAt} in clientStorage, so a relaunch within
// about 10 min can resume polling and write the result back"). One list under one key; every change is a
// read-modify-write, so changes never overlap (parallel writes would drop each other's jobs).
import { MAX_SAVED_JOBS, readSavedJob, readSavedJobList } from '../common/batch/parse-saved-job';
import type { SavedJob } from '../common/batch/saved-job';
import type { SandboxFigma } from './sandbox-figma';

export const JOBS_KEY = 'outpaint.jobs';

export interface JobStore {
  /** Adds or replaces (by task id) one job; a full record also replaces its slot's "submit pending" marker. Rejects when clientStorage refuses the write. */
  saveAsync(job: SavedJob): Promise<void>;
  /** Removes these tasks; unknown ids are ignored. */
  forgetAsync(taskIds: readonly string[]): Promise<void>;
  /** Removes every task of a frame job (after its result was written). */
  forgetJobAsync(jobId: string): Promise<void>;
  listAsync(): Promise<SavedJob[]>;
}

type Change = (jobs: SavedJob[]) => SavedJob[];

interface QueuedChange {
  change: Change;
  resolve: (jobs: SavedJob[]) => void;
  reject: (error: unknown) => void;
}

export function createJobStore(storage: SandboxFigma['clientStorage'], key: string = JOBS_KEY): JobStore {
  // Changes that arrive while a write is under way are applied together in the next read-modify-write: 24 saves
  // made at once cost two writes, not 24 in a row, so a panel closed soon after its submits keeps more of them.
  let queued: QueuedChange[] = [];
  let draining = false;

  async function readAsync(): Promise<SavedJob[]> {
    try {
      return readSavedJobList(await storage.getAsync(key));
    } catch {
      return [];
    }
  }

  async function applyAsync(changes: readonly Change[]): Promise<SavedJob[]> {
    const before = await readAsync();
    const after = changes.reduce((jobs, change) => change(jobs), before);
    if (after.length !== before.length || after.some((job, i) => job !== before[i])) await storage.setAsync(key, after);
    return after;
  }

  async function drainAsync(): Promise<void> {
    draining = true;
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
        // clientStorage refused the combined write (its 5 MB quota): one change at a time, so only the change
        // that does not fit is refused.
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
      if (!draining) void drainAsync();
    });
  }

  return {
    async saveAsync(job) {
      // Re-read through the parser: whatever the message carried, only SavedJob's own fields are stored.
      const clean = readSavedJob(job);
      await enqueueAsync((jobs) =>
        [...jobs.filter((other) => other.taskId !== clean.taskId && !replacesMarker(clean, other)), clean].slice(-MAX_SAVED_JOBS),
      );
    },
    async forgetAsync(taskIds) {
      const drop = new Set(taskIds);
      await enqueueAsync((jobs) => jobs.filter((job) => !drop.has(job.taskId)));
    },
    async forgetJobAsync(jobId) {
      await enqueueAsync((jobs) => jobs.filter((job) => job.jobId !== jobId));
    },
    listAsync() {
      return enqueueAsync((jobs) => jobs);
    },
  };
}

/** The submit answered: its task's full record takes the place of the slot's marker. */
function replacesMarker(job: SavedJob, other: SavedJob): boolean {
  return job.pending !== true && other.pending === true && other.jobId === job.jobId && other.candidate === job.candidate;
}
