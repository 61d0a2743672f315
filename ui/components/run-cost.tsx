// The estimated cost of the next click, in the footer beside the button and the engine chip: in a short panel the
// estimate under the selection can sit below the fold, and a designer pays for every FLUX run (issue #13, point 3).
// The full estimate, its assumption and the per-frame list stay under the selection (components/batch-options.tsx).
import { ESTIMATE_ASSUMPTION } from '../../common/batch/estimate-credits';
import { batchEstimate } from '../batch/batch-selectors';
import type { AppState } from '../state/app-state';

export function RunCost({ state }: { state: AppState }) {
  const total = batchEstimate(state);
  if (total === null || total <= 0) return null;
  const rounded = Math.round(total * 100) / 100;
  return (
    <span class="run-cost" title={ESTIMATE_ASSUMPTION}>
      ≈ {rounded} {rounded === 1 ? 'credit' : 'credits'}
    </span>
  );
}
