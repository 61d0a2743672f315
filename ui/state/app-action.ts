// Every change to AppState is one of these; ui/state/app-reducer.ts handles each one.
import type { AppError } from '../../common/protocol/errors';
import type { SelectionReport } from '../../common/selection/report';
import type { Settings } from '../../common/settings';
import type { FocusTarget, View } from './app-state';
import type { BatchAction } from '../batch/batch-action';

export type AppAction =
  | { type: 'settings/loaded'; settings: Settings }
  | { type: 'settings/edited'; patch: Partial<Settings> }
  /** Passes or one request for big FLUX frames (ui/components/pass-choice.tsx): for this session, draft untouched. */
  | { type: 'settings/passes'; passes: 'steps' | 'single' }
  | { type: 'settings/saved' }
  | { type: 'selection/changed'; selection: SelectionReport }
  | { type: 'target/chosen'; nodeId: string }
  | { type: 'image/ready'; hash: string; url: string }
  | { type: 'image/failed'; hash: string; error: AppError }
  | { type: 'view/opened'; view: View; focus?: FocusTarget }
  | { type: 'focus/done' }
  /** The frame jobs' actions, reduced by ui/batch/batch-reducer.ts. */
  | { type: 'batch'; action: BatchAction };

export type AppActionType = AppAction['type'];
