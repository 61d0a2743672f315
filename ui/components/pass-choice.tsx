// Before the click, for a FLUX frame past 4 MP or with more new area than image: the passes Outpaint will run
// (common/passes/plan-passes.ts), their estimated credits and time, next to today's single request, so the
// designer chooses knowingly. The choice holds for this session's next frames (Settings' `passes`).
import { ESTIMATE_ASSUMPTION, formatEstimate } from '../../common/batch/estimate-credits';
import { LARGE_EXTENSION_RATIO, newAreaRatio } from '../../common/geometry/new-area-ratio';
import { chosenPasses } from '../../common/passes/compose-pass';
import { estimatePasses, estimateSinglePass, formatDuration } from '../../common/passes/estimate-passes';
import type { Target } from '../../common/selection/report';
import type { Settings } from '../../common/settings';
import type { Dispatch } from '../state/app-store';

/** The passes FLUX would run for this frame when there is a choice to offer (two or more), else null. */
function offeredPasses(target: Target, settings: Settings) {
  return chosenPasses(target, { ...settings, passes: 'steps' });
}

/** Whether the panel offers the pass choice for this frame (it then says how the steps go itself). */
export function passesOffered(target: Target, settings: Settings): boolean {
  return offeredPasses(target, settings) !== null;
}

export function PassChoice({ target, settings, dispatch }: { target: Target; settings: Settings; dispatch: Dispatch }) {
  const offered = offeredPasses(target, settings);
  if (offered === null) return null;
  const { plan } = target;
  const passes = estimatePasses(offered, settings.mode);
  const single = estimateSinglePass(plan, settings.mode);
  const ratio = newAreaRatio(plan);
  const tiled = plan.scale < 1;
  const wide = ratio > LARGE_EXTENSION_RATIO;
  const n = passes.requests;
  const why =
    tiled && wide
      ? `The new area is ${ratio.toFixed(1)}× the image and past FLUX's 4 MP: ${n} passes at full resolution.`
      : tiled
        ? `FLUX makes 4 MP at most: ${n} passes keep the new area at full resolution.`
        : `The new area is ${ratio.toFixed(1)}× the image: ${n} steps of at most 1× each.`;
  const singleNote = [
    tiled ? `Generated at ${Math.max(1, Math.floor(plan.scale * 100))} % and enlarged.` : '',
    wide ? `All ${ratio.toFixed(1)}× in one request.` : '',
    'As before.',
  ]
    .filter((part) => part !== '')
    .join(' ');
  const chosen = settings.passes ?? 'steps';
  const choose = (passesSetting: 'steps' | 'single') => dispatch({ type: 'settings/passes', passes: passesSetting });
  return (
    <section class="section pass-choice" aria-label="Passes">
      <p class="muted">{why}</p>
      <fieldset class="choices">
        <legend class="field-label">How to generate</legend>
        <label class="choice">
          <input type="radio" name="passes" checked={chosen === 'steps'} onChange={() => choose('steps')} />
          <span>
            <strong>In {passes.requests} passes</strong>{' '}
            <span class="muted" title={ESTIMATE_ASSUMPTION}>
              {formatEstimate(passes.credits)} · {formatDuration(passes.seconds)}
            </span>
          </span>
        </label>
        <label class="choice">
          <input type="radio" name="passes" checked={chosen === 'single'} onChange={() => choose('single')} />
          <span>
            <strong>One pass</strong>{' '}
            <span class="muted" title={ESTIMATE_ASSUMPTION}>
              {formatEstimate(single.credits)} · {formatDuration(single.seconds)}
            </span>
            <br />
            <span class="muted">{singleNote}</span>
          </span>
        </label>
      </fieldset>
    </section>
  );
}
