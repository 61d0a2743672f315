import { describe, expect, it } from 'vitest';
import { reduce } from '../../../ui/state/app-reducer';
import { INITIAL_STATE, type AppState } from '../../../ui/state/app-state';
import type { AppAction } from '../../../ui/state/app-action';
import { borderKey, busyBorderMessage, busyBorderOutlook, extensionOf } from '../../../ui/state/border-outlook';
import {
  FLUX_SETTINGS,
  OFFLINE_SETTINGS,
  footerRowActions,
  makePlan,
  makeRow,
  makeSelection,
  makeTarget,
} from '../support/ui-fixtures';

const run = (actions: AppAction[], from: AppState = INITIAL_STATE) => actions.reduce(reduce, from);
const target = makeTarget();
const chosen = (settings = OFFLINE_SETTINGS): AppAction[] => [
  { type: 'settings/loaded', settings },
  { type: 'selection/changed', selection: makeSelection([target]) },
];
const assessed = (sides: ('left' | 'right' | 'top' | 'bottom')[], key = borderKey(target)): AppAction => ({
  type: 'border/assessed',
  key,
  view: { busySides: sides },
});

describe('busy-border outlook', () => {
  it('stores an assessment under its key and warns before an offline run on that frame', () => {
    const state = run([...chosen(), assessed(['right'])]);
    expect(state.borders[borderKey(target)]).toEqual({ busySides: ['right'] });
    expect(busyBorderOutlook(state)).toEqual({
      sides: ['right'],
      message: 'Something detailed touches the right edge: the offline result will be rough there.',
    });
  });

  it('says nothing when every side is fine, with FLUX chosen, while a job runs, or for another plan', () => {
    expect(busyBorderOutlook(run([...chosen(), assessed([])]))).toBeNull();
    expect(busyBorderOutlook(run([...chosen(FLUX_SETTINGS), assessed(['right'])]))).toBeNull();
    expect(busyBorderOutlook(run([...chosen(), assessed(['right']), ...footerRowActions(makeRow())]))).toBeNull();
    const moved = makeTarget({ plan: makePlan({ offsetX: 100 }) });
    const other = run([
      ...chosen(),
      assessed(['right']),
      { type: 'selection/changed', selection: makeSelection([moved]) },
    ]);
    expect(busyBorderOutlook(other)).toBeNull();
  });

  it('names several busy sides in one sentence short enough for figma.notify', () => {
    const message = busyBorderMessage(['left', 'right', 'top', 'bottom']);
    expect(message).toBe('Something detailed touches every edge: the offline result will be rough there.');
    expect(busyBorderMessage(['left', 'top'])).toContain('the left and top edges');
    expect(busyBorderMessage(['left', 'right', 'bottom'])).toContain('the left, right and bottom edges');
    for (const sides of [['left'], ['left', 'top'], ['left', 'right', 'bottom']] as const) {
      expect(busyBorderMessage(sides).length).toBeLessThanOrEqual(100);
    }
  });

  it('measures the extension on each side of the plan, none where the reference overhangs', () => {
    expect(extensionOf(makePlan())).toEqual({ left: 134, right: 135, top: 0, bottom: 0 });
    expect(
      extensionOf(
        makePlan({ width: 500, height: 400, offsetX: -20, offsetY: 50, reference: { width: 600, height: 300 } }),
      ),
    ).toEqual({ left: 0, right: 0, top: 50, bottom: 50 });
  });
});
