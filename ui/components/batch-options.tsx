// Under the selection: how many results per frame, and what the run is expected to cost (marked as an estimate,
// common/batch/estimate-credits.ts), per frame and for the batch. Nothing is sent from here.
import { ESTIMATE_ASSUMPTION, formatEstimate } from '../../common/batch/estimate-credits';
import { MAX_CANDIDATES } from '../../common/batch/saved-job';
import type { Dispatch } from '../state/app-store';
import type { AppState } from '../state/app-state';
import { footerJob } from '../state/footer-job';
import { batchEstimate, batchTargets, frameEstimate } from '../batch/batch-selectors';

export function BatchOptions({ state, dispatch }: { state: AppState; dispatch: Dispatch }) {
  const targets = batchTargets(state);
  if (targets.length === 0 || footerJob(state).phase !== 'idle') return null;
  const count = state.batch.candidatesPerFrame;
  const total = batchEstimate(state);
  const waiting = state.batch.rows.length;
  return (
    <section class="section batch-options" aria-label="Run options">
      <div class="inline">
        <label class="field-label" for="candidates-per-frame">
          Results per frame
        </label>
        <select
          id="candidates-per-frame"
          value={String(count)}
          onChange={(e) =>
            dispatch({ type: 'batch', action: { type: 'candidates/set', count: Number(e.currentTarget.value) } })
          }
        >
          {Array.from({ length: MAX_CANDIDATES }, (_, i) => (
            <option key={i} value={String(i + 1)}>
              {i + 1}
            </option>
          ))}
        </select>
        <span class="muted">{count > 1 ? 'compare them, apply one' : 'written straight away'}</span>
      </div>
      {total !== null ? (
        <div class="estimate">
          <p class="estimate-total" title={ESTIMATE_ASSUMPTION}>
            {formatEstimate(total)}
            {targets.length > 1 || count > 1
              ? ` for ${targets.length} ${targets.length === 1 ? 'frame' : 'frames'} × ${count}`
              : ''}
          </p>
          {targets.length > 1 ? (
            <details>
              <summary>Estimate per frame</summary>
              <ul class="estimate-list">
                {targets.map((t) => (
                  <li key={t.nodeId}>
                    <span class="estimate-name">{t.nodeName}</span>
                    <span class="muted">{formatEstimate(frameEstimate(state, t, count) ?? 0)}</span>
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
          <p class="hint">{ESTIMATE_ASSUMPTION} The API reports the real cost once it accepts each task.</p>
        </div>
      ) : null}
      {waiting > 0 ? (
        <button
          type="button"
          class="button"
          onClick={() => dispatch({ type: 'batch', action: { type: 'queue/opened' } })}
        >
          Open the queue ({waiting})
        </button>
      ) : null}
    </section>
  );
}
