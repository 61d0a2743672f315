// Saved FLUX tasks in figma.clientStorage, so a reopened plugin can fetch and write what a closed one paid for
// (figma-platform.md §5: "Store {jobId, pollingUrl, nodeId, startedAt} in clientStorage, so a relaunch within
// about 10 min can resume polling and write the result back"). One list under one key; every change is a
// read-modify-write, so the changes are queued one after another or parallel saves would drop each other.
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

export function createJobStore(storage: SandboxFigma['clientStorage'], key: string = JOBS_KEY): JobStore {
  let queue: Promise<unknown> = Promise.resolve();

  function serial<T>(work: () => Promise<T>): Promise<T> {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  }

  async function readAsync(): Promise<SavedJob[]> {
    try {
      return readSavedJobList(await storage.getAsync(key));
    } catch {
      return [];
    }
  }

  async function updateAsync(change: (jobs: SavedJob[]) => SavedJob[]): Promise<void> {
    const before = await readAsync();
    const after = change(before);
    if (after.length === before.length && after.every((job, i) => job === before[i])) return;
    await storage.setAsync(key, after);
  }

  return {
    saveAsync(job) {
      // Re-read through the parser: whatever the message carried, only SavedJob's own fields are stored.
      const clean = readSavedJob(job);
      return serial(() =>
        updateAsync((jobs) =>
          [...jobs.filter((other) => other.taskId !== clean.taskId && !replacesMarker(clean, other)), clean].slice(-MAX_SAVED_JOBS),
        ),
      );
    },
    forgetAsync(taskIds) {
      const drop = new Set(taskIds);
      return serial(() => updateAsync((jobs) => jobs.filter((job) => !drop.has(job.taskId))));
    },
    forgetJobAsync(jobId) {
      return serial(() => updateAsync((jobs) => jobs.filter((job) => job.jobId !== jobId)));
    },
    listAsync() {
      return serial(readAsync);
    },
  };
}

/** The submit answered: its task's full record takes the place of the slot's marker. */
function replacesMarker(job: SavedJob, other: SavedJob): boolean {
  return job.pending !== true && other.pending === true && other.jobId === job.jobId && other.candidate === job.candidate;
}
