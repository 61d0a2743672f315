import { describe, expect, it } from 'vitest';
import { reduce } from '../../../ui/state/app-reducer';
import { INITIAL_STATE, type AppState } from '../../../ui/state/app-state';
import type { AppAction } from '../../../ui/state/app-action';
import { COVERED_HINT, NOTHING_SELECTED, chosenTarget, runBlocker } from '../../../ui/state/app-selectors';
import {
  FLUX_SETTINGS,
  OFFLINE_SETTINGS,
  makePlan,
  makeRefusal,
  makeSelection,
  makeTarget,
} from '../support/ui-fixtures';

const run = (actions: AppAction[]): AppState => actions.reduce(reduce, INITIAL_STATE);

describe('run blocker', () => {
  it('waits for Figma before anything can run', () => {
    expect(runBlocker(INITIAL_STATE)).toMatch(/Connecting/);
  });

  it('asks for a frame with an image when nothing is selected', () => {
    expect(runBlocker(run([{ type: 'settings/loaded', settings: OFFLINE_SETTINGS }]))).toBe(NOTHING_SELECTED);
    expect(NOTHING_SELECTED).toBe('Select a frame with an image');
  });

  it('gives the refusal reason when every selected node was refused', () => {
    const s = run([
      { type: 'settings/loaded', settings: OFFLINE_SETTINGS },
      {
        type: 'selection/changed',
        selection: makeSelection(
          [],
          [makeRefusal('Pattern', 'tile', 'Tiled fills repeat already — set the fill to Fit or Crop')],
        ),
      },
    ]);
    expect(runBlocker(s)).toBe('Tiled fills repeat already — set the fill to Fit or Crop');
  });

  it('explains a covered frame with the next step', () => {
    const s = run([
      { type: 'settings/loaded', settings: OFFLINE_SETTINGS },
      { type: 'selection/changed', selection: makeSelection([makeTarget({ status: 'covered' })]) },
    ]);
    expect(runBlocker(s)).toBe(COVERED_HINT);
    expect(COVERED_HINT).toBe('This image already fills the frame — make the frame bigger or set the fill to Fit');
  });

  it('asks for a key before FLUX can run, and lets Offline run without one', () => {
    const selection = makeSelection([makeTarget()]);
    const noKey = run([
      { type: 'settings/loaded', settings: { ...FLUX_SETTINGS, apiKey: '  ' } },
      { type: 'selection/changed', selection },
    ]);
    expect(runBlocker(noKey)).toMatch(/API key/);
    const offline = run([
      { type: 'settings/loaded', settings: OFFLINE_SETTINGS },
      { type: 'selection/changed', selection },
    ]);
    expect(runBlocker(offline)).toBeNull();
  });

  it('asks for an endpoint URL when it is not one', () => {
    const s = run([
      { type: 'settings/loaded', settings: { ...FLUX_SETTINGS, endpoint: 'proxy' } },
      { type: 'selection/changed', selection: makeSelection([makeTarget()]) },
    ]);
    expect(runBlocker(s)).toMatch(/endpoint/);
  });

  it('refuses fast mode when the plan says fast mode cannot take the image', () => {
    const target = makeTarget({ plan: makePlan({ fastMode: { allowed: false, problems: ['needs an edge'] } }) });
    const s = run([
      { type: 'settings/loaded', settings: { ...FLUX_SETTINGS, mode: 'fast' } },
      { type: 'selection/changed', selection: makeSelection([target]) },
    ]);
    expect(runBlocker(s)).toMatch(/switch to High/);
    expect(runBlocker(reduce(s, { type: 'settings/loaded', settings: { ...FLUX_SETTINGS, mode: 'high' } }))).toBeNull();
  });

  it('passes on the reason Figma could not deliver the image', () => {
    const s = run([
      { type: 'settings/loaded', settings: OFFLINE_SETTINGS },
      { type: 'selection/changed', selection: makeSelection([makeTarget()]) },
      {
        type: 'image/failed',
        hash: 'hash-1',
        error: { code: 'bytes-unavailable', message: 'Figma could not read this image — re-import it' },
      },
    ]);
    expect(runBlocker(s)).toBe('Figma could not read this image — re-import it');
  });

  it('runs the chosen target, else the first', () => {
    const s = run([
      {
        type: 'selection/changed',
        selection: makeSelection([makeTarget({ nodeId: 'a' }), makeTarget({ nodeId: 'b' })]),
      },
    ]);
    expect(chosenTarget(s)?.nodeId).toBe('a');
    expect(chosenTarget(reduce(s, { type: 'target/chosen', nodeId: 'b' }))?.nodeId).toBe('b');
  });
});
