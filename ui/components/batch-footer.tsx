// The footer while several frames are selected (or several results asked for): one click runs them all.
import type { AppState } from '../state/app-state';
import { footerJob } from '../state/footer-job';
import { batchBlocker, batchTargets } from '../batch/batch-selectors';
import type { BatchCommands } from '../batch/batch-commands';

/** True when the footer should offer the batch instead of the single-frame Outpaint. */
export function usesBatchFooter(state: AppState): boolean {
  if (footerJob(state).phase !== 'idle') return false;
  return batchTargets(state).length >= 2 || (batchTargets(state).length === 1 && state.batch.candidatesPerFrame > 1);
}

export function BatchFooter({ state, batch }: { state: AppState; batch: BatchCommands }) {
  const blocker = batchBlocker(state);
  const frames = batchTargets(state).length;
  const count = state.batch.candidatesPerFrame;
  const label = frames > 1 ? `Outpaint all ${frames} frames` : `Make ${count} results`;
  const skipped =
    (state.selection?.refusals.length ?? 0) +
    (state.selection?.targets.filter((t) => t.status === 'covered').length ?? 0);
  const engine = state.settings.engine === 'offline' ? 'Offline' : `FLUX ${state.settings.mode}`;
  return (
    <footer class="footer" aria-label="Outpaint">
      <div class="footer-row">
        <button
          type="button"
          class="button button-primary"
          disabled={blocker !== null}
          aria-describedby="batch-reason"
          onClick={() => batch.run()}
        >
          {label}
        </button>
        <p id="batch-reason" class="footer-note">
          {blocker ?? `With ${engine}${skipped > 0 ? ` · ${skipped} skipped` : ''}`}
        </p>
      </div>
    </footer>
  );
}
