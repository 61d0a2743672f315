// The queue: a row per frame with its thumbnail, size, status, cost and error, and the buttons for that row
// (Cancel, Retry, Compare). Refused frames are listed as skipped with their reason.
import { formatEstimate } from '../../common/batch/estimate-credits';
import type { Dispatch } from '../state/app-store';
import type { AppState } from '../state/app-state';
import { formatCredits } from '../state/job-stage';
import { ACTIVE_STATUSES, type BatchRow } from '../batch/batch-state';
import { batchTotals, describeRow } from '../batch/batch-selectors';
import { rowCost } from '../batch/batch-state';
import type { BatchCommands } from '../batch/batch-commands';
import { CandidateCompare } from './candidate-compare';

function Thumbnail({ row, state }: { row: BatchRow; state: AppState }) {
  const applied = row.applied === null ? null : row.candidates[row.applied];
  const entry = row.imageHash ? state.images[row.imageHash] : undefined;
  const src = applied?.url ?? (entry?.status === 'ready' ? entry.url : null);
  return src ? (
    <img class="queue-thumb" src={src} alt="" />
  ) : (
    <span class="queue-thumb queue-thumb-empty" aria-hidden="true" />
  );
}

function costText(row: BatchRow): string {
  const cost = rowCost(row);
  if (cost !== null) return formatCredits(cost);
  if (row.estimate !== null && (ACTIVE_STATUSES.has(row.status) || row.status === 'waiting'))
    return formatEstimate(row.estimate);
  return '';
}

function QueueRow({
  row,
  state,
  dispatch,
  batch,
}: {
  row: BatchRow;
  state: AppState;
  dispatch: Dispatch;
  batch: BatchCommands;
}) {
  const active = ACTIVE_STATUSES.has(row.status) && row.status !== 'writing';
  const canRetry = row.status === 'failed' || row.status === 'cancelled' || row.status === 'stale';
  const firstReady = row.candidates.findIndex((c) => c.status === 'ready');
  const canCompare = firstReady >= 0 && row.status !== 'done' && !ACTIVE_STATUSES.has(row.status);
  const size = row.plan ? `${row.plan.output.width} × ${row.plan.output.height} px` : '';
  const cost = costText(row);
  const danger = row.status === 'failed' || row.status === 'stale';
  return (
    <li class={`queue-row queue-${row.status}`} aria-label={row.nodeName}>
      <Thumbnail row={row} state={state} />
      <div class="queue-main">
        <div class="queue-line">
          <span class="queue-name" title={row.nodeName}>
            {row.nodeName}
          </span>
          <span class="queue-status" role="status">
            {describeRow(row)}
          </span>
        </div>
        <div class="queue-line muted">
          <span>{size}</span>
          <span>{cost}</span>
        </div>
        {active && row.status !== 'waiting' ? (
          <progress
            class="progress"
            max={1}
            value={row.progress ?? undefined}
            aria-label={`Progress on “${row.nodeName}”`}
          />
        ) : null}
        {row.error && row.error.code !== 'cancelled' ? (
          <p class={danger ? 'queue-error' : 'queue-reason'}>{row.error.message}</p>
        ) : null}
        {row.status === 'cancelled' && row.error ? <p class="queue-reason">{row.error.message}</p> : null}
        {row.outcome?.kind === 'placed-beside' ? <p class="queue-reason">{row.outcome.reason.message}</p> : null}
      </div>
      <div class="queue-actions">
        {active ? (
          <button
            type="button"
            class="button"
            aria-label={`Cancel “${row.nodeName}”`}
            onClick={() => batch.cancel(row.rowId)}
          >
            Cancel
          </button>
        ) : null}
        {canCompare ? (
          <button
            type="button"
            class={row.status === 'choosing' ? 'button button-primary' : 'button'}
            aria-label={`Compare results for “${row.nodeName}”`}
            onClick={() =>
              dispatch({ type: 'batch', action: { type: 'compare/opened', rowId: row.rowId, candidate: firstReady } })
            }
          >
            {row.status === 'failed' ? 'Apply…' : 'Compare'}
          </button>
        ) : null}
        {canRetry && !(row.status === 'failed' && firstReady >= 0) ? (
          <button
            type="button"
            class="button"
            aria-label={`Retry “${row.nodeName}”`}
            title={row.setRowIds ? 'Runs the set’s failed formats again, as one FLUX task' : undefined}
            onClick={() => batch.retry(row.rowId)}
          >
            Retry
          </button>
        ) : null}
      </div>
    </li>
  );
}

export function BatchQueue({ state, dispatch, batch }: { state: AppState; dispatch: Dispatch; batch: BatchCommands }) {
  const comparing = state.batch.comparing;
  const compareRow = comparing ? state.batch.rows.find((r) => r.rowId === comparing.rowId) : undefined;
  if (comparing && compareRow) {
    return (
      <CandidateCompare
        row={compareRow}
        candidate={comparing.candidate}
        state={state}
        dispatch={dispatch}
        batch={batch}
      />
    );
  }
  const rows = state.batch.rows.filter((r) => r.status !== 'skipped');
  const skipped = state.batch.rows.filter((r) => r.status === 'skipped');
  return (
    <section class="queue" aria-label="Queue">
      <ul class="queue-list">
        {rows.map((row) => (
          <QueueRow key={row.rowId} row={row} state={state} dispatch={dispatch} batch={batch} />
        ))}
      </ul>
      {skipped.length > 0 ? (
        <div class="section">
          <h2 class="section-title">Skipped</h2>
          <ul class="refusals">
            {skipped.map((row) => (
              <li key={row.rowId} class="refusal">
                <span class="refusal-name">{row.nodeName}</span>
                <span class="refusal-reason">{row.error?.message}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}

export function QueueFooter({ state, dispatch, batch }: { state: AppState; dispatch: Dispatch; batch: BatchCommands }) {
  const totals = batchTotals(state.batch);
  const parts = [`${totals.done} of ${totals.rows} written`];
  if (totals.choosing > 0) parts.push(`${totals.choosing} to compare`);
  if (totals.failed > 0) parts.push(`${totals.failed} not done`);
  const spent = totals.cost > 0 ? `Charged ${formatCredits(totals.cost)}` : '';
  const pending = totals.estimate > 0 ? `${spent ? ' · ' : ''}${formatEstimate(totals.estimate)} to come` : '';
  return (
    <footer class="footer" aria-label="Queue">
      <p class="queue-summary" role="status">
        {parts.join(' · ')}
      </p>
      {spent || pending ? (
        <p class="footer-note">
          {spent}
          {pending}
        </p>
      ) : null}
      <div class="footer-row footer-row-end">
        {state.batch.comparing !== null ? null : totals.running > 0 ? (
          <button type="button" class="button" onClick={() => batch.cancelAll()}>
            Cancel all
          </button>
        ) : (
          <>
            <button
              type="button"
              class="button"
              onClick={() => dispatch({ type: 'batch', action: { type: 'rows/cleared' } })}
            >
              Clear finished
            </button>
            <button
              type="button"
              class="button button-primary"
              onClick={() => dispatch({ type: 'batch', action: { type: 'queue/closed' } })}
            >
              Back to selection
            </button>
          </>
        )}
      </div>
    </footer>
  );
}
