import { fireEvent, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import {
  FLUX_SETTINGS,
  OFFLINE_SETTINGS,
  makeBannerPlan,
  makePlan,
  makeSelection,
  makeTarget,
} from '../support/ui-fixtures';
import { renderPanel } from '../support/render-panel';
import { passPlanFor } from '../../../common/passes/compose-pass';
import { SELECTION_NOTES } from '../../../common/selection/selection-messages';

const banner = makeBannerPlan();

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

const selected = (plan = banner, notes: string[] = []) => ({
  type: 'selection/changed' as const,
  selection: makeSelection([makeTarget({ nodeName: 'Banner', plan, notes })]),
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

  it("the plan's numbers describe the passes, not a single request, and drop the 'extend in steps' hint", () => {
    const stepsHint = SELECTION_NOTES.largeExtension(3);
    renderPanel([{ type: 'settings/loaded', settings: FLUX_SETTINGS }, selected(banner, [stepsHint])]);
    const details = () => screen.getByRole('region', { name: 'Plan' }).textContent ?? '';
    expect(details()).toContain('3 passes (each ≤ 4 MP, at native resolution)');
    expect(details()).toContain('x 1500, y 0');
    expect(details()).not.toContain(stepsHint);
    expect(screen.getByRole('img', { name: /the hatched area will be generated in 3 passes$/ })).toBeTruthy();
    fireEvent.click(screen.getByRole('radio', { name: /One pass/ }));
    // One request again: its canvas and scale; the steps stay offered by the choice beside, not said twice.
    expect(details()).toContain('Scale1× (native resolution)');
    expect(details()).not.toContain(stepsHint);
    expect(details()).not.toContain('passes');
    expect(screen.getByRole('img', { name: /the hatched area will be generated$/ })).toBeTruthy();
  });

  it('past 4 MP, the plan shows the written canvas at native resolution, without the size-down note', () => {
    const sizeDown = SELECTION_NOTES.apiPixels(83);
    renderPanel([{ type: 'settings/loaded', settings: FLUX_SETTINGS }, selected(poster, [sizeDown])]);
    const details = screen.getByRole('region', { name: 'Plan' }).textContent ?? '';
    expect(details).toContain('3000 × 2000 px');
    expect(details).toContain('4 passes');
    expect(details).not.toContain(sizeDown);
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
