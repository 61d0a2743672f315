// Binds the footer's commands to the job engine (on the row the footer follows) and the sandbox.
import type { UiMessage } from '../../common/protocol/messages';
import type { AppStore } from '../state/app-store';
import type { JobEngine } from '../jobs/job-engine';
import type { PanelCommands } from './panel-commands';

export function createPanelCommands(
  store: AppStore,
  engine: JobEngine,
  post: (message: UiMessage) => void,
): PanelCommands {
  const focused = (act: (rowId: string) => void): void => {
    const rowId = store.getState().batch.focusRowId;
    if (rowId !== null) act(rowId);
  };
  return {
    outpaint: () => void engine.outpaintChosenAsync(),
    cancel: () => focused((rowId) => engine.cancel(rowId)),
    retryWrite: () => focused((rowId) => void engine.retryAsync(rowId)),
    checkAgain: () => focused((rowId) => void engine.retryAsync(rowId)),
    editSettings(patch) {
      // A key or an address has no spaces: a pasted one often carries them.
      const trimmed = {
        ...patch,
        ...(patch.endpoint === undefined ? {} : { endpoint: patch.endpoint.trim() }),
        ...(patch.apiKey === undefined ? {} : { apiKey: patch.apiKey.trim() }),
      };
      store.dispatch({ type: 'settings/edited', patch: trimmed });
      post({ type: 'settings/save', settings: store.getState().settings });
    },
  };
}
