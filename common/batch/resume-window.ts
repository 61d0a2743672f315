// Which saved jobs are still worth fetching after the plugin reopens. A task's signed result link lives
// 10 minutes after the task completes (docs/bfl-api.md, Delivery URLs: "Our signed URLs are only valid for 10 minutes"); the
// completion time is unknown, but it is never before the submit, so a job younger than the window below
// still has a live link however fast it finished — with two minutes left for polling and the download.
import type { SavedJob } from './saved-job';

export const RESULT_LIFETIME_MS = 10 * 60_000;
export const RESUME_WINDOW_MS = 8 * 60_000;

export interface ResumeSplit {
  /** Saved jobs to poll and write, grouped by frame job (candidates of one frame stay together). */
  resumable: SavedJob[][];
  /** Too old to fetch: reported, never retried. */
  stale: SavedJob[][];
}

export function splitForResume(
  jobs: readonly SavedJob[],
  nowMs: number,
  windowMs: number = RESUME_WINDOW_MS,
): ResumeSplit {
  const byJob = new Map<string, SavedJob[]>();
  for (const job of jobs) {
    const group = byJob.get(job.jobId);
    if (group) group.push(job);
    else byJob.set(job.jobId, [job]);
  }
  const resumable: SavedJob[][] = [];
  const stale: SavedJob[][] = [];
  for (const group of byJob.values()) {
    group.sort((a, b) => a.candidate - b.candidate);
    // The oldest task decides: a frame is offered only when every one of its candidates can still be fetched.
    const oldest = Math.min(...group.map((job) => job.submittedAt));
    // A clock stepped back (a sync fixing a clock that ran fast) makes the age negative, by however much the clock was
    // off: the real age is unknown, so the task is tried, never declared expired — a poll is free, and FLUX itself
    // answers "Task not found" for one that is truly gone, which the resume reports. Declaring it expired here
    // would forget a paid result that may still be fetchable.
    const age = nowMs - oldest;
    (Math.max(0, age) < windowMs ? resumable : stale).push(group);
  }
  return { resumable, stale };
}

/** "A job from 14:02 expired before it could be fetched — run it again" (local time of the submit). */
export function staleJobMessage(
  job: { submittedAt: number; target: { nodeName: string } },
  timeOf: (ms: number) => string,
): string {
  const text = `“${job.target.nodeName}” from ${timeOf(job.submittedAt)} expired before it could be fetched — run it again`;
  return text.length <= 100
    ? text
    : `A job from ${timeOf(job.submittedAt)} expired before it could be fetched — run it again`;
}

/** 24-hour "HH:MM" in the local time zone, for the stale message. */
export function clockTime(ms: number): string {
  const date = new Date(ms);
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}
