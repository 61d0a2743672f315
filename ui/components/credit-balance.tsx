// The FLUX credit balance (GET /v1/credits, docs/bfl-api.md, Credits), shown in Settings. Read only when asked:
// opening Settings costs nothing and sends the key nowhere by itself.
import type { AppState } from '../state/app-state';
import { formatCredits } from '../state/job-stage';
import type { BatchCommands } from '../batch/batch-commands';

export function CreditBalance({ state, batch }: { state: AppState; batch: BatchCommands }) {
  if (state.settings.engine !== 'flux') return null;
  const credits = state.batch.credits;
  const text =
    credits.status === 'known'
      ? `${formatCredits(credits.credits)} left (1 credit = $0.01)`
      : credits.status === 'loading'
        ? 'Reading the balance…'
        : credits.status === 'failed'
          ? credits.error.message
          : 'Not read yet';
  return (
    <section class="section credit-balance" aria-label="Credit balance">
      <h2 class="section-title">Balance</h2>
      <div class="inline">
        <span class={credits.status === 'failed' ? 'field-error' : ''} role="status">
          {text}
        </span>
        <button
          type="button"
          class="button"
          disabled={credits.status === 'loading'}
          onClick={() => batch.refreshCredits()}
        >
          {credits.status === 'known' ? 'Refresh' : 'Check balance'}
        </button>
      </div>
    </section>
  );
}
