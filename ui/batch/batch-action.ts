// Every change to BatchState; AppAction carries them as { type: 'batch', action }.
import type { WaitingElsewhere } from '../../common/batch/ledger-by-file';
import type { BatchRow, CandidateView, CreditsView } from './batch-state';

export type BatchAction =
  | { type: 'candidates/set'; count: number }
  /** Opens the queue view unless `open` is false (the footer's single Outpaint and workflows stay where they are). */
  | { type: 'rows/added'; rows: BatchRow[]; open?: boolean }
  /** The footer follows this row. */
  | { type: 'focus/set'; rowId: string }
  /** The footer goes back to its Outpaint button (OK on a finished job). */
  | { type: 'focus/cleared' }
  | { type: 'elsewhere/set'; files: WaitingElsewhere[] }
  | { type: 'row/patched'; rowId: string; patch: Partial<Omit<BatchRow, 'rowId'>> }
  | { type: 'candidate/patched'; rowId: string; index: number; patch: Partial<CandidateView> }
  /** Finished rows without results (done, failed without results, skipped, stale, cancelled) leave the list. */
  | { type: 'rows/cleared' }
  | { type: 'queue/opened' }
  | { type: 'queue/closed' }
  | { type: 'compare/opened'; rowId: string; candidate: number }
  | { type: 'compare/closed' }
  | { type: 'credits/changed'; credits: CreditsView };
