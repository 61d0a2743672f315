// The queue in the panel (happy-dom): run options and estimates, rows, compare, the balance.
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { estimateCredits } from '../../../common/batch/estimate-credits';
import type { BatchCommands } from '../../../ui/batch/batch-commands';
import type { BatchRow, CandidateView } from '../../../ui/batch/batch-state';
import { App } from '../../../ui/components/app';
import type { AppAction } from '../../../ui/state/app-action';
import { createAppStore } from '../../../ui/state/app-store';
import { recordingCommands } from '../support/render-panel';
import {
  FLUX_SETTINGS,
  OFFLINE_SETTINGS,
  makePlan,
  makeRefusal,
  makeSelection,
  makeTarget,
} from '../support/ui-fixtures';

afterEach(cleanup);

function renderWithQueue(actions: AppAction[]) {
  const store = createAppStore();
  for (const action of actions) store.dispatch(action);
  const calls: string[] = [];
  const batch: BatchCommands = {
    run: () => calls.push('run'),
    retry: (rowId) => calls.push(`retry ${rowId}`),
    cancel: (rowId) => calls.push(`cancel ${rowId}`),
    cancelAll: () => calls.push('cancelAll'),
    apply: (rowId, candidate) => calls.push(`apply ${rowId} ${candidate}`),
    discard: (rowId) => calls.push(`discard ${rowId}`),
    refreshCredits: () => calls.push('refreshCredits'),
  };
  const view = render(<App store={store} commands={recordingCommands([])} batch={batch} />);
  return { ...view, store, calls };
}

const ready = (url: string, cost: number | null = 10): CandidateView => ({
  status: 'ready',
  cost,
  url,
  width: 720,
  height: 300,
  error: null,
});

function row(rowId: string, over: Partial<BatchRow> = {}): BatchRow {
  return {
    rowId,
    jobId: `job-${rowId}`,
    nodeId: rowId,
    nodeName: `Frame ${rowId}`,
    frame: { width: 720, height: 300 },
    plan: makePlan(),
    imageHash: 'hash-1',
    image: { width: 451, height: 300 },
    engine: 'flux',
    mode: 'high',
    status: 'waiting',
    progress: null,
    candidates: [],
    estimate: 10,
    error: null,
    outcome: null,
    applied: null,
    resumed: false,
    submitted: false,
    stage: null,
    cancelling: false,
    awaitingCheck: false,
    draft: null,
    setRowIds: null,
    ...over,
  };
}

const fluxLoaded: AppAction = { type: 'settings/loaded', settings: FLUX_SETTINGS };
const big = makePlan({ width: 2000, height: 1500 });

