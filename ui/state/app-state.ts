// Everything the panel shows, as plain data. Image bytes for the preview stay outside (object URLs only),
// except a finished result that was not written yet: a paid result must never be lost.
import type { AppError } from '../../common/protocol/errors';
import type { ResultMeta, WriteOutcome } from '../../common/protocol/messages';
import type { SelectionReport } from '../../common/selection/report';
import { DEFAULT_SETTINGS, type EngineId, type Settings } from '../../common/settings';
import type { JobStage } from './job-stage';
import { INITIAL_BATCH, type BatchState } from '../batch/batch-state';

export type ImageEntry = { status: 'ready'; url: string } | { status: 'failed'; error: AppError };

/** A composed image waiting to be written, kept until the sandbox confirms it. */
export interface HeldResult {
  bytes: Uint8Array;
  meta: ResultMeta;
}

export interface JobIdentity {
  id: string;
  nodeId: string;
  nodeName: string;
  engine: EngineId;
}

export type JobState =
  | { phase: 'idle' }
  | (JobIdentity & { phase: 'running'; stage: JobStage; cost: number | null; cancelling: boolean; result: HeldResult | null })
  | (JobIdentity & { phase: 'done'; outcome: WriteOutcome; meta: ResultMeta })
  /** `result` is set when the image was made but not written: the panel offers "Try writing again". */
  | (JobIdentity & { phase: 'failed'; error: AppError; result: HeldResult | null });

/** 'variants' and 'extend' are the workflow panels in ui/variants/. */
export type View = 'main' | 'settings' | 'variants' | 'extend';

/** A field the panel should move keyboard focus to (e.g. the key field after a 401). */
export type FocusTarget = 'api-key' | 'endpoint';

export interface AppState {
  /** False until 'settings/loaded' arrives: the sandbox answers 'ui/ready' with it. */
  settingsLoaded: boolean;
  settings: Settings;
  /** What the settings form shows; saved into `settings` by 'settings/saved'. */
  draft: Settings;
  /** True right after a save, until the form is edited again. */
  draftSaved: boolean;
  selection: SelectionReport | null;
  /** The target the Outpaint button runs on; the first target when unset or gone. */
  chosenNodeId: string | null;
  images: Readonly<Record<string, ImageEntry>>;
  job: JobState;
  view: View;
  focus: FocusTarget | null;
  /** The queue of frames and their candidates (ui/batch/). */
  batch: BatchState;
}

export const INITIAL_STATE: AppState = {
  settingsLoaded: false,
  settings: DEFAULT_SETTINGS,
  draft: DEFAULT_SETTINGS,
  draftSaved: false,
  selection: null,
  chosenNodeId: null,
  images: {},
  job: { phase: 'idle' },
  view: 'main',
  focus: null,
  batch: INITIAL_BATCH,
};
