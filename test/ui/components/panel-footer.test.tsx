// The footer's idle row: the engine beside the Outpaint button, and the prompt for this run (FLUX).
import { fireEvent, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import {
  FLUX_SETTINGS,
  OFFLINE_SETTINGS,
  footerRowActions,
  makePlan,
  makeRow,
  makeSelection,
  makeTarget,
  rowPatched,
} from '../support/ui-fixtures';
import { renderPanel } from '../support/render-panel';
import { estimateCredits } from '../../../common/batch/estimate-credits';

const selected = { type: 'selection/changed', selection: makeSelection([makeTarget()]) } as const;

describe('panel: the footer says what a click runs', () => {
  it('shows the engine and mode next to Outpaint, and opens Settings from there', () => {
    const { store } = renderPanel([
      { type: 'settings/loaded', settings: { ...FLUX_SETTINGS, mode: 'fast' } },
      selected,
    ]);
    const chip = screen.getByRole('button', { name: 'Engine: FLUX fast. Change engine' });
    expect(chip.textContent).toBe('FLUX fast');
    expect(chip.previousElementSibling?.textContent).toBe('Outpaint');
    // The header no longer repeats it.
    expect(document.querySelector('.header')?.textContent).not.toMatch(/FLUX/);
    fireEvent.click(chip);
    expect(store.getState().view).toBe('settings');
  });

  it('offers a prompt for this run with FLUX, starting from the default, and keeps the default in Settings', () => {
    const { store } = renderPanel([
      { type: 'settings/loaded', settings: { ...FLUX_SETTINGS, prompt: 'a beach' } },
      selected,
    ]);
    const prompt = screen.getByRole('textbox', { name: 'Prompt for this run' });
    expect((prompt as HTMLInputElement).value).toBe('a beach');
    fireEvent.input(prompt, { target: { value: 'a beach at dusk' } });
    expect(store.getState().runPrompt).toBe('a beach at dusk');
    expect(store.getState().settings.prompt).toBe('a beach');
    // Typed back to the default: the run follows Settings again.
    fireEvent.input(prompt, { target: { value: 'a beach' } });
    expect(store.getState().runPrompt).toBeNull();
  });

  it('has no prompt field for Offline, which takes no prompt', () => {
    renderPanel([{ type: 'settings/loaded', settings: OFFLINE_SETTINGS }, selected]);
    expect(screen.queryByRole('textbox', { name: 'Prompt for this run' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Engine: Offline. Change engine' })).toBeTruthy();
  });
});

describe('panel: the done footer after Keep draft', () => {
  const ready = { status: 'ready' as const, cost: 10, url: 'blob:r', width: 900, height: 420, error: null };
  const beside = {
    kind: 'placed-beside' as const,
    nodeId: '9:9',
    reason: {
      code: 'node-changed' as const,
      message: 'The frame changed after Outpaint started, so the result was placed beside it.',
    },
  };
  const doneWith = (draft: 'kept' | null) =>
    renderPanel([
      { type: 'settings/loaded', settings: FLUX_SETTINGS },
      selected,
      ...footerRowActions(makeRow({ nodeName: 'Hero', status: 'starting', stage: { kind: 'starting' } })),
      rowPatched('row-1', {
        status: 'done',
        candidates: [ready],
        applied: 0,
        outcome: beside,
        draft: draft === null ? null : { status: draft, url: 'blob:d', width: 900, height: 420, error: null },
      }),
    ]);

  it('says the kept draft stays in the frame and the paid FLUX result is beside it, not that the frame changed', () => {
    doneWith('kept');
    const footer = screen.getByRole('contentinfo', { name: 'Outpaint' });
    expect(footer.querySelector('.done-title')?.textContent).toBe(
      'Done — FLUX result beside your draft · 900 × 420 px · 10 credits',
    );
    expect(footer.textContent).toContain(
      'Your kept draft stays in “Hero”. The paid FLUX result is a new frame beside it, selected on the canvas.',
    );
    expect(footer.textContent).not.toContain('The frame changed');
  });

  it('still names a change the designer did not make as the reason', () => {
    doneWith(null);
    const footer = screen.getByRole('contentinfo', { name: 'Outpaint' });
    expect(footer.querySelector('.done-title')?.textContent).toMatch(/^Done — as a new frame · /);
    expect(footer.textContent).toContain('The frame changed after Outpaint started');
  });
});

describe('panel: the cost of the next click, beside the button', () => {
  it('shows the FLUX estimate at the end of the button row, where the click is', () => {
    renderPanel([{ type: 'settings/loaded', settings: FLUX_SETTINGS }, selected]);
    const button = screen.getByRole('button', { name: 'Outpaint' });
    const cost = button.parentElement?.querySelector('.run-cost');
    expect(cost?.textContent).toBe(`≈ ${estimateCredits(makePlan(), 'high')} credits`);
    expect(cost?.getAttribute('title')).toMatch(/credits per started megapixel/);
  });

  it('shows no cost for Offline, which is free, nor while Outpaint cannot run', () => {
    renderPanel([{ type: 'settings/loaded', settings: OFFLINE_SETTINGS }, selected]);
    expect(document.querySelector('.run-cost')).toBeNull();
    renderPanel([{ type: 'settings/loaded', settings: { ...FLUX_SETTINGS, apiKey: '' } }, selected]);
    expect(document.querySelector('.run-cost')).toBeNull();
  });
});
