import { describe, expect, it } from 'vitest';
import { reduce, SWITCHED_TO_FLUX } from '../../../ui/state/app-reducer';
import { footerJob } from '../../../ui/state/footer-job';
import { runSettings } from '../../../ui/state/app-selectors';
import { INITIAL_STATE, type AppState } from '../../../ui/state/app-state';
import type { AppAction } from '../../../ui/state/app-action';
import {
  FLUX_SETTINGS,
  OFFLINE_SETTINGS,
  footerRowActions,
  makeRow,
  makeSelection,
  makeTarget,
  rowPatched,
} from '../support/ui-fixtures';

const run = (actions: AppAction[], from: AppState = INITIAL_STATE) => actions.reduce(reduce, from);

describe('app reducer', () => {
  it('loads the stored settings', () => {
    const s = run([{ type: 'settings/loaded', settings: FLUX_SETTINGS }]);
    expect(s.settingsLoaded).toBe(true);
    expect(s.settings).toEqual(FLUX_SETTINGS);
  });

  it('applies a change in Settings at once: there is no draft to lose by leaving', () => {
    const edited = run([
      { type: 'settings/loaded', settings: FLUX_SETTINGS },
      { type: 'settings/edited', patch: { feather: 0, mode: 'fast' } },
      { type: 'view/opened', view: 'main' },
    ]);
    expect(edited.settings).toMatchObject({ feather: 0, mode: 'fast' });
  });

  it('switches to FLUX, and says so, when a first key is typed with the engine on Offline', () => {
    const s = run([
      { type: 'settings/loaded', settings: OFFLINE_SETTINGS },
      { type: 'settings/edited', patch: { apiKey: 'b' } },
    ]);
    expect(s.settings.engine).toBe('flux');
    expect(s.settingsNotice).toBe(SWITCHED_TO_FLUX);
    // The rest of the key, then the designer picks Offline on purpose: it stays, and the notice goes.
    const back = run(
      [
        { type: 'settings/edited', patch: { apiKey: 'bfl-key' } },
        { type: 'settings/edited', patch: { engine: 'offline' } },
        { type: 'settings/edited', patch: { apiKey: 'bfl-key-2' } },
      ],
      s,
    );
    expect(back.settings.engine).toBe('offline');
    expect(back.settingsNotice).toBeNull();
  });

  it('leaves the engine alone when the key is not the first one, or the same change picks an engine', () => {
    const changedKey = run([
      { type: 'settings/loaded', settings: { ...FLUX_SETTINGS, engine: 'offline' } },
      { type: 'settings/edited', patch: { apiKey: 'other' } },
    ]);
    expect(changedKey.settings.engine).toBe('offline');
    const both = run([
      { type: 'settings/loaded', settings: OFFLINE_SETTINGS },
      { type: 'settings/edited', patch: { apiKey: 'k', engine: 'offline' } },
    ]);
    expect(both.settings.engine).toBe('offline');
    expect(both.settingsNotice).toBeNull();
  });

  it('drops the "key refused" footer once a new key is typed, but keeps a paid task waiting for Check again', () => {
    const refused = run([
      { type: 'settings/loaded', settings: FLUX_SETTINGS },
      ...footerRowActions(makeRow()),
      rowPatched('row-1', { status: 'failed', error: { code: 'api-key', message: 'FLUX refused the API key.' } }),
    ]);
    expect(footerJob(refused).phase).toBe('failed');
    expect(footerJob(reduce(refused, { type: 'settings/edited', patch: { mode: 'fast' } })).phase).toBe('failed');
    expect(footerJob(reduce(refused, { type: 'settings/edited', patch: { apiKey: 'new-key' } })).phase).toBe('idle');
    const paid = reduce(refused, rowPatched('row-1', { awaitingCheck: true }));
    expect(footerJob(reduce(paid, { type: 'settings/edited', patch: { apiKey: 'new-key' } })).phase).toBe('failed');
  });

  it('drops the "Done" footer once neither its frame nor the frame written into is selected', () => {
    const target = makeTarget({ nodeId: 'a' });
    const done = run([
      { type: 'selection/changed', selection: makeSelection([target]) },
      ...footerRowActions(makeRow({ nodeId: 'a' })),
      rowPatched('row-1', {
        status: 'done',
        outcome: { kind: 'written', nodeId: 'a' },
      }),
    ]);
    expect(footerJob(done).phase).toBe('done');
    const still = reduce(done, { type: 'selection/changed', selection: makeSelection([target]) });
    expect(footerJob(still).phase).toBe('done');
    const elsewhere = reduce(done, {
      type: 'selection/changed',
      selection: makeSelection([makeTarget({ nodeId: 'b' })]),
    });
    expect(footerJob(elsewhere).phase).toBe('idle');
  });

  it('keeps the prompt typed beside the button apart from the default prompt, and runs with it', () => {
    const s = run([
      { type: 'settings/loaded', settings: { ...FLUX_SETTINGS, prompt: 'a beach' } },
      { type: 'run-prompt/edited', prompt: 'a snowy beach' },
    ]);
    expect(s.settings.prompt).toBe('a beach');
    expect(runSettings(s).prompt).toBe('a snowy beach');
    expect(runSettings(reduce(s, { type: 'run-prompt/edited', prompt: null })).prompt).toBe('a beach');
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
