import { act, fireEvent, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import type { AppError } from '../../../common/protocol/errors';
import type { AppAction } from '../../../ui/state/app-action';
import type { JobStage } from '../../../ui/state/job-stage';
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
import { MESSAGES } from '../../../ui/api/bfl-messages';

const setup: AppAction[] = [
  { type: 'settings/loaded', settings: FLUX_SETTINGS },
  { type: 'selection/changed', selection: makeSelection([makeTarget()]) },
  // The footer's Outpaint is a queue of one: its row, followed by the footer.
  ...footerRowActions(
    makeRow({ nodeId: '1:2', nodeName: 'Hero banner', status: 'starting', stage: { kind: 'starting' } }),
  ),
];
const stageAt = (
  status: 'preparing' | 'queued' | 'generating' | 'downloading' | 'composing',
  stage: JobStage,
): AppAction => rowPatched('row-1', { status, stage });
const composed: AppAction = rowPatched('row-1', {
  status: 'writing',
  stage: { kind: 'writing' },
  candidates: [{ status: 'ready', cost: 4.5, url: 'blob:result', width: 1200, height: 500, error: null }],
});
const fail = (error: AppError): AppAction => rowPatched('row-1', { status: 'failed', stage: null, error });
const written = (
  outcome: { kind: 'written'; nodeId: string } | { kind: 'placed-beside'; nodeId: string; reason: AppError },
): AppAction => rowPatched('row-1', { status: 'done', stage: null, outcome, applied: 0 });

describe('panel: job progress', () => {
  it('moves a real progress bar through the stages and names each one', () => {
    const { store } = renderPanel(setup);
    const bar = screen.getByRole('progressbar', { name: /Hero banner/ }) as HTMLProgressElement;
    const seen: number[] = [bar.value];
    const texts: string[] = [screen.getByRole('status').textContent ?? ''];
    const stages: AppAction[] = [
      stageAt('preparing', { kind: 'preparing' }),
      stageAt('generating', { kind: 'submitted', cost: 4.5 }),
      stageAt('generating', { kind: 'generating', status: 'Pending', progress: 0.1 }),
      stageAt('generating', { kind: 'generating', status: 'Generating', progress: 0.6 }),
      stageAt('downloading', { kind: 'downloading' }),
      stageAt('composing', { kind: 'composing' }),
      composed,
    ];
    for (const action of stages) {
      act(() => store.dispatch(action));
      seen.push((screen.getByRole('progressbar') as HTMLProgressElement).value);
      texts.push(screen.getByRole('status').textContent ?? '');
    }
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1] ?? Infinity);
    expect(new Set(texts).size).toBe(texts.length);
    expect(texts).toContain('Sent to FLUX · 4.5 credits');
    expect(texts).toContain('Queued at FLUX…');
    expect(texts).toContain('Generating 60 %');
  });

  it('cancels with the Cancel button and with Escape', () => {
    const { calls } = renderPanel(setup);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(calls).toEqual(['cancel', 'cancel']);
  });

  it('hides Cancel while the result is being written', () => {
    renderPanel([...setup, composed]);
    expect(screen.queryByRole('button', { name: 'Cancel' })).toBeNull();
  });

  it('says what was written, with its size and cost', () => {
    renderPanel([...setup, composed, written({ kind: 'written', nodeId: '1:2' })]);
    const footer = screen.getByRole('contentinfo', { name: 'Outpaint' });
    expect(footer.textContent).toContain('1200 × 500 px');
    expect(footer.textContent).toContain('4.5 credits');
    expect(footer.textContent).toContain('Written into “Hero banner”');
  });

  it.each([
    ['node-changed', 'The frame changed after Outpaint started, so the result was placed beside it.'],
    ['node-deleted', 'The frame was deleted, so the result was placed as a new frame.'],
  ] as const)('explains a result placed as a new frame (%s) in one sentence, and where it is', (code, message) => {
    renderPanel([...setup, composed, written({ kind: 'placed-beside', nodeId: '9:9', reason: { code, message } })]);
    const note = screen.getByRole('contentinfo', { name: 'Outpaint' }).querySelector('.footer-note');
    expect(note?.textContent).toBe(`${message} It is selected on the canvas.`);
  });

  it('tells the designer they may close the plugin once FLUX has the task, not before', () => {
    const { store } = renderPanel([...setup, stageAt('queued', { kind: 'sending' })]);
    const footer = () => screen.getByRole('contentinfo', { name: 'Outpaint' }).textContent ?? '';
    expect(footer()).toContain('Keep the plugin open until the task is sent.');
    expect(footer()).not.toContain('You can close the plugin');
    act(() => store.dispatch(stageAt('generating', { kind: 'generating', status: 'Pending', progress: null })));
    expect(footer()).toContain(
      'You can close the plugin — the result is fetched when you reopen it within a few minutes.',
    );
  });

  it('asks to keep the plugin open for the offline engine, which runs in the panel', () => {
    renderPanel([
      { type: 'settings/loaded', settings: OFFLINE_SETTINGS },
      { type: 'selection/changed', selection: makeSelection([makeTarget()]) },
      ...footerRowActions(
        makeRow({
          nodeId: '1:2',
          nodeName: 'Hero banner',
          engine: 'offline',
          status: 'generating',
          stage: { kind: 'generating', status: 'offline', progress: 0.4 },
        }),
      ),
    ]);
    const footer = screen.getByRole('contentinfo', { name: 'Outpaint' }).textContent ?? '';
    expect(footer).toContain('Keep the plugin open until it finishes.');
    expect(footer).not.toContain('You can close');
  });
});

