import { describe, expect, it } from 'vitest';
import { reduce } from '../../../ui/state/app-reducer';
import { INITIAL_STATE, type AppState } from '../../../ui/state/app-state';
import type { AppAction } from '../../../ui/state/app-action';
import { FLUX_SETTINGS, makeMeta, makeSelection, makeTarget } from '../support/ui-fixtures';

const run = (actions: AppAction[], from: AppState = INITIAL_STATE) => actions.reduce(reduce, from);
const began: AppAction = { type: 'job/began', job: { id: 'j1', nodeId: '1:2', nodeName: 'Hero banner', engine: 'flux' } };
const composed: AppAction = { type: 'job/composed', id: 'j1', result: { bytes: new Uint8Array([1, 2, 3]), meta: makeMeta() } };

describe('app reducer', () => {
  it('loads settings into both the saved settings and the form', () => {
    const s = run([{ type: 'settings/loaded', settings: FLUX_SETTINGS }]);
    expect(s.settingsLoaded).toBe(true);
    expect(s.settings).toEqual(FLUX_SETTINGS);
    expect(s.draft).toEqual(FLUX_SETTINGS);
  });

  it('keeps form edits out of the saved settings until saved', () => {
    const edited = run([{ type: 'settings/loaded', settings: FLUX_SETTINGS }, { type: 'settings/edited', patch: { feather: 0, mode: 'fast' } }]);
    expect(edited.settings.feather).toBe(FLUX_SETTINGS.feather);
    expect(edited.draft).toMatchObject({ feather: 0, mode: 'fast' });
    const saved = reduce(edited, { type: 'settings/saved' });
    expect(saved.settings).toMatchObject({ feather: 0, mode: 'fast' });
    expect(saved.draftSaved).toBe(true);
  });

  it('forgets a chosen frame that is no longer selected', () => {
    const a = makeTarget({ nodeId: 'a' });
    const b = makeTarget({ nodeId: 'b' });
    const chosen = run([{ type: 'selection/changed', selection: makeSelection([a, b]) }, { type: 'target/chosen', nodeId: 'b' }]);
    expect(chosen.chosenNodeId).toBe('b');
    expect(reduce(chosen, { type: 'selection/changed', selection: makeSelection([a]) }).chosenNodeId).toBeNull();
  });

  it('ignores choosing a frame that is not among the targets', () => {
    const s = run([{ type: 'selection/changed', selection: makeSelection([makeTarget({ nodeId: 'a' })]) }, { type: 'target/chosen', nodeId: 'zzz' }]);
    expect(s.chosenNodeId).toBeNull();
  });

  it('walks a job through its stages and records the cost the API reported', () => {
    const s = run([began, { type: 'job/stage', id: 'j1', stage: { kind: 'submitted', cost: 4.5 } }, { type: 'job/stage', id: 'j1', stage: { kind: 'generating', status: 'Pending', progress: 0.3 } }]);
    expect(s.job).toMatchObject({ phase: 'running', cost: 4.5, stage: { kind: 'generating', progress: 0.3 } });
  });

  it('does not start a second job while one runs', () => {
    const s = run([began, { type: 'job/began', job: { id: 'j2', nodeId: 'x', nodeName: 'Other', engine: 'offline' } }]);
    expect(s.job).toMatchObject({ phase: 'running', id: 'j1' });
  });

  it('ignores stages of a job that is not the current one', () => {
    const s = run([began, { type: 'job/stage', id: 'old', stage: { kind: 'downloading' } }]);
    expect(s.job).toMatchObject({ stage: { kind: 'starting' } });
  });

  it('keeps a made result when the write fails, so it can be written again', () => {
    const s = run([began, composed, { type: 'job/failed', id: 'j1', error: { code: 'write-failed', message: 'Figma could not add the image.' } }]);
    expect(s.job.phase).toBe('failed');
    expect(s.job.phase === 'failed' && s.job.result?.bytes).toEqual(new Uint8Array([1, 2, 3]));
    const retried = reduce(s, { type: 'job/write-retried', id: 'j1' });
    expect(retried.job).toMatchObject({ phase: 'running', stage: { kind: 'writing' } });
    const written = reduce(retried, { type: 'job/written', id: 'j1', outcome: { kind: 'written', nodeId: '1:2' } });
    expect(written.job).toMatchObject({ phase: 'done', meta: { cost: 4.5 } });
  });

  it('refuses to cancel once the result exists (its credits are spent)', () => {
    const s = run([began, composed, { type: 'job/cancel-requested', id: 'j1' }]);
    expect(s.job).toMatchObject({ phase: 'running', cancelling: false });
    const early = run([began, { type: 'job/cancel-requested', id: 'j1' }]);
    expect(early.job).toMatchObject({ cancelling: true });
  });

  it('opens Settings with the key field focused when the key is refused', () => {
    const s = run([began, { type: 'job/failed', id: 'j1', error: { code: 'api-key', message: 'Check your API key in Settings' } }]);
    expect(s.view).toBe('settings');
    expect(s.focus).toBe('api-key');
    expect(reduce(s, { type: 'focus/done' }).focus).toBeNull();
  });

  it('stays on the main view for other errors', () => {
    const s = run([began, { type: 'job/failed', id: 'j1', error: { code: 'network', message: 'Check the endpoint' } }]);
    expect(s.view).toBe('main');
    expect(s.job).toMatchObject({ phase: 'failed', result: null });
  });

  it('ignores a write confirmation for a job without a result', () => {
    const s = run([began, { type: 'job/written', id: 'j1', outcome: { kind: 'written', nodeId: '1:2' } }]);
    expect(s.job.phase).toBe('running');
  });

  it('dismisses a finished job but never a running one', () => {
    expect(run([began, { type: 'job/dismissed' }]).job.phase).toBe('running');
    expect(run([began, { type: 'job/failed', id: 'j1', error: { code: 'cancelled', message: 'Cancelled.' } }, { type: 'job/dismissed' }]).job.phase).toBe('idle');
  });

  it('records preview URLs and image failures by hash', () => {
    const s = run([
      { type: 'image/ready', hash: 'a', url: 'blob:a' },
      { type: 'image/failed', hash: 'b', error: { code: 'bytes-unavailable', message: 'Figma could not read this image' } },
    ]);
    expect(s.images['a']).toEqual({ status: 'ready', url: 'blob:a' });
    expect(s.images['b']).toMatchObject({ status: 'failed' });
  });
});
