// The stages a job goes through, in order, and how far along the progress bar each one sits.
// FLUX statuses come from get_result (docs/bfl-api.md, Polling and statuses); the offline engine reports a fraction per pyramid level.
import type { EngineId } from '../../common/settings';

/** Which request of a multi-pass outpaint a stage belongs to (common/passes/plan-passes.ts). */
export interface PassStep {
  index: number;
  count: number;
}

export type JobStage =
  /** Asked the sandbox to freeze the target ('job/start'); waiting for 'job/started'. */
  | { kind: 'starting' }
  /** Cropping/scaling/encoding the reference. */
  | { kind: 'preparing' }
  /** Uploading the reference to the API (or waiting for a free task slot, docs/bfl-api.md, Rate limits and concurrency). */
  | { kind: 'sending'; pass?: PassStep }
  /** The API accepted the task; `cost` is in credits when the API sent it (docs/bfl-api.md, Submit response). */
  | { kind: 'submitted'; cost: number | null; pass?: PassStep }
  /** Polling: 'Pending' while queued, 'Generating'/'Reasoning' while working; progress 0..1 when the API sends it. */
  | { kind: 'generating'; status: string; progress: number | null; pass?: PassStep }
  | { kind: 'downloading'; pass?: PassStep }
  /** Pasting the original back over the generated image. */
  | { kind: 'composing' }
  /** Waiting for the sandbox to write the image into the frame. */
  | { kind: 'writing' };

export type JobStageKind = JobStage['kind'];

const RANGES: Record<JobStageKind, readonly [number, number]> = {
  starting: [0, 0.02],
  preparing: [0.02, 0.08],
  sending: [0.08, 0.1],
  submitted: [0.1, 0.12],
  // Ends short of downloading, so a bar at 100 % generating still moves when the download starts.
  generating: [0.12, 0.8],
  downloading: [0.82, 0.88],
  composing: [0.88, 0.95],
  writing: [0.95, 1],
};

/** Overall progress 0..1 for the bar; stages without their own fraction sit at the start of their range. */
export function stageFraction(stage: JobStage): number {
  const pass = 'pass' in stage ? stage.pass : undefined;
  if (pass) {
    // Passes share the span from sending to the end of downloading, one equal share each.
    const [start] = RANGES.sending;
    const [, end] = RANGES.downloading;
    const [from, to] = RANGES[stage.kind];
    const inner = (stageFraction(withoutPass(stage)) - from) / (to - from);
    const within = (from - start + inner * (to - from)) / (end - start);
    return start + ((end - start) * (pass.index + Math.min(1, Math.max(0, within)))) / pass.count;
  }
  const [from, to] = RANGES[stage.kind];
  // A queue has no percentage: FLUX's progress field means nothing while the task is Pending.
  if (stage.kind === 'generating' && stage.progress !== null && stage.status !== 'Pending') {
    const p = Math.min(1, Math.max(0, stage.progress));
    return from + (to - from) * p;
  }
  return from;
}

/** What the stage line says, e.g. "Queued at FLUX…" or "Generating 40 %". */
export function describeStage(stage: JobStage, engine: EngineId): string {
  const pass = 'pass' in stage ? stage.pass : undefined;
  if (pass) return `Pass ${pass.index + 1} of ${pass.count} · ${describeStage(withoutPass(stage), engine)}`;
  switch (stage.kind) {
    case 'starting':
      return 'Checking the frame…';
    case 'preparing':
      return 'Preparing the image…';
    case 'sending':
      return 'Sending to FLUX…';
    case 'submitted':
      return stage.cost === null ? 'Sent to FLUX' : `Sent to FLUX · ${formatCredits(stage.cost)}`;
    case 'generating': {
      if (stage.status === 'Pending' && engine !== 'offline') return 'Queued at FLUX…';
      const pct = stage.progress === null ? '' : ` ${Math.round(Math.min(1, Math.max(0, stage.progress)) * 100)} %`;
      if (engine === 'offline') return `Extending the background${pct}`;
      return `Generating${pct}`;
    }
    case 'downloading':
      return 'Downloading the result…';
    case 'composing':
      return 'Putting the original pixels back…';
    case 'writing':
      return 'Writing into the frame…';
  }
}

/** Credits as the API counts them (1 credit = $0.01, docs/bfl-api.md, Submit response). */
export function formatCredits(cost: number): string {
  const rounded = Math.round(cost * 100) / 100;
  return `${rounded} ${rounded === 1 ? 'credit' : 'credits'}`;
}

function withoutPass(stage: JobStage): JobStage {
  if (!('pass' in stage)) return stage;
  const copy = { ...stage };
  delete copy.pass;
  return copy;
}
