// Every change to BatchState; AppAction carries them as { type: 'batch', action }.
import type { BatchRow, CandidateView, CreditsView } from './batch-state';

export type BatchAction =
  | { type: 'candidates/set'; count: number }
  | { type: 'rows/added'; rows: BatchRow[] }
  | { type: 'row/patched'; rowId: string; patch: Partial<Omit<BatchRow, 'rowId'>> }
  | { type: 'candidate/patched'; rowId: string; index: number; patch: Partial<CandidateView> }
  /** Finished rows without results (done, failed without results, skipped, stale, cancelled) leave the list. */
  | { type: 'rows/cleared' }
  | { type: 'queue/opened' }
  | { type: 'queue/closed' }
  | { type: 'compare/opened'; rowId: string; candidate: number }
  | { type: 'compare/closed' }
  | { type: 'credits/changed'; credits: CreditsView };
