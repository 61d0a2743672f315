// The footer while several frames are selected (or several results asked for): one click runs them all.
import type { AppState } from '../state/app-state';
import { footerJob } from '../state/footer-job';
import { batchBlocker, batchTargets } from '../batch/batch-selectors';
import type { BatchCommands } from '../batch/batch-commands';
import type { Dispatch } from '../state/app-store';
import { skippedInSelection } from '../state/app-selectors';
import { EngineChip } from './engine-chip';
import { RunCost } from './run-cost';
import { RunPrompt } from './run-prompt';

/** True when the footer should offer the batch instead of the single-frame Outpaint. */
export function usesBatchFooter(state: AppState): boolean {
  if (footerJob(state).phase !== 'idle') return false;
  return batchTargets(state).length >= 2 || (batchTargets(state).length === 1 && state.batch.candidatesPerFrame > 1);
}

export function BatchFooter({ state, dispatch, batch }: { state: AppState; dispatch: Dispatch; batch: BatchCommands }) {
  const blocker = batchBlocker(state);
  const frames = batchTargets(state).length;
  const count = state.batch.candidatesPerFrame;
  const label = frames > 1 ? `Outpaint all ${frames} frames` : `Make ${count} results`;
  const skipped = skippedInSelection(state).length;
  const note = blocker ?? (skipped > 0 ? `${skipped} skipped — listed above` : null);
  return (
    <footer class="footer" aria-label="Outpaint">
      <div class="footer-stack">
        <RunPrompt state={state} dispatch={dispatch} />
        <div class="footer-row">
          <button
            type="button"
            class="button button-primary"
            disabled={blocker !== null}
            {...(note === null ? {} : { 'aria-describedby': 'batch-reason' })}
            onClick={() => batch.run()}
          >
            {label}
          </button>
          <EngineChip state={state} dispatch={dispatch} />
          {blocker === null ? <RunCost state={state} /> : null}
        </div>
        {note === null ? null : (
          <p id="batch-reason" class="footer-note">
            {note}
          </p>
        )}
      </div>
    </footer>
  );
}
