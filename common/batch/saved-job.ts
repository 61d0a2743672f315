// A FLUX task the panel submitted and has not written yet, kept in figma.clientStorage by the sandbox so a
// reopened plugin can fetch and write it (docs/figma-plugin-api.md, Other APIs "resume": {jobId, pollingUrl, nodeId, startedAt}).
// The API key is never part of it: clientStorage is readable by the user and by any later plugin version.
import type { Target } from '../selection/report';
import type { Settings } from '../settings';

/** The settings a job ran with, minus the key (the reopened panel uses the key it has then). */
export type JobSettings = Omit<Settings, 'apiKey'>;

export interface SavedJob {
  /** The frame's job id: 'job/start' froze the target under it, and 'job/result' writes under it. */
  jobId: string;
  /** The API's task id (unique per submitted task: one per candidate). */
  taskId: string;
  /** Exactly as the submit answered it (through the proxy): it may name a regional cluster (docs/bfl-api.md, The essentials). */
  pollingUrl: string;
  /** 0-based index of this result among the frame's candidates. */
  candidate: number;
  /** How many results were asked for this frame (1–4). */
  candidates: number;
  /** The target frozen at 'job/start': its fingerprint and plan make the resumed write-back as safe as a live one. */
  target: Target;
  settings: JobSettings;
  /** Milliseconds since the epoch when the API accepted the task. */
  submittedAt: number;
  /** Credits the submit answer charged, when it said (docs/bfl-api.md, Submit response). */
  cost: number | null;
  /**
   * A "submit pending" marker: stored before the submit POST leaves, so a panel closed while the POST was in
   * flight is reported on reopen (BFL cannot list tasks, so the task id would be lost). `taskId` is then
   * `pendingTaskId(jobId, candidate)`, `pollingUrl` is empty, and the full record replaces it on answer.
   */
  pending?: true;
}

/** The placeholder task id of a candidate's "submit pending" marker. */
export function pendingTaskId(jobId: string, candidate: number): string {
  return `pending-${jobId}-${candidate}`;
}

/**
 * "FLUX never confirmed receiving “Hero”…" — a marker is reported, never retried. Worded for both ways a marker
 * outlives its submit: the panel closed mid-send, or the submit failed ambiguously (5xx, dropped) while open.
 */
export function pendingJobMessage(nodeName: string): string {
  const text = `FLUX never confirmed receiving “${nodeName}”. It may have been charged; run it again if needed.`;
  return text.length <= 100 ? text : 'FLUX never confirmed receiving a frame. It may have been charged; run it again if needed.';
}

export const MAX_CANDIDATES = 4;

/** Drops the key (and anything else not in JobSettings) from settings before they are saved. */
export function jobSettingsOf(settings: Settings): JobSettings {
  return {
    engine: settings.engine,
    endpoint: settings.endpoint,
    mode: settings.mode,
    prompt: settings.prompt,
    outputFormat: settings.outputFormat,
    feather: settings.feather,
    concurrency: settings.concurrency,
  };
}