describe('panel: errors with the next step', () => {
  it('network trouble offers to check the endpoint, focusing the field', () => {
    const { store } = renderPanel([
      ...setup,
      fail({ code: 'network', message: "Can't reach the endpoint — check it in Settings" }),
    ]);
    expect(screen.getByRole('alert').querySelector('.error-title')?.textContent).toBe("Can't reach the endpoint");
    expect(screen.getByRole('alert').querySelector('.error-message')?.textContent).toBe('Check it in Settings');
    fireEvent.click(screen.getByRole('button', { name: 'Check endpoint' }));
    expect(store.getState().view).toBe('settings');
    expect(document.activeElement).toBe(screen.getByLabelText('API endpoint'));
  });

  it('an address that answers, but not like FLUX, offers Check endpoint as well', () => {
    renderPanel([...setup, fail({ code: 'api-failed', message: MESSAGES.endpoint })]);
    expect(screen.getByRole('button', { name: 'Check endpoint' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });

  it('a refused key opens Settings with the key field focused and the reason beside it', () => {
    renderPanel([...setup, fail({ code: 'api-key', message: 'The API key was refused — check it in Settings' })]);
    const key = screen.getByLabelText('API key');
    expect(document.activeElement).toBe(key);
    expect(key.getAttribute('aria-invalid')).toBe('true');
    const description = (key.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent);
    expect(description).toContain('The API key was refused — check it in Settings');
  });

  it('shows the credits message with a way to try again', () => {
    const { calls, store } = renderPanel([
      ...setup,
      fail({ code: 'api-credits', message: 'Not enough credits — add credits in your BFL account' }),
    ]);
    expect(screen.getByRole('alert').textContent).toContain('Not enough credits');
    expect(screen.getByRole('alert').textContent).toContain('Add credits in your BFL account');
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(calls).toEqual(['outpaint']);
    expect(store.getState().batch.focusRowId).toBeNull();
  });

  it('shows the moderation reasons', () => {
    renderPanel([
      ...setup,
      fail({ code: 'api-moderated', message: 'FLUX declined this image (Sexual Content). Try another image' }),
    ]);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('FLUX declined this image');
    expect(alert.textContent).toContain('Sexual Content');
  });

  it('says what happened once: the title is the first sentence and the line under it the next step', () => {
    renderPanel([
      ...setup,
      fail({ code: 'api-credits', message: 'Not enough FLUX credits. Add credits at bfl.ai, then try again' }),
    ]);
    const alert = screen.getByRole('alert');
    expect(alert.querySelector('.error-title')?.textContent).toBe('Not enough FLUX credits');
    expect(alert.querySelector('.error-message')?.textContent).toBe('Add credits at bfl.ai, then try again');
    expect(alert.textContent?.match(/credits/gi)).toHaveLength(2);
  });

  it('shows a one-sentence message once, as the title', () => {
    renderPanel([...setup, fail({ code: 'engine-failed', message: 'The offline engine ran out of memory' })]);
    const alert = screen.getByRole('alert');
    expect(alert.querySelector('.error-title')?.textContent).toBe('The offline engine ran out of memory');
    expect(alert.querySelector('.error-message')).toBeNull();
  });

  it('offers to write a made result again when the write failed, and never drops it', () => {
    const { calls } = renderPanel([
      ...setup,
      composed,
      fail({ code: 'write-failed', message: 'Figma could not add the image' }),
    ]);
    expect(screen.getByRole('alert').textContent).toContain('The image is made but not written');
    expect(screen.queryByRole('button', { name: 'Dismiss' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Try writing again' }));
    expect(calls).toEqual(['retryWrite']);
  });

  it('offers to check a paid FLUX task again, never to run it again, when FLUX has not delivered yet', () => {
    const { calls } = renderPanel([
      ...setup,
      rowPatched('row-1', {
        status: 'failed',
        submitted: true,
        awaitingCheck: true,
        error: {
          code: 'api-timeout',
          message: 'FLUX has not delivered this paid result yet. Check again — it is not charged twice.',
        },
      }),
    ]);
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Dismiss' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Check again' }));
    expect(calls).toEqual(['checkAgain']);
  });
});

describe('panel: compare a single written result', () => {
  const doneSetup: AppAction[] = [...setup, composed, written({ kind: 'written', nodeId: '1:2' })];

  it('opens the compare view from the Done footer, with the result, no Apply, and Back to the panel', () => {
    const { store } = renderPanel(doneSetup, undefined, { withBatch: true });
    fireEvent.click(screen.getByRole('button', { name: 'Compare' }));
    const view = screen.getByRole('region', { name: 'Compare results for “Hero banner”' });
    expect(view.querySelector('image')?.getAttribute('href')).toBe('blob:result');
    expect(screen.queryByRole('button', { name: /Apply/ })).toBeNull();
    expect(view.textContent).toContain('written; Undo in Figma puts the original back');
    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    expect(store.getState().batch.open).toBe(false);
    expect(screen.getByText(/^Done/)).toBeTruthy();
  });

  it('shows no queue totals under a single result, which would count every run of the session', () => {
    renderPanel(doneSetup, undefined, { withBatch: true });
    fireEvent.click(screen.getByRole('button', { name: 'Compare' }));
    expect(screen.getByRole('region', { name: 'Compare results for “Hero banner”' })).toBeTruthy();
    expect(screen.queryByRole('contentinfo', { name: 'Queue' })).toBeNull();
    expect(document.body.textContent).not.toMatch(/\d+ of \d+ written/);
  });

  it('outlines the generated area and shows the seam at 100 % on demand', () => {
    renderPanel(doneSetup, undefined, { withBatch: true });
    fireEvent.click(screen.getByRole('button', { name: 'Compare' }));
    expect(document.querySelector('.compare-generated')).toBeNull();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Outline the generated area' }));
    // Canvas minus the image's place (x 134, 451 wide on the 720 × 300 plan): the generated bands.
    expect(document.querySelector('.compare-generated')?.getAttribute('d')).toBe(
      'M0 0H720V300H0Z M134 0h451v300h-451Z',
    );
    fireEvent.click(screen.getByRole('checkbox', { name: '100 % at the seam' }));
    const zoom = screen.getByRole('img', { name: /The seam at 100 %/ });
    const img = zoom.querySelector('img');
    // One result pixel per CSS pixel: the image at its own 1200 × 500 size, the seam in the middle of the box.
    expect([img?.getAttribute('width'), img?.getAttribute('height')]).toEqual(['1200', '500']);
    expect((img?.parentElement as HTMLElement | null)?.style.left).toBe('calc(50% - 975px)');
    expect(zoom.querySelector('.seam-zoom-kept')).toBeTruthy();
  });
});
