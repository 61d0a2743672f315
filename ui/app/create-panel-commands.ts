// Binds the panel's commands to the runner and the sandbox.
import type { UiMessage } from '../../common/protocol/messages';
import type { AppStore } from '../state/app-store';
import type { JobRunner } from '../job/job-runner';
import type { PanelCommands } from './panel-commands';

export function createPanelCommands(store: AppStore, runner: JobRunner, post: (message: UiMessage) => void): PanelCommands {
  return {
    outpaint: () => void runner.startAsync(),
    cancel: () => runner.cancel(),
    retryWrite: () => void runner.retryWriteAsync(),
    saveSettings() {
      const draft = store.getState().draft;
      const settings = { ...draft, endpoint: draft.endpoint.trim(), apiKey: draft.apiKey.trim() };
      post({ type: 'settings/save', settings });
      store.dispatch({ type: 'settings/edited', patch: settings });
      store.dispatch({ type: 'settings/saved' });
    },
  };
}
