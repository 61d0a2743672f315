// The prompt for the next runs, beside the Outpaint button (job-footer.tsx, batch-footer.tsx).
import { SETTINGS_LIMITS } from '../../common/settings';
import type { Dispatch } from '../state/app-store';
import type { AppState } from '../state/app-state';

/**
 * The prompt for the next runs, beside the button (FLUX only: the offline engine takes none). It starts as the
 * default prompt from Settings; what is typed here applies to runs from this footer and leaves the default alone.
 */
export function RunPrompt({ state, dispatch }: { state: AppState; dispatch: Dispatch }) {
  if (state.settings.engine !== 'flux') return null;
  const value = state.runPrompt ?? state.settings.prompt;
  return (
    <input
      type="text"
      class="run-prompt"
      value={value}
      spellcheck={false}
      placeholder="Prompt for this run (optional)"
      aria-label="Prompt for this run"
      title="Changes the prompt for the next runs only; the default is in Settings"
      maxLength={SETTINGS_LIMITS.promptChars}
      onInput={(e) => {
        const typed = e.currentTarget.value;
        dispatch({ type: 'run-prompt/edited', prompt: typed === state.settings.prompt ? null : typed });
      }}
    />
  );
}
