// The panel's one reducer: pure, so tests drive it directly and components only render and dispatch.
import type { AppAction } from './app-action';
import type { AppState } from './app-state';
import { reduceBatch } from '../batch/batch-reducer';

export function reduce(state: AppState, action: AppAction): AppState {
  switch (action.type) {
    case 'settings/loaded':
      return { ...state, settingsLoaded: true, settings: action.settings, draft: action.settings, draftSaved: false };
    case 'settings/edited':
      return { ...state, draft: { ...state.draft, ...action.patch }, draftSaved: false };
    case 'settings/passes':
      return {
        ...state,
        settings: { ...state.settings, passes: action.passes },
        draft: { ...state.draft, passes: action.passes },
      };
    case 'settings/saved':
      return { ...state, settings: state.draft, draftSaved: true };
    case 'selection/changed': {
      const stillThere = action.selection.targets.some((t) => t.nodeId === state.chosenNodeId);
      return { ...state, selection: action.selection, chosenNodeId: stillThere ? state.chosenNodeId : null };
    }
    case 'target/chosen':
      return state.selection?.targets.some((t) => t.nodeId === action.nodeId)
        ? { ...state, chosenNodeId: action.nodeId }
        : state;
    case 'image/ready':
      return { ...state, images: { ...state.images, [action.hash]: { status: 'ready', url: action.url } } };
    case 'image/failed':
      return { ...state, images: { ...state.images, [action.hash]: { status: 'failed', error: action.error } } };
    case 'view/opened':
      return { ...state, view: action.view, focus: action.focus ?? null };
    case 'focus/done':
      return state.focus === null ? state : { ...state, focus: null };
    case 'batch': {
      const batch = reduceBatch(state.batch, action.action);
      if (batch === state.batch) return state;
      // The footer's job refused the key: Settings opens with the key field focused (the error shows there too).
      const inner = action.action;
      if (
        inner.type === 'row/patched' &&
        inner.rowId === batch.focusRowId &&
        inner.patch.error?.code === 'api-key' &&
        inner.patch.status === 'failed'
      ) {
        return { ...state, batch, view: 'settings', focus: 'api-key' };
      }
      return { ...state, batch };
    }
  }
}
