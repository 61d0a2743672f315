// Renders the whole panel on a store driven by actions, with commands that record what was asked.
import { cleanup, render } from '@testing-library/preact';
import { afterEach } from 'vitest';
import type { PanelCommands } from '../../../ui/app/panel-commands';
import { App } from '../../../ui/components/app';
import type { AppAction } from '../../../ui/state/app-action';
import { createAppStore, type AppStore } from '../../../ui/state/app-store';

// Vitest runs without globals, so testing-library cannot register its own cleanup.
afterEach(cleanup);

export type CommandName = keyof PanelCommands;

export function recordingCommands(calls: CommandName[], overrides: Partial<PanelCommands> = {}): PanelCommands {
  return {
    outpaint: () => calls.push('outpaint'),
    cancel: () => calls.push('cancel'),
    retryWrite: () => calls.push('retryWrite'),
    saveSettings: () => calls.push('saveSettings'),
    ...overrides,
  };
}

export function renderPanel(actions: AppAction[], commands?: (store: AppStore) => PanelCommands) {
  const store = createAppStore();
  for (const action of actions) store.dispatch(action);
  const calls: CommandName[] = [];
  const view = render(<App store={store} commands={commands ? commands(store) : recordingCommands(calls)} />);
  return { ...view, store, calls };
}
