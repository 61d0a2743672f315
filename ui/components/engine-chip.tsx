// The engine and mode next to the Outpaint button, so what a click will run (and whether it costs credits) is read
// where the click is; pressing it opens Settings to change them.
import type { Dispatch } from '../state/app-store';
import type { AppState } from '../state/app-state';
import { engineLabel } from '../state/app-selectors';

export function EngineChip({ state, dispatch }: { state: AppState; dispatch: Dispatch }) {
  const label = engineLabel(state.settings);
  return (
    <button
      type="button"
      class="engine-chip"
      aria-label={`Engine: ${label}. Change engine`}
      onClick={() => dispatch({ type: 'view/opened', view: 'settings' })}
    >
      {label}
    </button>
  );
}