describe('running several frames', () => {
  it('lists every frame the footer counts as skipped: a refused node and a frame its image already fills', () => {
    renderWithQueue([
      { type: 'settings/loaded', settings: OFFLINE_SETTINGS },
      {
        type: 'selection/changed',
        selection: makeSelection(
          [
            makeTarget({ nodeId: 'a', nodeName: 'One' }),
            makeTarget({ nodeId: 'b', nodeName: 'Two' }),
            makeTarget({ nodeId: 'c', nodeName: 'Full', status: 'covered' }),
          ],
          [makeRefusal('Empty', 'no-image', 'Select a frame with an image')],
        ),
      },
    ]);
    expect(screen.getByText('2 skipped — listed above')).toBeTruthy();
    const listed = screen.getByRole('region', { name: 'Skipped' });
    expect([...listed.querySelectorAll('.refusal-name')].map((n) => n.textContent)).toEqual(['Empty', 'Full']);
  });

  it('offers one button for all selected frames, with the estimate per frame and for the batch', () => {
    const targets = [
      makeTarget({ nodeId: 'a', nodeName: 'Small' }),
      makeTarget({ nodeId: 'b', nodeName: 'Big', plan: big }),
    ];
    const { calls } = renderWithQueue([
      fluxLoaded,
      {
        type: 'selection/changed',
        selection: makeSelection(targets, [makeRefusal('Empty', 'no-image', 'Select a frame with an image')]),
      },
    ]);
    const total = estimateCredits(makePlan(), 'high') + estimateCredits(big, 'high');
    expect(screen.getByText(`≈ ${total} credits (estimate) for 2 frames × 1`)).toBeTruthy();
    expect(screen.getByText(`≈ ${estimateCredits(big, 'high')} credits (estimate)`)).toBeTruthy();
    const run = screen.getByRole('button', { name: 'Outpaint all 2 frames' });
    // The footer's count matches the list of what is left out.
    expect(screen.getByText('1 skipped — listed above')).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Skipped' }).querySelectorAll('li')).toHaveLength(1);
    expect(screen.getByRole('button', { name: 'Engine: FLUX high. Change engine' })).toBeTruthy();
    // The batch's cost also sits beside the button, where the click is, in case the list pushes it below the fold.
    expect(run.parentElement?.querySelector('.run-cost')?.textContent).toBe(`≈ ${total} credits`);
    // "Outpaint all" runs with the prompt typed beside it, like the single Outpaint.
    expect(screen.getByRole('textbox', { name: 'Prompt for this run' })).toBeTruthy();
    run.click();
    expect(calls).toEqual(['run']);
    expect(screen.queryByRole('button', { name: 'Outpaint' })).toBeNull();
  });

  it('multiplies the estimate by the results asked for, and runs a single frame through the queue then', () => {
    const { store } = renderWithQueue([
      fluxLoaded,
      { type: 'selection/changed', selection: makeSelection([makeTarget()]) },
    ]);
    expect(screen.getByRole('button', { name: 'Outpaint' })).toBeTruthy();
    const select = screen.getByRole('combobox', { name: 'Results per frame' });
    fireEvent.change(select, { target: { value: '3' } });
    expect(store.getState().batch.candidatesPerFrame).toBe(3);
    expect(
      screen.getByText(`≈ ${estimateCredits(makePlan(), 'high') * 3} credits (estimate) for 1 frame × 3`),
    ).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Make 3 results' })).toBeTruthy();
  });

  it('shows no price for the offline engine and keeps the key problem as the reason', () => {
    renderWithQueue([
      { type: 'settings/loaded', settings: OFFLINE_SETTINGS },
      {
        type: 'selection/changed',
        selection: makeSelection([makeTarget({ nodeId: 'a' }), makeTarget({ nodeId: 'b' })]),
      },
    ]);
    expect(screen.queryByText(/credit/)).toBeNull();
    cleanup();
    renderWithQueue([
      { type: 'settings/loaded', settings: { ...FLUX_SETTINGS, apiKey: '' } },
      {
        type: 'selection/changed',
        selection: makeSelection([makeTarget({ nodeId: 'a' }), makeTarget({ nodeId: 'b' })]),
      },
    ]);
    expect(screen.getByRole('button', { name: 'Outpaint all 2 frames' })).toHaveProperty('disabled', true);
    expect(screen.getByText('Add your API key in Settings, or switch to Offline')).toBeTruthy();
  });
});

describe('the queue', () => {
  const rows = [
    row('1', {
      status: 'generating',
      progress: 0.4,
      submitted: true,
      candidates: [{ ...ready('blob:x', null), status: 'pending', url: null }],
    }),
    row('2', {
      status: 'done',
      candidates: [ready('blob:r2', 20)],
      applied: 0,
      outcome: { kind: 'written', nodeId: '2' },
    }),
    row('3', {
      status: 'failed',
      error: { code: 'api-moderated', message: 'FLUX moderated the result. Try another image or prompt' },
    }),
    row('4', {
      status: 'skipped',
      error: { code: 'tile', message: 'Tiled images can’t be extended — set the fill to Fit' },
    }),
  ];
  const queued: AppAction[] = [fluxLoaded, { type: 'batch', action: { type: 'rows/added', rows } }];

  it('lists each frame with its status, size, cost and error, and refused frames as skipped with the reason', () => {
    renderWithQueue(queued);
    const list = screen.getByRole('region', { name: 'Queue' });
    const running = within(list).getByRole('listitem', { name: 'Frame 1' });
    expect(within(running).getByRole('status').textContent).toBe('Generating 40 %');
    expect(running.textContent).toContain('720 × 300 px');
    expect(running.textContent).toContain('≈ 10 credits (estimate)');
    expect(within(list).getByRole('listitem', { name: 'Frame 2' }).textContent).toContain('20 credits');
    expect(within(list).getByRole('listitem', { name: 'Frame 3' }).textContent).toContain('FLUX moderated the result');
    expect(screen.getByText('Tiled images can’t be extended — set the fill to Fit')).toBeTruthy();
    expect(screen.getByRole('contentinfo', { name: 'Queue' }).textContent).toContain('1 of 3 written');
  });

  it('sends Cancel and Retry to their own row, and Cancel all to every row', () => {
    const { calls } = renderWithQueue(queued);
    screen.getByRole('button', { name: 'Cancel “Frame 1”' }).click();
    screen.getByRole('button', { name: 'Retry “Frame 3”' }).click();
    screen.getByRole('button', { name: 'Cancel all' }).click();
    expect(calls).toEqual(['cancel 1', 'retry 3', 'cancelAll']);
    expect(screen.queryByRole('button', { name: 'Retry “Frame 2”' })).toBeNull();
  });
});

