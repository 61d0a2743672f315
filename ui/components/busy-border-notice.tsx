// Before an offline run: where the chosen frame's edge is busy (a subject touches it), say that the offline result
// will be rough there and offer FLUX — for this run only, or Settings when FLUX has no key yet (issue 14, item 3).
import { estimateCredits } from '../../common/batch/estimate-credits';
import type { Dispatch } from '../state/app-store';
import type { AppState } from '../state/app-state';
import { chosenTarget, fluxSettingsProblem, runBlocker } from '../state/app-selectors';
import { busyBorderOutlook } from '../state/border-outlook';

export function BusyBorderNotice({
  state,
  dispatch,
  runWithFlux,
}: {
  state: AppState;
  dispatch: Dispatch;
  /** Runs the chosen frame once with FLUX, leaving the saved engine as it is. */
  runWithFlux: (() => void) | undefined;
}) {
  const outlook = busyBorderOutlook(state);
  const target = chosenTarget(state);
  if (outlook === null || target === null) return null;
  const flux = { ...state.settings, engine: 'flux' as const };
  const problem = fluxSettingsProblem(flux);
  const keyMissing = state.settings.apiKey.trim() === '';
  const credits = estimateCredits(target.plan, state.settings.mode);
  const canRun = problem === null && runWithFlux !== undefined && runBlocker(state) === null;
  return (
    <div class="callout busy-border" role="status">
      <p class="busy-border-text">{outlook.message}</p>
      <p class="muted">FLUX draws new content there instead of repeating what touches the edge.</p>
      {problem === null ? (
        <button type="button" class="button" disabled={!canRun} onClick={() => runWithFlux?.()}>
          Use FLUX for this run · about {credits} credits
        </button>
      ) : (
        <button
          type="button"
          class="button"
          onClick={() =>
            dispatch({ type: 'view/opened', view: 'settings', focus: keyMissing ? 'api-key' : 'endpoint' })
          }
        >
          {keyMissing ? 'Add a FLUX key in Settings' : 'Set the FLUX endpoint in Settings'}
        </button>
      )}
    </div>
  );
}
