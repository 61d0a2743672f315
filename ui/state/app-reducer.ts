// The panel's one reducer: pure, so tests drive it directly and components only render and dispatch.
import type { AppAction } from './app-action';
import type { AppState, JobState } from './app-state';
import { reduceBatch } from '../batch/batch-reducer';

export function reduce(state: AppState, action: AppAction): AppState {
  switch (action.type) {
    case 'settings/loaded':
      return { ...state, settingsLoaded: true, settings: action.settings, draft: action.settings, draftSaved: false };
    case 'settings/edited':
      return { ...state, draft: { ...state.draft, ...action.patch }, draftSaved: false };
    case 'settings/saved':
      return { ...state, settings: state.draft, draftSaved: true };
    case 'selection/changed': {
      const stillThere = action.selection.targets.some((t) => t.nodeId === state.chosenNodeId);
      return { ...state, selection: action.selection, chosenNodeId: stillThere ? state.chosenNodeId : null };
    }
    case 'target/chosen':
      return state.selection?.targets.some((t) => t.nodeId === action.nodeId) ? { ...state, chosenNodeId: action.nodeId } : state;
    case 'image/ready':
      return { ...state, images: { ...state.images, [action.hash]: { status: 'ready', url: action.url } } };
    case 'image/failed':
      return { ...state, images: { ...state.images, [action.hash]: { status: 'failed', error: action.error } } };
    case 'view/opened':
      return { ...state, view: action.view, focus: action.focus ?? null };
    case 'focus/done':
      return state.focus === null ? state : { ...state, focus: null };
    case 'job/began':
      if (state.job.phase === 'running') return state;
      return {
        ...state,
        job: { ...action.job, phase: 'running', stage: { kind: 'starting' }, cost: null, cancelling: false, result: null },
      };
    case 'job/stage': {
      const job = state.job;
      if (job.phase !== 'running' || job.id !== action.id) return state;
      const cost = action.stage.kind === 'submitted' ? action.stage.cost : job.cost;
      return { ...state, job: { ...job, stage: action.stage, cost } };
    }
    case 'job/composed': {
      const job = state.job;
      if (job.phase !== 'running' || job.id !== action.id) return state;
      // Once the result exists it is written, not cancelled: the credits are spent.
      return { ...state, job: { ...job, result: action.result, stage: { kind: 'writing' }, cancelling: false } };
    }
    case 'job/cancel-requested': {
      const job = state.job;
      if (job.phase !== 'running' || job.id !== action.id || job.result !== null) return state;
      return { ...state, job: { ...job, cancelling: true } };
    }
    case 'job/write-retried': {
      const job = state.job;
      if (job.phase !== 'failed' || job.id !== action.id || job.result === null) return state;
      const { error: _error, ...identity } = job;
      return { ...state, job: { ...identity, phase: 'running', stage: { kind: 'writing' }, cost: job.result.meta.cost, cancelling: false } };
    }
    case 'job/written': {
      const job = state.job;
      if (job.phase !== 'running' || job.id !== action.id || job.result === null) return state;
      const done: JobState = { phase: 'done', id: job.id, nodeId: job.nodeId, nodeName: job.nodeName, engine: job.engine, outcome: action.outcome, meta: job.result.meta };
      return { ...state, job: done };
    }
    case 'job/failed': {
      const job = state.job;
      if (job.phase !== 'running' || job.id !== action.id) return state;
      const failed: JobState = { phase: 'failed', id: job.id, nodeId: job.nodeId, nodeName: job.nodeName, engine: job.engine, error: action.error, result: job.result };
      // A refused key is fixed in Settings: open it with the key field focused (the error shows there too).
      if (action.error.code === 'api-key') return { ...state, job: failed, view: 'settings', focus: 'api-key' };
      return { ...state, job: failed };
    }
    case 'batch': {
      const batch = reduceBatch(state.batch, action.action);
      return batch === state.batch ? state : { ...state, batch };
    }
    case 'job/dismissed':
      return state.job.phase === 'done' || state.job.phase === 'failed' ? { ...state, job: { phase: 'idle' } } : state;
  }
}
