// Every change to AppState is one of these; ui/state/app-reducer.ts handles each one.
import type { AppError } from '../../common/protocol/errors';
import type { SelectionReport } from '../../common/selection/report';
import type { Settings } from '../../common/settings';
import type { BorderView, FocusTarget, View } from './app-state';
import type { BatchAction } from '../batch/batch-action';

export type AppAction =
  | { type: 'settings/loaded'; settings: Settings }
  /** A change in Settings, applied at once (the command also stores it: ui/app/create-panel-commands.ts). */
  | { type: 'settings/edited'; patch: Partial<Settings> }
  /** The prompt field next to the Outpaint button; null goes back to the default prompt. */
  | { type: 'run-prompt/edited'; prompt: string | null }
  /** Passes or one request for big FLUX frames (ui/components/pass-choice.tsx). */
  | { type: 'settings/passes'; passes: 'steps' | 'single' }
  | { type: 'selection/changed'; selection: SelectionReport }
  | { type: 'target/chosen'; nodeId: string }
  | { type: 'image/ready'; hash: string; url: string }
  | { type: 'image/failed'; hash: string; error: AppError }
  | { type: 'view/opened'; view: View; focus?: FocusTarget }
  | { type: 'focus/done' }
  /** The offline engine's outlook for a frame's plan (ui/app/border-assessor.ts). */
  | { type: 'border/assessed'; key: string; view: BorderView }
  /** The frame jobs' actions, reduced by ui/batch/batch-reducer.ts. */
  | { type: 'batch'; action: BatchAction };

export type AppActionType = AppAction['type'];
