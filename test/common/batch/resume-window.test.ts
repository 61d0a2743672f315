import { describe, expect, it } from 'vitest';
import {
  RESULT_LIFETIME_MS,
  RESUME_WINDOW_MS,
  clockTime,
  splitForResume,
  staleJobMessage,
} from '../../../common/batch/resume-window';
import type { SavedJob } from '../../../common/batch/saved-job';
import { DEFAULT_SETTINGS } from '../../../common/settings';
import { makeTarget } from '../../ui/support/ui-fixtures';

const { apiKey: _key, ...settings } = DEFAULT_SETTINGS;
const job = (taskId: string, jobId: string, submittedAt: number, candidate = 0): SavedJob => ({
  jobId,
  taskId,
  pollingUrl: `https://api.bfl.ai/v1/get_result?id=${taskId}`,
  candidate,
  candidates: 2,
  target: makeTarget(),
  settings,
  submittedAt,
  cost: null,
});

describe('which saved jobs a reopened plugin fetches', () => {
  const now = 10_000_000;
  it('resumes jobs younger than the window and reports older ones, with time left before the link dies', () => {
    expect(RESUME_WINDOW_MS).toBeLessThan(RESULT_LIFETIME_MS);
    const split = splitForResume([job('a', 'fresh', now - 60_000), job('b', 'old', now - RESUME_WINDOW_MS)], now);
    expect(split.resumable.map((g) => g[0]?.jobId)).toEqual(['fresh']);
    expect(split.stale.map((g) => g[0]?.jobId)).toEqual(['old']);
  });

  it('keeps the candidates of one frame together, in order, and judges them by the oldest', () => {
    const split = splitForResume([job('b', 'f', now - 1000, 1), job('a', 'f', now - RESUME_WINDOW_MS - 1, 0)], now);
    expect(split.resumable).toEqual([]);
    expect(split.stale[0]?.map((j) => j.taskId)).toEqual(['a', 'b']);
  });

  it('still fetches a job when the clock was stepped back a little since it was saved', () => {
    expect(splitForResume([job('a', 'f', now + 1000)], now).resumable).toHaveLength(1);
    expect(splitForResume([job('a', 'f', now + 5 * 60_000)], now).resumable).toHaveLength(1);
  });

  it('tries a job dated further ahead than a whole window (a clock that ran fast, then fixed): FLUX tells if it is gone', () => {
    expect(splitForResume([job('a', 'f', now + RESUME_WINDOW_MS + 1)], now).resumable).toHaveLength(1);
    expect(splitForResume([job('a', 'f', now + 60 * 60_000)], now).resumable).toHaveLength(1);
  });

  it('names the frame and the local time in a message short enough for a notification', () => {
    const at = new Date(2026, 10, 25, 14, 2).getTime();
    expect(clockTime(at)).toBe('14:02');
    expect(staleJobMessage({ submittedAt: at, target: makeTarget({ nodeName: 'Hero' }) }, clockTime)).toBe(
      '“Hero” from 14:02 expired before it could be fetched — run it again',
    );
    const long = staleJobMessage({ submittedAt: at, target: makeTarget({ nodeName: 'x'.repeat(120) }) }, clockTime);
    expect(long).toBe('A job from 14:02 expired before it could be fetched — run it again');
  });
});
