// What is selected: the empty hint, the target's name and size, a picker when several frames qualify.
import type { Target } from '../../common/selection/report';
import type { Dispatch } from '../state/app-store';
import type { AppState } from '../state/app-state';
import { footerJob } from '../state/footer-job';
import {
  COVERED_HINT,
  NOTHING_SELECTED,
  SELECTION_HINT_ID,
  chosenTarget,
  skippedInSelection,
} from '../state/app-selectors';
import { PlacementPreview } from './placement-preview';
import { chosenPasses } from '../../common/passes/compose-pass';
import { PassChoice } from './pass-choice';
import { PlanDetails } from './plan-details';
import { RefusalList } from './refusal-list';
import { DraftPreview, draftRowFor } from './draft-preview';
import type { DraftCommands } from '../jobs/draft-runner';

/** Shown instead of the covered hint on a frame this panel just outpainted: true, and not a reproach. */
export const OUTPAINTED_HINT = 'Outpainted. To extend it further, make the frame bigger or use Extend.';

/** The frame the last finished job wrote into (or the new frame it placed beside the original). */
function justOutpainted(state: AppState, target: Target): boolean {
  const job = footerJob(state);
  return job.phase === 'done' && (job.nodeId === target.nodeId || job.outcome.nodeId === target.nodeId);
}

/** The image the last run wrote, as the panel composed it. */
function WrittenResult({ state }: { state: AppState }) {
  const job = footerJob(state);
  if (job.phase !== 'done' || job.written.url === null) return null;
  return (
    <figure class="preview written-result">
      <img
        class="written-result-image"
        src={job.written.url}
        alt={`The written result, ${job.written.width} × ${job.written.height} px`}
      />
      <figcaption class="preview-caption">
        Written: {job.written.width} × {job.written.height} px
      </figcaption>
    </figure>
  );
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

function TargetHeading({ target }: { target: Target }) {
  return (
    <div class="target-heading">
      <span class="target-name" title={target.nodeName}>
        {target.nodeName}
      </span>
      <span class="muted">
        {round(target.frame.width)} × {round(target.frame.height)}
        {' · image '}
        {target.image.width} × {target.image.height}{' '}
        {target.image.format === 'unknown' ? '' : target.image.format.toUpperCase()}
      </span>
      {target.kind === 'layer' ? <span class="muted">Image layer “{target.imageNodeName}”</span> : null}
    </div>
  );
}

/** `runsAll`: the footer runs every ready frame (ui/batch/), so a picker for one of them would mislead. */
export function SelectionSummary({
  state,
  dispatch,
  runsAll = false,
  drafts,
}: {
  state: AppState;
  dispatch: Dispatch;
  runsAll?: boolean;
  /** Keep-draft for the free offline draft of a FLUX job (ui/jobs/draft-runner.ts). */
  drafts?: DraftCommands;
}) {
  const selection = state.selection;
  if (!state.settingsLoaded && selection === null) {
    return (
      <p class="empty" id={SELECTION_HINT_ID}>
        Connecting to Figma…
      </p>
    );
  }
  if (selection === null || (selection.targets.length === 0 && selection.refusals.length === 0)) {
    return (
      <div class="empty" role="status" id={SELECTION_HINT_ID}>
        <p class="empty-title">{NOTHING_SELECTED}</p>
        <p class="muted">
          A frame with an image fill set to Fit or Crop, or a frame with an image layer that doesn't fill it.
        </p>
      </div>
    );
  }
  const target = chosenTarget(state);
  const draftRow = target ? draftRowFor(state, target) : null;
  const refusalsHeading = target === null ? "Can't outpaint the selection" : 'Skipped';
  return (
    <div class="selection">
      {runsAll && target ? (
        <p class="muted">
          All {selection.targets.filter((t) => t.status === 'ready').length} frames will be outpainted. Showing “
          {target.nodeName}”.
        </p>
      ) : null}
      {selection.targets.length > 1 && !runsAll ? (
        <label class="field">
          <span class="field-label">Frame to outpaint</span>
          <select
            value={target?.nodeId ?? ''}
            onChange={(e) => dispatch({ type: 'target/chosen', nodeId: e.currentTarget.value })}
          >
            {selection.targets.map((t) => (
              <option key={t.nodeId} value={t.nodeId}>
                {t.nodeName}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {target ? (
        <>
          <TargetHeading target={target} />
          {draftRow ? (
            // A FLUX job works on this frame: its free draft, or the draft the designer kept (the frame now holds
            // it, so the frame reads as covered until the job ends).
            <DraftPreview row={draftRow} drafts={drafts} />
          ) : target.status === 'covered' ? (
            // Nothing to generate: the plan's numbers and the preview would only repeat the frame. Just after a
            // run, the written result is shown so the panel confirms what landed in the frame.
            <>
              <div class="callout" role="status" id={SELECTION_HINT_ID}>
                {justOutpainted(state, target) ? OUTPAINTED_HINT : COVERED_HINT}
              </div>
              {justOutpainted(state, target) ? <WrittenResult state={state} /> : null}
            </>
          ) : (
            <>
              <PlacementPreview
                target={target}
                image={state.images[target.image.hash]}
                passes={chosenPasses(target, state.settings)}
              />
              <PlanDetails target={target} settings={state.settings} />
              <PassChoice target={target} settings={state.settings} dispatch={dispatch} />
            </>
          )}
        </>
      ) : null}
      {/* With "Outpaint all", the frames it leaves out are listed with the refused ones: the footer counts them all. */}
      <RefusalList
        refusals={runsAll ? skippedInSelection(state) : selection.refusals}
        heading={refusalsHeading}
        {...(target === null ? { id: SELECTION_HINT_ID } : {})}
      />
    </div>
  );
}
