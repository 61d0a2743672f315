// Reads a SavedJob from a message or from clientStorage (an older plugin version may have left other shapes).
// The result is rebuilt field by field, so nothing unlisted — an API key above all — survives a read.
import { nested, readNullableNumber, readNumber, readRecord, readString, type Fields } from '../protocol/parse-fields';
import { readTarget } from '../protocol/parse-sandbox-message';
import { readSettings } from '../protocol/parse-settings';
import { readId } from '../protocol/parse-ui-message';
import { MAX_CANDIDATES, jobSettingsOf, type JobSettings, type SavedJob } from './saved-job';

/** A polling URL is an https/http URL of ordinary length; the client checks its origin before using it. */
const MAX_URL_CHARS = 4096;
/** Jobs kept at once: 24 tasks in flight (docs/bfl-api.md, Rate limits and concurrency) times 4 candidates, with room to spare. */
export const MAX_SAVED_JOBS = 200;

export function readSavedJob(value: unknown): SavedJob {
  const fields = readRecord(value, 'job');
  const candidates = readNumber(fields, 'candidates', 1, MAX_CANDIDATES, { integer: true });
  const pending = fields.pending === true;
  return {
    ...(pending ? { pending: true as const } : {}),
    jobId: readId(fields, 'jobId'),
    taskId: readId(fields, 'taskId'),
    // A marker has no polling URL yet: the submit had not answered.
    pollingUrl: readString(fields, 'pollingUrl', pending ? 0 : 1, MAX_URL_CHARS),
    candidate: readNumber(fields, 'candidate', 0, candidates - 1, { integer: true }),
    candidates,
    target: nested('target', () => readTarget(fields.target)),
    settings: nested('settings', () => readJobSettings(fields.settings)),
    submittedAt: readNumber(fields, 'submittedAt', 0, Number.MAX_SAFE_INTEGER),
    cost: readNullableNumber(fields, 'cost', 0, 1_000_000),
  };
}

function readJobSettings(value: unknown): JobSettings {
  const fields: Fields = readRecord(value, 'settings');
  // readSettings checks every field; the key it needs is a blank placeholder that jobSettingsOf drops again.
  return jobSettingsOf(readSettings({ ...fields, apiKey: '' }, 'settings'));
}

/** Every readable job in a stored list; unreadable entries are dropped rather than blocking the rest. */
export function readSavedJobList(value: unknown): SavedJob[] {
  if (!Array.isArray(value)) return [];
  const jobs: SavedJob[] = [];
  for (const item of value.slice(0, MAX_SAVED_JOBS)) {
    try {
      jobs.push(readSavedJob(item));
    } catch {
      // a damaged or foreign entry: skip it
    }
  }
  return jobs;
}
