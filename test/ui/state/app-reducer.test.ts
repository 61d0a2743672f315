import { describe, expect, it } from 'vitest';
import { reduce } from '../../../ui/state/app-reducer';
import { INITIAL_STATE, type AppState } from '../../../ui/state/app-state';
import type { AppAction } from '../../../ui/state/app-action';
import {
  FLUX_SETTINGS,
  footerRowActions,
  makeRow,
  makeSelection,
  makeTarget,
  rowPatched,
} from '../support/ui-fixtures';

const run = (actions: AppAction[], from: AppState = INITIAL_STATE) => actions.reduce(reduce, from);

describe('app reducer', () => {
  it('loads settings into both the saved settings and the form', () => {
    const s = run([{ type: 'settings/loaded', settings: FLUX_SETTINGS }]);
    expect(s.settingsLoaded).toBe(true);
    expect(s.settings).toEqual(FLUX_SETTINGS);
    expect(s.draft).toEqual(FLUX_SETTINGS);
  });

  it('keeps form edits out of the saved settings until saved', () => {
    const edited = run([
      { type: 'settings/loaded', settings: FLUX_SETTINGS },
      { type: 'settings/edited', patch: { feather: 0, mode: 'fast' } },
    ]);
    expect(edited.settings.feather).toBe(FLUX_SETTINGS.feather);
    expect(edited.draft).toMatchObject({ feather: 0, mode: 'fast' });
    const saved = reduce(edited, { type: 'settings/saved' });
    expect(saved.settings).toMatchObject({ feather: 0, mode: 'fast' });
    expect(saved.draftSaved).toBe(true);
  });

  it('forgets a chosen frame that is no longer selected', () => {
    const a = makeTarget({ nodeId: 'a' });
    const b = makeTarget({ nodeId: 'b' });
    const chosen = run([
      { type: 'selection/changed', selection: makeSelection([a, b]) },
      { type: 'target/chosen', nodeId: 'b' },
    ]);
    expect(chosen.chosenNodeId).toBe('b');
    expect(reduce(chosen, { type: 'selection/changed', selection: makeSelection([a]) }).chosenNodeId).toBeNull();
  });

  it('ignores choosing a frame that is not among the targets', () => {
    const s = run([
      { type: 'selection/changed', selection: makeSelection([makeTarget({ nodeId: 'a' })]) },
      { type: 'target/chosen', nodeId: 'zzz' },
    ]);
    expect(s.chosenNodeId).toBeNull();
  });

  it('opens Settings with the key field focused when the footer job is refused the key', () => {
    const s = run([
      ...footerRowActions(makeRow()),
      rowPatched('row-1', { status: 'failed', error: { code: 'api-key', message: 'Check your API key in Settings' } }),
    ]);
    expect(s.view).toBe('settings');
    expect(s.focus).toBe('api-key');
    expect(reduce(s, { type: 'focus/done' }).focus).toBeNull();
  });

  it('stays on the main view for other errors, and for a queue row the footer does not follow', () => {
    const network = run([
      ...footerRowActions(makeRow()),
      rowPatched('row-1', { status: 'failed', error: { code: 'network', message: 'Check the endpoint' } }),
    ]);
    expect(network.view).toBe('main');
    const queued = run([
      { type: 'batch', action: { type: 'rows/added', rows: [makeRow({ rowId: 'q' })] } },
      rowPatched('q', { status: 'failed', error: { code: 'api-key', message: 'Check your API key in Settings' } }),
    ]);
    expect(queued.view).toBe('main');
  });

  it('records preview URLs and image failures by hash', () => {
    const s = run([
      { type: 'image/ready', hash: 'a', url: 'blob:a' },
      {
        type: 'image/failed',
        hash: 'b',
        error: { code: 'bytes-unavailable', message: 'Figma could not read this image' },
      },
    ]);
    expect(s.images['a']).toEqual({ status: 'ready', url: 'blob:a' });
    expect(s.images['b']).toMatchObject({ status: 'failed' });
  });
});
