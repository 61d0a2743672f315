// The queue's pure reducer (ui/state/app-reducer.ts delegates { type: 'batch' } actions here).
import { MAX_CANDIDATES } from '../../common/batch/saved-job';
import type { BatchAction } from './batch-action';
import { ACTIVE_STATUSES, type BatchRow, type BatchState } from './batch-state';

function hasResults(row: BatchRow): boolean {
  return row.candidates.some((c) => c.status === 'ready') && row.status !== 'done';
}

export function reduceBatch(state: BatchState, action: BatchAction): BatchState {
  switch (action.type) {
    case 'candidates/set': {
      const count = Math.min(MAX_CANDIDATES, Math.max(1, Math.round(action.count)));
      return count === state.candidatesPerFrame ? state : { ...state, candidatesPerFrame: count };
    }
    case 'rows/added':
      return { ...state, open: action.open === false ? state.open : true, rows: [...state.rows, ...action.rows] };
    case 'focus/set':
      return state.focusRowId === action.rowId ? state : { ...state, focusRowId: action.rowId };
    case 'focus/cleared':
      return state.focusRowId === null ? state : { ...state, focusRowId: null };
    case 'elsewhere/set':
      return { ...state, elsewhere: action.files };
    case 'row/patched': {
      let changed = false;
      const rows = state.rows.map((row) => {
        if (row.rowId !== action.rowId) return row;
        changed = true;
        return { ...row, ...action.patch };
      });
      return changed ? { ...state, rows } : state;
    }
    case 'candidate/patched': {
      let changed = false;
      const rows = state.rows.map((row) => {
        if (row.rowId !== action.rowId || action.index < 0 || action.index >= row.candidates.length) return row;
        changed = true;
        const candidates = row.candidates.map((c, i) => (i === action.index ? { ...c, ...action.patch } : c));
        return { ...row, candidates };
      });
      return changed ? { ...state, rows } : state;
    }
    case 'rows/cleared': {
      // Unapplied results are kept until the panel closes (issue #5, item 4): only rows with nothing to offer go.
      const rows = state.rows.filter(
        (row) =>
          ACTIVE_STATUSES.has(row.status) ||
          row.status === 'choosing' ||
          hasResults(row) ||
          row.awaitingCheck ||
          row.rowId === state.focusRowId,
      );
      const comparing =
        state.comparing && rows.some((r) => r.rowId === state.comparing?.rowId) ? state.comparing : null;
      return { ...state, rows, comparing };
    }
    case 'queue/opened':
      return state.rows.length === 0 ? state : { ...state, open: true };
    case 'queue/closed':
      return { ...state, open: false, comparing: null };
    case 'compare/opened': {
      const row = state.rows.find((r) => r.rowId === action.rowId);
      if (!row || row.candidates[action.candidate]?.status !== 'ready') return state;
      return { ...state, open: true, comparing: { rowId: action.rowId, candidate: action.candidate } };
    }
    case 'compare/closed':
      return state.comparing === null ? state : { ...state, comparing: null };
    case 'credits/changed':
      return { ...state, credits: action.credits };
  }
}
