// Reads a SavedJob from a message or from clientStorage (an older plugin version may have left other shapes).
// SavedJobSchema builds a new object of its own fields, so nothing unlisted — an API key above all — survives a read.
import * as v from 'valibot';
import { FIRST_ISSUE } from '../protocol/parse-result';
import { MAX_SAVED_JOBS, SavedJobSchema, type SavedJob } from './saved-job';

export { MAX_SAVED_JOBS };

/** Throws (a ValiError) when `value` is not a saved job. */
export function readSavedJob(value: unknown): SavedJob {
  return v.parse(SavedJobSchema, value, FIRST_ISSUE);
}

/** Every readable job in a stored list; unreadable entries are dropped rather than blocking the rest. */
export function readSavedJobList(value: unknown): SavedJob[] {
  if (!Array.isArray(value)) return [];
  const jobs: SavedJob[] = [];
  for (const item of value.slice(0, MAX_SAVED_JOBS)) {
    const result = v.safeParse(SavedJobSchema, item, FIRST_ISSUE);
    // a damaged or foreign entry is skipped
    if (result.success) jobs.push(result.output);
  }
  return jobs;
}
