// The workflow tabs as an ARIA tablist (WAI-ARIA APG Tabs pattern): roles, selection, roving tabindex, arrow keys.
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../common/settings';
import { App } from '../../../ui/components/app';
import { createAppStore } from '../../../ui/state/app-store';
import type { WorkflowCommands } from '../../../ui/variants/workflow-commands';
import { createWorkflowStore } from '../../../ui/variants/workflow-store';
import { recordingCommands } from '../support/render-panel';
import { makeSelection, makeTarget } from '../support/ui-fixtures';

afterEach(cleanup);

function renderWithTabs() {
  const store = createAppStore();
  store.dispatch({ type: 'settings/loaded', settings: DEFAULT_SETTINGS });
  store.dispatch({ type: 'selection/changed', selection: makeSelection([makeTarget()]) });
  const commands: WorkflowCommands = {
    createVariants: () => undefined,
    extend: () => undefined,
    dismiss: () => undefined,
    handleMessage: () => undefined,
  };
  render(<App store={store} commands={recordingCommands([])} workflows={{ store: createWorkflowStore(), commands }} />);
  return { store };
}

const selectedTab = (): string =>
  screen.getAllByRole('tab').find((t) => t.getAttribute('aria-selected') === 'true')?.textContent ?? 'none';

describe('workflow tabs', () => {
  it('are tabs in a named tablist, one selected and the only one in the Tab order', () => {
    renderWithTabs();
    const list = screen.getByRole('tablist', { name: 'Workflow' });
    const tabs = screen.getAllByRole('tab');
    expect(tabs.map((t) => t.textContent)).toEqual(['Selection', 'Variants', 'Extend']);
    expect(tabs.every((t) => list.contains(t))).toBe(true);
    expect(tabs.map((t) => t.getAttribute('aria-selected'))).toEqual(['true', 'false', 'false']);
    expect(tabs.map((t) => t.tabIndex)).toEqual([0, -1, -1]);
    expect(tabs.some((t) => t.hasAttribute('aria-pressed'))).toBe(false);
  });

  it('label the content as the selected tab’s panel', () => {
    renderWithTabs();
    fireEvent.click(screen.getByRole('tab', { name: 'Extend' }));
    const panel = screen.getByRole('tabpanel');
    const labelledBy = panel.getAttribute('aria-labelledby') ?? '';
    expect(document.getElementById(labelledBy)?.textContent).toBe('Extend');
    expect(screen.getByRole('tab', { name: 'Extend' }).getAttribute('aria-controls')).toBe(panel.id);
  });

  it('move with Left and Right (wrapping), Home and End, and take focus with them', () => {
    const { store } = renderWithTabs();
    const tab = (name: string) => screen.getByRole('tab', { name });
    tab('Selection').focus();
    fireEvent.keyDown(tab('Selection'), { key: 'ArrowRight' });
    expect(store.getState().view).toBe('variants');
    expect(selectedTab()).toBe('Variants');
    expect(document.activeElement).toBe(tab('Variants'));
    expect(tab('Variants').tabIndex).toBe(0);
    fireEvent.keyDown(tab('Variants'), { key: 'ArrowRight' });
    fireEvent.keyDown(tab('Extend'), { key: 'ArrowRight' });
    expect(selectedTab()).toBe('Selection');
    fireEvent.keyDown(tab('Selection'), { key: 'ArrowLeft' });
    expect(selectedTab()).toBe('Extend');
    expect(document.activeElement).toBe(tab('Extend'));
    fireEvent.keyDown(tab('Extend'), { key: 'Home' });
    expect(selectedTab()).toBe('Selection');
    fireEvent.keyDown(tab('Selection'), { key: 'End' });
    expect(selectedTab()).toBe('Extend');
  });

  it('ignore other keys', () => {
    const { store } = renderWithTabs();
    fireEvent.keyDown(screen.getByRole('tab', { name: 'Selection' }), { key: 'ArrowDown' });
    expect(store.getState().view).toBe('main');
  });
});
