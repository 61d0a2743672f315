// A FLUX task the panel submitted and has not written yet, kept in figma.clientStorage by the sandbox so a
// reopened plugin can fetch and write it (docs/figma-plugin-api.md, Other APIs "resume": {jobId, pollingUrl, nodeId, startedAt}).
// The API key is never part of it: clientStorage is readable by the user and by any later plugin version.
// Declared once as a valibot schema: the type, the 'job/save' and 'jobs/saved' checks and the storage reader
// (parse-saved-job.ts) all come from it (https://valibot.dev/guides/infer-types/).
import * as v from 'valibot';
import { IdSchema, finite, list, text, whole } from '../protocol/field-schemas';
import { TargetSchema } from '../selection/report';
import { MAX_VARIANTS } from '../variants/plan-variants';
import { SettingsSchema, type Settings } from '../settings';

export const MAX_CANDIDATES = 4;
/** Requests in one multi-pass outpaint, at most (a 4096 × 4096 frame around a small image needs a few dozen). */
export const MAX_PASSES = 200;
/**
 * Paid tasks the ledger holds at once, across every file. Never a silent cap: past it the sandbox refuses to record
 * a new task and the panel refuses to submit it (plugin/job-store.ts). A record is about 1 KB, so the ledger stays
 * far inside clientStorage's 5 MB (docs/figma-plugin-api.md, Other APIs).
 */
export const MAX_SAVED_JOBS = 1000;
const MAX_FILE_NAME_CHARS = 1000;
/**
 * A variant set painted by one task (ui/jobs/shared-generation.ts): every format's job id and frozen target, so a
 * reopened panel rebuilds the union canvas and each format's cut, and the job ids the sandbox has written already.
 */
export const SavedSetSchema = v.object({
  /** In the set's order; the record's own `jobId` and `target` are the first member's. */
  members: v.pipe(list(v.object({ jobId: IdSchema, target: TargetSchema }), MAX_VARIANTS), v.minLength(2)),
  /** Members whose cut is in the document: a reopened panel fetches the task for the others only. */
  written: v.optional(list(IdSchema, MAX_VARIANTS)),
});
export type SavedSet = v.InferOutput<typeof SavedSetSchema>;

/** A polling URL is an https/http URL of ordinary length; the client checks its origin before using it. */
const MAX_URL_CHARS = 4096;

/**
 * The settings a job ran with, minus the key (the reopened panel uses the key it has then). An object schema drops
 * keys it does not list (https://valibot.dev/guides/objects/), so a saved job never carries the key.
 */
export const JobSettingsSchema = v.omit(SettingsSchema, ['apiKey']);
export type JobSettings = v.InferOutput<typeof JobSettingsSchema>;

// An older version's `pending: false` reads as "not a marker" (https://valibot.dev/api/fallback/), and the checks
// across fields are reported on the field that is wrong (https://valibot.dev/api/forward/). The citations stay above the
// expression: comments inside it reach the unminified sandbox bundle, whose URLs test/security/bundle-scan.test.ts lists.
export const SavedJobSchema = v.pipe(
  v.object({
    /**
     * A "submit pending" marker: stored before the submit POST leaves, so a panel closed while the POST was in
     * flight is reported on reopen (BFL cannot list tasks, so the task id would be lost). `taskId` is then
     * `pendingTaskId(jobId, candidate)`, `pollingUrl` is empty, and the full record replaces it on answer.
     * Any value but `true` reads as "not a marker".
     */
    pending: v.fallback(v.optional(v.literal(true)), undefined),
    /** The frame's job id: 'job/start' froze the target under it, and 'job/result' writes under it. */
    jobId: IdSchema,
    /** The API's task id (unique per submitted task: one per candidate). */
    taskId: IdSchema,
    /** Exactly as the submit answered it (through the proxy): it may name a regional cluster (docs/bfl-api.md, The essentials). */
    pollingUrl: text(0, MAX_URL_CHARS),
    /** 0-based index of this result among the frame's candidates. */
    candidate: whole(0, MAX_CANDIDATES - 1),
    /** How many results were asked for this frame (1–4). */
    candidates: whole(1, MAX_CANDIDATES),
    /**
     * One request of a multi-pass outpaint (common/passes/plan-passes.ts): its place in the sequence. The frame's
     * passes share the job id and candidate 0; a reopened panel fetches those done and goes on from the next.
     */
    pass: v.optional(v.object({ index: whole(0, MAX_PASSES - 1), count: whole(2, MAX_PASSES) })),
    /** One task for a variant set: the set's members (the sandbox forgets the record once every one is written). */
    set: v.optional(SavedSetSchema),
    /** The target frozen at 'job/start': its fingerprint and plan make the resumed write-back as safe as a live one. */
    target: TargetSchema,
    settings: JobSettingsSchema,
    /** Milliseconds since the epoch when the API accepted the task. */
    submittedAt: finite(0, Number.MAX_SAFE_INTEGER),
    /** Credits the submit answer charged, when it said (docs/bfl-api.md, Submit response). */
    cost: v.nullable(finite(0, 1_000_000)),
    /**
     * The file the task belongs to (plugin/file-identity.ts), stamped by the sandbox when it stores the record; a
     * record is resumed only in its own file. Absent on records saved before files were told apart.
     */
    fileId: v.optional(IdSchema),
    /** The file's name when the task was saved, for "2 paid results are waiting in ‘Poster file’". */
    fileName: v.optional(text(0, MAX_FILE_NAME_CHARS)),
    /** The panel (plugin run) that took the record to fetch it, and when: a duplicated file must not fetch it too. */
    claim: v.optional(v.object({ session: IdSchema, at: finite(0, Number.MAX_SAFE_INTEGER) })),
  }),
  // Checks across fields, reported on the field that is wrong.
  v.forward(
    v.check((job) => job.candidate < job.candidates, 'beyond the candidates asked for'),
    ['candidate'],
  ),
  v.forward(
    v.check((job) => job.pass === undefined || job.pass.index < job.pass.count, 'beyond the passes planned'),
    ['pass'],
  ),
  v.forward(
    v.check((job) => job.set === undefined || job.set.members[0]?.jobId === job.jobId, 'not the set’s first member'),
    ['set'],
  ),
  // A marker has no polling URL yet: the submit had not answered.
  v.forward(
    v.check((job) => job.pending === true || job.pollingUrl !== '', 'empty'),
    ['pollingUrl'],
  ),
  v.transform((job) => {
    // Not a marker: no `pending` key at all, as before the entry was read.
    if (job.pending === undefined) delete job.pending;
    return job;
  }),
);
export type SavedJob = v.InferOutput<typeof SavedJobSchema>;

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
  return text.length <= 100
    ? text
    : 'FLUX never confirmed receiving a frame. It may have been charged; run it again if needed.';
}

/** The job ids of a set record still waiting to be written (every member of a set, none of a plain record). */
export function unwrittenMembers(job: SavedJob): SavedSet['members'] {
  if (!job.set) return [];
  const written = new Set(job.set.written ?? []);
  return job.set.members.filter((member) => !written.has(member.jobId));
}

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
