import { act, cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { Anchor, Placement } from '../../../common/variants/format-presets';
import type { VariantFormat } from '../../../common/variants/plan-variants';
import { DEFAULT_SETTINGS } from '../../../common/settings';
import { createAppStore } from '../../../ui/state/app-store';
import type { AppAction } from '../../../ui/state/app-action';
import { App } from '../../../ui/components/app';
import type { WorkflowCommands } from '../../../ui/variants/workflow-commands';
import { createWorkflowStore } from '../../../ui/variants/workflow-store';
import { recordingCommands } from '../support/render-panel';
import {
  FLUX_SETTINGS,
  OFFLINE_SETTINGS,
  footerRowActions,
  makeRow,
  makeSelection,
  makeTarget,
  rowPatched,
} from '../support/ui-fixtures';

afterEach(cleanup);

type Call =
  | { kind: 'variants'; nodeId: string; formats: VariantFormat[]; anchor: Anchor; generation?: string }
  | {
      kind: 'extend';
      nodeId: string;
      size: { width: number; height: number };
      placement: Placement;
      mode: 'resize' | 'new';
    };

function renderTab(view: 'variants' | 'extend', extra: AppAction[] = []) {
  const store = createAppStore();
  store.dispatch({ type: 'settings/loaded', settings: DEFAULT_SETTINGS });
  store.dispatch({ type: 'selection/changed', selection: makeSelection([makeTarget()]) });
  for (const action of extra) store.dispatch(action);
  const calls: Call[] = [];
  const workflow = createWorkflowStore();
  const commands: WorkflowCommands = {
    createVariants: (nodeId, formats, anchor, generation) =>
      calls.push({ kind: 'variants', nodeId, formats, anchor, ...(generation ? { generation } : {}) }),
    extend: (nodeId, size, placement, mode) => calls.push({ kind: 'extend', nodeId, size, placement, mode }),
    dismiss: () => workflow.set({ phase: 'idle' }),
    handleMessage: () => undefined,
  };
  render(<App store={store} commands={recordingCommands([])} workflows={{ store: workflow, commands }} />);
  fireEvent.click(screen.getByRole('tab', { name: view === 'variants' ? 'Variants' : 'Extend' }));
  return { calls, workflow, store };
}

describe('Variants tab', () => {
  it('creates the checked presets and a custom size, at the chosen anchor', () => {
    const { calls } = renderTab('variants');
    fireEvent.click(screen.getByRole('checkbox', { name: /Instagram story/ })); // on by default: now off
    fireEvent.click(screen.getByRole('checkbox', { name: /YouTube thumbnail/ }));
    fireEvent.input(screen.getByRole('spinbutton', { name: 'Custom width' }), { target: { value: '800' } });
    fireEvent.input(screen.getByRole('spinbutton', { name: 'Custom height' }), { target: { value: '600' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    fireEvent.click(screen.getByRole('radio', { name: 'Bottom Left' }));
    fireEvent.click(screen.getByRole('button', { name: 'Create 3 variants' }));
    expect(calls).toEqual([
      {
        kind: 'variants',
        nodeId: '1:2',
        formats: [
          { label: 'Instagram post', width: 1080, height: 1080 },
          { label: 'YouTube thumbnail', width: 1280, height: 720 },
          { label: 'Custom', width: 800, height: 600 },
        ],
        anchor: 'bottom-left',
        generation: 'one',
      },
    ]);
  });

  it('says why a custom size cannot be added', () => {
    renderTab('variants');
    fireEvent.input(screen.getByRole('spinbutton', { name: 'Custom width' }), { target: { value: '20000' } });
    fireEvent.input(screen.getByRole('spinbutton', { name: 'Custom height' }), { target: { value: '600' } });
    expect(screen.getByText('Keep each side at most 16384')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Add' }).hasAttribute('disabled')).toBe(true);
  });

  it('disables Create with the reason when no format is picked', () => {
    renderTab('variants');
    fireEvent.click(screen.getByRole('checkbox', { name: /Instagram post/ }));
    fireEvent.click(screen.getByRole('checkbox', { name: /Instagram story/ }));
    const button = screen.getByRole('button', { name: 'Create 0 variants' });
    expect(button.hasAttribute('disabled')).toBe(true);
    expect(screen.getByText('Pick at least one format')).toBeTruthy();
  });

  it('shows how the run ended and lets the designer dismiss it', () => {
    const { workflow } = renderTab('variants');
    workflow.set({ phase: 'finished', message: 'Made 2 frames; outpainted 2 of 2.' });
    return Promise.resolve().then(() => {
      expect(screen.getByRole('status').textContent).toContain('Made 2 frames; outpainted 2 of 2.');
      fireEvent.click(screen.getByRole('button', { name: 'OK' }));
      expect(screen.queryByText('Made 2 frames; outpainted 2 of 2.')).toBeNull();
    });
  });
});

describe('Extend tab', () => {
  it('extends to 16:9 by default with the image where it already sits', () => {
    const { calls } = renderTab('extend');
    expect(screen.getByText('New size 1200 × 675')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Extend and outpaint' }));
    const call = calls[0];
    expect(call?.kind === 'extend' ? [call.size, call.mode, call.placement.y] : null).toEqual([
      { width: 1200, height: 675 },
      'resize',
      0.5,
    ]);
  });

  it('moves the image with the arrow keys, in big steps with Shift, and announces where it is', () => {
    const { calls } = renderTab('extend');
    const surface = screen.getByRole('group', { name: /Image placement/ });
    fireEvent.keyDown(surface, { key: 'ArrowDown', shiftKey: true });
    fireEvent.keyDown(surface, { key: 'ArrowDown' });
    expect(surface.getAttribute('aria-label')).toBe('Image placement: 50% from the left, 61% from the top');
    fireEvent.click(screen.getByRole('button', { name: 'Extend and outpaint' }));
    const call = calls[0];
    expect(call?.kind === 'extend' ? call.placement.y : null).toBeCloseTo(0.61, 9);
  });

  it('snaps to an anchor and makes a new frame when asked', () => {
    const { calls } = renderTab('extend');
    fireEvent.click(screen.getByRole('radio', { name: '1:1' }));
    fireEvent.click(screen.getByRole('radio', { name: 'Top Right' }));
    fireEvent.click(screen.getByRole('radio', { name: 'New frame beside it' }));
    fireEvent.click(screen.getByRole('button', { name: 'Extend and outpaint' }));
    expect(calls).toEqual([
      { kind: 'extend', nodeId: '1:2', size: { width: 1200, height: 1200 }, placement: { x: 1, y: 0 }, mode: 'new' },
    ]);
  });

  it('takes a custom size and refuses one that leaves nothing to generate', () => {
    renderTab('extend');
    fireEvent.click(screen.getByRole('radio', { name: 'W×H' }));
    fireEvent.input(screen.getByRole('spinbutton', { name: 'New width' }), { target: { value: '700' } });
    fireEvent.input(screen.getByRole('spinbutton', { name: 'New height' }), { target: { value: '400' } });
    expect(screen.getByText('The image already fills that size. Pick a larger size or move the image.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Extend and outpaint' }).hasAttribute('disabled')).toBe(true);
  });

  it('asks for a selection when nothing is selected', () => {
    renderTab('extend', [{ type: 'selection/changed', selection: makeSelection([]) }]);
    expect(screen.getByText('Select a frame with an image')).toBeTruthy();
  });
});

describe('cost before the click', () => {
  it('shows one task for the whole set by default, and what each format costs on its own', () => {
    const { calls } = renderTab('variants', [{ type: 'settings/loaded', settings: FLUX_SETTINGS }]);
    // Written at 1 px per unit: the post is a 1080 × 1080 canvas, the story 1080 × 1920; each two started
    // megapixels, and their union (the story's canvas) too.
    expect(
      screen.getByText('≈ 20 credits (estimate), one FLUX task for all 2 formats (each on its own: ≈ 40)'),
    ).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Create 2 variants' }));
    expect(calls).toMatchObject([{ kind: 'variants', generation: 'one' }]);
    fireEvent.click(screen.getByRole('radio', { name: 'Each format on its own' }));
    expect(screen.getByRole('checkbox', { name: /Instagram post/ }).closest('label')?.textContent).toContain('≈ 20 cr');
    expect(screen.getByText('≈ 40 credits (estimate) for these 2 formats, one FLUX task each')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Create 2 variants' }));
    expect(calls[1]).toMatchObject({ kind: 'variants', generation: 'per-format' });
  });

  it('shows what extending costs with FLUX', () => {
    renderTab('extend', [{ type: 'settings/loaded', settings: FLUX_SETTINGS }]);
    expect(screen.getByText(/≈ 10 credits \(estimate\), one FLUX task/)).toBeTruthy();
  });

  it('shows no cost for the offline engine', () => {
    renderTab('variants', [{ type: 'settings/loaded', settings: OFFLINE_SETTINGS }]);
    expect(screen.queryByText(/credits \(estimate\)/)).toBeNull();
  });
});

describe('the engine beside each workflow button, as in the footer', () => {
  it.each([
    ['variants', 'Create 2 variants'],
    ['extend', 'Extend and outpaint'],
  ] as const)('%s: shows FLUX and its mode beside the button, and opens Settings from there', (view, button) => {
    const { store } = renderTab(view, [{ type: 'settings/loaded', settings: { ...FLUX_SETTINGS, mode: 'fast' } }]);
    const chip = screen.getByRole('button', { name: 'Engine: FLUX fast. Change engine' });
    expect(chip.previousElementSibling?.textContent).toBe(button);
    fireEvent.click(chip);
    expect(store.getState().view).toBe('settings');
  });

  it.each(['variants', 'extend'] as const)('%s: shows Offline when the offline engine runs it', (view) => {
    renderTab(view, [{ type: 'settings/loaded', settings: OFFLINE_SETTINGS }]);
    expect(screen.getByRole('button', { name: 'Engine: Offline. Change engine' })).toBeTruthy();
  });

  it('says a set costs nothing offline, instead of repeating the engine', () => {
    renderTab('variants', [{ type: 'settings/loaded', settings: OFFLINE_SETTINGS }]);
    expect(screen.getByText('Free: the offline engine paints each frame on this computer')).toBeTruthy();
    expect(screen.queryByText(/Outpainted with/)).toBeNull();
  });
});

describe('the end of an extend, said once', () => {
  it('leaves the undo advice to the workflow status line, which knows an undo also puts the size back', () => {
    const ready = { status: 'ready' as const, cost: 10, url: 'blob:r', width: 712, height: 400, error: null };
    const { workflow } = renderTab('extend', [
      { type: 'settings/loaded', settings: FLUX_SETTINGS },
      ...footerRowActions(makeRow({ nodeName: 'Hero', status: 'starting', stage: { kind: 'starting' } })),
      rowPatched('row-1', {
        status: 'done',
        candidates: [ready],
        applied: 0,
        outcome: { kind: 'written', nodeId: '1:2' },
      }),
    ]);
    act(() =>
      workflow.set({
        phase: 'finished',
        message: 'Extended and outpainted. One undo puts the frame back as it was. 10 credits charged.',
      }),
    );
    const footer = screen.getByRole('contentinfo', { name: 'Outpaint' });
    expect(footer.querySelector('.done-title')?.textContent).toBe('Done · 712 × 400 px · 10 credits');
    expect(footer.textContent).not.toMatch(/undo/i);
    expect(screen.getByText(/One undo puts the frame back as it was\. 10 credits charged\./)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Compare' })).toBeTruthy();
  });
});

describe('a running set, in view where the button is', () => {
  it('shows the set’s progress beside the disabled button instead of “busy”', () => {
    const { workflow } = renderTab('variants', [{ type: 'settings/loaded', settings: FLUX_SETTINGS }]);
    act(() => workflow.set({ phase: 'outpainting', index: 1, total: 3, name: '' }));
    const button = screen.getByRole('button', { name: 'Create 2 variants' });
    expect(button.hasAttribute('disabled')).toBe(true);
    expect(document.getElementById('variants-reason')?.textContent).toBe('Outpainting 3 frames at once: 1 of 3 done');
    expect(screen.queryByText('Outpaint is busy with the last request')).toBeNull();
    // Said once: not again in a status line above, and the set's new frames (now selected) are not asked away.
    expect(screen.getAllByText(/Outpainting 3 frames at once/)).toHaveLength(1);
    expect(screen.getByText('The new frames are selected on the canvas while they are outpainted.')).toBeTruthy();
  });
});

describe('a set is made from one image', () => {
  it('asks for the one source when several frames are selected (as right after a set), instead of building on the first', () => {
    const { calls } = renderTab('variants', [
      { type: 'settings/loaded', settings: FLUX_SETTINGS },
      {
        type: 'selection/changed',
        selection: makeSelection([
          makeTarget({ nodeId: '7:1', nodeName: 'Instagram post 1080×1080' }),
          makeTarget({ nodeId: '7:2', nodeName: 'Instagram story 1080×1920' }),
        ]),
      },
    ]);
    expect(screen.getByText('2 frames are selected, and a set is made from one image.')).toBeTruthy();
    // What to do is said once, beside the button it unblocks.
    expect(screen.getAllByText(/Select just the one image/)).toHaveLength(1);
    const create = screen.getByRole('button', { name: 'Create 2 variants' });
    expect(create.hasAttribute('disabled')).toBe(true);
    expect(document.getElementById('variants-reason')?.textContent).toBe(
      'Select just the one image to make the set from',
    );
    expect(screen.queryByText(/credits \(estimate\)/)).toBeNull();
    fireEvent.click(create);
    expect(calls).toEqual([]);
  });
});

describe('a running extend, said once', () => {
  it('leaves its progress to the footer: no "Outpainting…" box above and no "busy" under the button', () => {
    const { workflow } = renderTab('extend', [
      { type: 'settings/loaded', settings: FLUX_SETTINGS },
      ...footerRowActions(makeRow({ nodeName: 'Hero', status: 'starting', stage: { kind: 'starting' } })),
      rowPatched('row-1', { status: 'generating', stage: { kind: 'generating', status: 'Pending', progress: 0.2 } }),
    ]);
    act(() => workflow.set({ phase: 'outpainting', index: 0, total: 1, name: 'Hero' }));
    expect(screen.getByRole('contentinfo', { name: 'Outpaint' }).querySelector('progress')).toBeTruthy();
    expect(screen.queryByText(/^Outpainting/)).toBeNull();
    expect(screen.queryByText('Outpaint is busy with the last request')).toBeNull();
    expect(screen.getByRole('button', { name: 'Extend and outpaint' }).hasAttribute('disabled')).toBe(true);
  });
});
