import { fireEvent, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { FLUX_SETTINGS, OFFLINE_SETTINGS, makePlan, makeSelection, makeTarget } from '../support/ui-fixtures';
import { renderPanel } from '../support/render-panel';
import { passPlanFor } from '../../../ui/jobs/run-passes';
import { SELECTION_NOTES } from '../../../common/selection/selection-messages';

// A square image in a 4:1 frame: three times its own area to make.
const banner = makePlan({
  width: 4000,
  height: 1000,
  offsetX: 1500,
  offsetY: 0,
  crop: { x: 0, y: 0, width: 1000, height: 1000 },
  reference: { width: 1000, height: 1000 },
  scale: 1,
  limitedBy: [],
  output: { width: 4000, height: 1000, offsetX: 1500, offsetY: 0, scale: 1 },
  megapixels: 4,
});

// A 3000 × 2000 frame around a 2000 × 1500 image: 6 MP, so one request is generated at 83 % and enlarged.
const poster = makePlan({
  width: 2496,
  height: 1664,
  offsetX: 416,
  offsetY: 208,
  crop: { x: 0, y: 0, width: 2000, height: 1500 },
  reference: { width: 1664, height: 1248 },
  scale: 0.832,
  limitedBy: ['api-max-pixels'],
  output: { width: 3000, height: 2000, offsetX: 500, offsetY: 250, scale: 1 },
  megapixels: 4.15,
});

const selected = (plan = banner) => ({
  type: 'selection/changed' as const,
  selection: makeSelection([makeTarget({ nodeName: 'Banner', plan })]),
});

describe('panel: passes or one request, before the click', () => {
  it('shows the passes with their estimated credits and time next to the single request', () => {
    renderPanel([{ type: 'settings/loaded', settings: FLUX_SETTINGS }, selected()]);
    const region = screen.getByRole('region', { name: 'Passes' });
    expect(region.textContent).toContain('The new area is 3.0× the image: 3 steps of at most 1× each.');
    expect(region.textContent).toContain('In 3 passes');
    expect(region.textContent).toContain('≈ 60 credits (estimate) · about 45 s');
    expect(region.textContent).toContain('One pass');
    expect(region.textContent).toContain('≈ 40 credits (estimate) · about 15 s');
    expect(region.textContent).toContain('All 3.0× in one request. As before.');
    expect(screen.getByRole('radio', { name: /In 3 passes/ })).toHaveProperty('checked', true);
  });

  it('past 4 MP, says the passes keep full resolution where one request would be enlarged', () => {
    renderPanel([{ type: 'settings/loaded', settings: FLUX_SETTINGS }, selected(poster)]);
    const region = screen.getByRole('region', { name: 'Passes' });
    expect(region.textContent).toContain('FLUX makes 4 MP at most: 4 passes keep the new area at full resolution.');
    expect(region.textContent).toContain('Generated at 83 % and enlarged. As before.');
  });

  it('choosing one pass makes the next run a single request, as before', () => {
    const { store } = renderPanel([{ type: 'settings/loaded', settings: FLUX_SETTINGS }, selected()]);
    expect(passPlanFor(banner, store.getState().settings)?.passes).toHaveLength(3);
    fireEvent.click(screen.getByRole('radio', { name: /One pass/ }));
    expect(store.getState().settings.passes).toBe('single');
    expect(passPlanFor(banner, store.getState().settings)).toBeNull();
    expect(screen.getByRole('radio', { name: /One pass/ })).toHaveProperty('checked', true);
  });

  it('says nothing for a frame one request serves well, nor for the offline engine', () => {
    renderPanel([{ type: 'settings/loaded', settings: FLUX_SETTINGS }, selected(makePlan())]);
    expect(screen.queryByRole('region', { name: 'Passes' })).toBeNull();
  });

  it('is not offered with the offline engine', () => {
    renderPanel([{ type: 'settings/loaded', settings: OFFLINE_SETTINGS }, selected()]);
    expect(screen.queryByRole('region', { name: 'Passes' })).toBeNull();
  });
});

describe('panel: the "extend in steps" advice and the pass choice', () => {
  const advice = SELECTION_NOTES.largeExtension(3);
  const withAdvice = {
    type: 'selection/changed' as const,
    selection: makeSelection([makeTarget({ nodeName: 'Banner', plan: banner, notes: [advice] })]),
  };

  it('leaves the advice out where the pass choice offers the steps itself', () => {
    renderPanel([{ type: 'settings/loaded', settings: FLUX_SETTINGS }, withAdvice]);
    expect(screen.getByRole('region', { name: 'Passes' })).toBeTruthy();
    expect(screen.queryByText(advice)).toBeNull();
    expect(document.body.textContent).not.toContain('extend in steps');
  });

  it('keeps the advice for the offline engine, which runs one request and offers no passes', () => {
    renderPanel([{ type: 'settings/loaded', settings: OFFLINE_SETTINGS }, withAdvice]);
    expect(screen.queryByRole('region', { name: 'Passes' })).toBeNull();
    expect(screen.getByText(advice)).toBeTruthy();
  });
});