describe('comparing candidates', () => {
  const choosing = row('c', {
    status: 'choosing',
    submitted: true,
    candidates: [
      ready('blob:one', 10),
      ready('blob:two', 10),
      {
        status: 'failed',
        cost: 10,
        url: null,
        width: 0,
        height: 0,
        error: { code: 'api-moderated', message: 'FLUX moderated the result' },
      },
    ],
  });
  const actions: AppAction[] = [
    fluxLoaded,
    { type: 'image/ready', hash: 'hash-1', url: 'blob:original' },
    { type: 'batch', action: { type: 'rows/added', rows: [choosing] } },
  ];

  it('shows the chosen result over the original with a before/after divider that follows the slider', () => {
    const { container, store } = renderWithQueue(actions);
    fireEvent.click(screen.getByRole('button', { name: 'Compare results for “Frame c”' }));
    expect(store.getState().batch.comparing).toEqual({ rowId: 'c', candidate: 0 });
    const picture = screen.getByRole('img', { name: /Before and after: result 1/ });
    const hrefs = [...picture.querySelectorAll('image')].map((i) => i.getAttribute('href'));
    expect(hrefs).toEqual(['blob:one', 'blob:original']);
    // The original sits where the plan puts the reference on the canvas.
    const placed = picture.querySelector('svg');
    expect([placed?.getAttribute('x'), placed?.getAttribute('width')]).toEqual([
      String(makePlan().offsetX),
      String(makePlan().reference.width),
    ]);
    fireEvent.input(screen.getByRole('slider', { name: 'Before and after' }), { target: { value: '25' } });
    expect(container.querySelector('clipPath rect')?.getAttribute('width')).toBe(String(makePlan().width * 0.25));
    fireEvent.click(screen.getByRole('radio', { name: /Result 2/ }));
    expect(store.getState().batch.comparing?.candidate).toBe(1);
    expect([...screen.getByRole('img', { name: /result 2/ }).querySelectorAll('image')][0]?.getAttribute('href')).toBe(
      'blob:two',
    );
  });

  it('Apply writes the chosen one, Discard writes nothing', () => {
    const { calls } = renderWithQueue([
      ...actions,
      { type: 'batch', action: { type: 'compare/opened', rowId: 'c', candidate: 1 } },
    ]);
    screen.getByRole('button', { name: 'Apply result 2' }).click();
    screen.getByRole('button', { name: 'Discard' }).click();
    expect(calls).toEqual(['apply c 1', 'discard c']);
  });
});

describe('credit balance in Settings', () => {
  it('reads the balance only when asked and shows it in credits', () => {
    const { calls, store } = renderWithQueue([fluxLoaded, { type: 'view/opened', view: 'settings' }]);
    const region = screen.getByRole('region', { name: 'Credit balance' });
    expect(calls).toEqual([]);
    within(region).getByRole('button', { name: 'Check balance' }).click();
    expect(calls).toEqual(['refreshCredits']);
    act(() =>
      store.dispatch({
        type: 'batch',
        action: { type: 'credits/changed', credits: { status: 'known', credits: 1234.5 } },
      }),
    );
    expect(within(region).getByRole('status').textContent).toBe('1234.5 credits left (1 credit = $0.01)');
  });
});
