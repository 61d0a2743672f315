// The panel before an offline run on a busy edge (busy-border notice), and while FLUX works (the free draft).
import { fireEvent, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { EMPTY_CANDIDATE } from '../../../ui/batch/batch-state';
import { borderKey } from '../../../ui/state/border-outlook';
import {
  FLUX_SETTINGS,
  OFFLINE_SETTINGS,
  footerRowActions,
  makeRow,
  makeSelection,
  makeTarget,
  rowPatched,
} from '../support/ui-fixtures';
import { renderPanel } from '../support/render-panel';
import type { AppAction } from '../../../ui/state/app-action';

const target = makeTarget();
const busyRight: AppAction = { type: 'border/assessed', key: borderKey(target), view: { busySides: ['right'] } };
const offline = (apiKey: string): AppAction[] => [
  { type: 'settings/loaded', settings: { ...OFFLINE_SETTINGS, apiKey, endpoint: FLUX_SETTINGS.endpoint } },
  { type: 'selection/changed', selection: makeSelection([target]) },
];

describe('panel: where the offline result will be rough', () => {
  it('says so before the run and runs this frame once with FLUX on one click, the estimate on the button', () => {
    let runs = 0;
    renderPanel([...offline('test-key'), busyRight], undefined, { runWithFlux: () => (runs += 1) });
    expect(
      screen.getByText('Something detailed touches the right edge: the offline result will be rough there.'),
    ).toBeTruthy();
    const button = screen.getByRole('button', { name: /Use FLUX for this run · about \d+ credits/ });
    fireEvent.click(button);
    expect(runs).toBe(1);
    // The saved engine stays Offline: the engine chip beside the button says so.
    expect(screen.getByRole('button', { name: 'Engine: Offline. Change engine' })).toBeTruthy();
  });

  it('offers Settings with the key field focused when FLUX has no key', () => {
    const { store } = renderPanel([...offline(''), busyRight], undefined, { runWithFlux: () => undefined });
    expect(screen.queryByRole('button', { name: /Use FLUX/ })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Add a FLUX key in Settings' }));
    // Settings opens and moves focus to the key field (then clears the request).
    expect(store.getState().view).toBe('settings');
    expect(document.activeElement).toBe(screen.getByLabelText('API key'));
  });

  it('says nothing on a calm edge, or when FLUX is the engine', () => {
    renderPanel([...offline('test-key'), { ...busyRight, view: { busySides: [] } }]);
    expect(screen.queryByText(/offline result will be rough/)).toBeNull();
    renderPanel([
      { type: 'settings/loaded', settings: FLUX_SETTINGS },
      { type: 'selection/changed', selection: makeSelection([target]) },
      busyRight,
    ]);
    expect(screen.queryByText(/offline result will be rough/)).toBeNull();
  });
});

describe('panel: the free draft while FLUX works', () => {
  const flux: AppAction[] = [
    { type: 'settings/loaded', settings: FLUX_SETTINGS },
    { type: 'selection/changed', selection: makeSelection([target]) },
  ];
  const draftReady = {
    status: 'ready' as const,
    url: 'blob:draft',
    width: 720,
    height: 300,
    error: null,
  };

  it('shows the draft marked as a draft, with Keep draft and what keeping costs', () => {
    const kept: string[] = [];
    const row = makeRow({ draft: draftReady });
    renderPanel([...flux, ...footerRowActions(row)], undefined, {
      drafts: { keepDraftAsync: async (rowId) => void kept.push(rowId) },
    });
    const image = screen.getByRole('img', { name: 'The offline draft of the whole frame' });
    expect(image.getAttribute('src')).toBe('blob:draft');
    expect(screen.getByText('Draft · offline')).toBeTruthy();
    expect(screen.getByText(/FLUX result replaces it when it arrives/)).toBeTruthy();
    expect(screen.getByText(/at no cost\. The FLUX task already sent is charged as before/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Keep draft' }));
    expect(kept).toEqual([row.rowId]);
  });

  it('replaces the draft with the FLUX result when it arrives', () => {
    const row = makeRow({ draft: draftReady });
    const { container } = renderPanel([
      ...flux,
      ...footerRowActions(row),
      rowPatched(row.rowId, {
        status: 'writing',
        candidates: [{ ...EMPTY_CANDIDATE, status: 'ready', url: 'blob:flux', width: 720, height: 300 }],
      }),
    ]);
    expect(screen.getByRole('img', { name: 'The FLUX result' }).getAttribute('src')).toBe('blob:flux');
    expect(screen.getByText('FLUX result')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Keep draft' })).toBeNull();
    expect(container.querySelector('[data-draft="replaced"]')).not.toBeNull();
  });

  it('says where the paid result goes once the draft is kept', () => {
    const row = makeRow({ draft: { ...draftReady, status: 'kept' } });
    renderPanel([...flux, ...footerRowActions(row)]);
    expect(screen.getByText('Draft · kept')).toBeTruthy();
    expect(screen.getByText(/already paid\) will be placed beside it/)).toBeTruthy();
  });
});
