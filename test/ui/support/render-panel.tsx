// Renders the whole panel on a store driven by actions, with commands that record what was asked.
import { cleanup, render } from '@testing-library/preact';
import { afterEach } from 'vitest';
import type { PanelCommands } from '../../../ui/app/panel-commands';
import type { BatchCommands } from '../../../ui/batch/batch-commands';
import { App } from '../../../ui/components/app';
import type { DraftCommands } from '../../../ui/jobs/draft-runner';
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
    checkAgain: () => calls.push('checkAgain'),
    editSettings: () => calls.push('editSettings'),
    ...overrides,
  };
}

/** Queue commands that do nothing: enough for the panel to show the batch footer and options. */
export const IDLE_BATCH_COMMANDS: BatchCommands = {
  run: () => undefined,
  retry: () => undefined,
  cancel: () => undefined,
  cancelAll: () => undefined,
  apply: () => undefined,
  discard: () => undefined,
  refreshCredits: () => undefined,
};

export function renderPanel(
  actions: AppAction[],
  commands?: (store: AppStore) => PanelCommands,
  options: { withBatch?: boolean; drafts?: DraftCommands; runWithFlux?: () => void } = {},
) {
  const store = createAppStore();
  for (const action of actions) store.dispatch(action);
  const calls: CommandName[] = [];
  const panelCommands = commands ? commands(store) : recordingCommands(calls);
  const view = render(
    <App
      store={store}
      commands={panelCommands}
      {...(options.withBatch ? { batch: IDLE_BATCH_COMMANDS } : {})}
      {...(options.drafts ? { drafts: options.drafts } : {})}
      {...(options.runWithFlux ? { runWithFlux: options.runWithFlux } : {})}
    />,
  );
  return { ...view, store, calls };
}
