// Every change to AppState is one of these; ui/state/app-reducer.ts handles each one.
import type { AppError } from '../../common/protocol/errors';
import type { ResultMeta, WriteOutcome } from '../../common/protocol/messages';
import type { SelectionReport } from '../../common/selection/report';
import type { Settings } from '../../common/settings';
import type { FocusTarget, JobIdentity, View } from './app-state';
import type { JobStage } from './job-stage';
import type { BatchAction } from '../batch/batch-action';

export type AppAction =
  | { type: 'settings/loaded'; settings: Settings }
  | { type: 'settings/edited'; patch: Partial<Settings> }
  | { type: 'settings/saved' }
  | { type: 'selection/changed'; selection: SelectionReport }
  | { type: 'target/chosen'; nodeId: string }
  | { type: 'image/ready'; hash: string; url: string }
  | { type: 'image/failed'; hash: string; error: AppError }
  | { type: 'view/opened'; view: View; focus?: FocusTarget }
  | { type: 'focus/done' }
  | { type: 'job/began'; job: JobIdentity }
  | { type: 'job/stage'; id: string; stage: JobStage }
  | { type: 'job/composed'; id: string; result: { bytes: Uint8Array; meta: ResultMeta } }
  | { type: 'job/cancel-requested'; id: string }
  /** The user asked to write a held result again after a failed write. */
  | { type: 'job/write-retried'; id: string }
  | { type: 'job/written'; id: string; outcome: WriteOutcome }
  | { type: 'job/failed'; id: string; error: AppError }
  | { type: 'job/dismissed' }
  /** The queue's own actions, reduced by ui/batch/batch-reducer.ts. */
  | { type: 'batch'; action: BatchAction };

export type AppActionType = AppAction['type'];
