// Everything the panel shows, as plain data. Image bytes stay outside: previews are URLs, and composed results
// are held by the job engine (ui/jobs/job-engine.ts) until the sandbox confirms the write.
import type { AppError } from '../../common/protocol/errors';
import type { SelectionReport } from '../../common/selection/report';
import { DEFAULT_SETTINGS, type Settings } from '../../common/settings';
import { INITIAL_BATCH, type BatchState } from '../batch/batch-state';
import type { BorderSide } from '../../common/engine/assess-border';

export type ImageEntry = { status: 'ready'; url: string } | { status: 'failed'; error: AppError };

/**
 * The offline engine's outlook for one frame's plan (common/engine/assess-border.ts), by `borderKey`: the extended
 * sides where its result will be rough (a subject touches that edge). Empty when every side is fine.
 */
export interface BorderView {
  busySides: BorderSide[];
}

/** 'variants' and 'extend' are the workflow panels in ui/variants/. */
export type View = 'main' | 'settings' | 'variants' | 'extend';

/** A field the panel should move keyboard focus to (e.g. the key field after a 401). */
export type FocusTarget = 'api-key' | 'endpoint';

export interface AppState {
  /** False until 'settings/loaded' arrives: the sandbox answers 'ui/ready' with it. */
  settingsLoaded: boolean;
  /** Applied as they change, as Figma's own panels do: there is no draft and no Save button to forget. */
  settings: Settings;
  /** Said once under the settings after the panel changed one by itself (a first key switches to FLUX). */
  settingsNotice: string | null;
  /** The prompt typed next to the Outpaint button for the next runs; null uses the default prompt in Settings. */
  runPrompt: string | null;
  selection: SelectionReport | null;
  /** The target the Outpaint button runs on; the first target when unset or gone. */
  chosenNodeId: string | null;
  images: Readonly<Record<string, ImageEntry>>;
  view: View;
  focus: FocusTarget | null;
  /** Busy-border assessments by `borderKey` (ui/app/border-assessor.ts): the panel warns before an offline run. */
  borders: Readonly<Record<string, BorderView>>;
  /** Every frame job and its candidates: the one state model the engine drives (ui/jobs/, ui/batch/batch-state.ts). */
  batch: BatchState;
}

export const INITIAL_STATE: AppState = {
  settingsLoaded: false,
  settings: DEFAULT_SETTINGS,
  settingsNotice: null,
  runPrompt: null,
  selection: null,
  chosenNodeId: null,
  images: {},
  view: 'main',
  focus: null,
  borders: {},
  batch: INITIAL_BATCH,
};
