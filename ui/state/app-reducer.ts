// The panel's one reducer: pure, so tests drive it directly and components only render and dispatch.
import type { Settings } from '../../common/settings';
import type { SelectionReport } from '../../common/selection/report';
import type { AppAction } from './app-action';
import { footerJob } from './footer-job';
import type { AppState } from './app-state';
import { reduceBatch } from '../batch/batch-reducer';

export const SWITCHED_TO_FLUX = 'Engine switched to FLUX now that a key is set. Pick Offline to run without it.';

/**
 * A typed key means "use FLUX": the first key (none before) turns the engine to FLUX and says so, unless the same
 * change picks an engine itself. Without this a designer who pastes a key gets an offline result (issue #13).
 */
function editSettings(state: AppState, patch: Partial<Settings>): AppState {
  const settings = { ...state.settings, ...patch };
  const firstKey =
    patch.apiKey !== undefined &&
    patch.engine === undefined &&
    state.settings.apiKey.trim() === '' &&
    settings.apiKey.trim() !== '' &&
    settings.engine === 'offline';
  const next = firstKey
    ? { ...state, settings: { ...settings, engine: 'flux' as const }, settingsNotice: SWITCHED_TO_FLUX }
    : { ...state, settings, settingsNotice: patch.engine !== undefined ? null : state.settingsNotice };
  // "FLUX refused the API key" is answered by a new key: the footer goes back to its button. A paid task waiting
  // for a check keeps its footer (Check again), so nothing paid is lost from view.
  const job = footerJob(state);
  const answered =
    patch.apiKey !== undefined &&
    job.phase === 'failed' &&
    job.error.code === 'api-key' &&
    !job.held &&
    !job.awaitingCheck &&
    patch.apiKey.trim() !== state.settings.apiKey.trim();
  return answered ? { ...next, batch: reduceBatch(next.batch, { type: 'focus/cleared' }) } : next;
}

/** A finished job's "Done" belongs to its frame: once neither it nor the frame written into is selected, it goes. */
function doneIsStale(state: AppState, selection: SelectionReport): boolean {
  const job = footerJob(state);
  if (job.phase !== 'done') return false;
  const selected = new Set([...selection.targets.map((t) => t.nodeId), ...selection.refusals.map((r) => r.nodeId)]);
  return !selected.has(job.nodeId) && !selected.has(job.outcome.nodeId);
}

export function reduce(state: AppState, action: AppAction): AppState {
  switch (action.type) {
    case 'settings/loaded':
      return { ...state, settingsLoaded: true, settings: action.settings, settingsNotice: null };
    case 'settings/edited':
      return editSettings(state, action.patch);
    case 'run-prompt/edited':
      return { ...state, runPrompt: action.prompt };
    case 'settings/passes':
      return { ...state, settings: { ...state.settings, passes: action.passes } };
    case 'selection/changed': {
      const stillThere = action.selection.targets.some((t) => t.nodeId === state.chosenNodeId);
      const batch = doneIsStale(state, action.selection)
        ? reduceBatch(state.batch, { type: 'focus/cleared' })
        : state.batch;
      return { ...state, batch, selection: action.selection, chosenNodeId: stillThere ? state.chosenNodeId : null };
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
    case 'border/assessed':
      return { ...state, borders: { ...state.borders, [action.key]: action.view } };
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
