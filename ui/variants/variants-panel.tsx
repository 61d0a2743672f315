// Social format variants (issue #5 item 2): pick presets and custom sizes and an anchor; Outpaint makes one frame per
// format beside the image and outpaints each.
import { footerJob } from '../state/footer-job';
import { useState } from 'preact/hooks';
import { FORMAT_PRESETS, type Anchor } from '../../common/variants/format-presets';
import { MAX_VARIANTS, formatProblem, type VariantFormat } from '../../common/variants/plan-variants';
import { ESTIMATE_ASSUMPTION, formatEstimate } from '../../common/batch/estimate-credits';
import { variantSetEstimate, type SetEstimate } from '../../common/variants/estimate-workflow-credits';
import type { AppState } from '../state/app-state';
import type { Dispatch } from '../state/app-store';
import { EngineChip } from '../components/engine-chip';
import { NOTHING_SELECTED, chosenTarget, fluxSettingsProblem } from '../state/app-selectors';
import { AnchorPicker } from './anchor-picker';
import type { SetGeneration, WorkflowCommands } from './workflow-commands';
import { isWorkflowBusy, type WorkflowState } from './workflow-store';
import { workflowProgressText } from './workflow-status';

export const CUSTOM_LABEL = 'Custom';
export const ONE_SOURCE = 'Select just the one image to make the set from';

/** Why "Create variants" is disabled, or null. */
export function variantsBlocker(state: AppState, workflow: WorkflowState, formats: VariantFormat[]): string | null {
  if (!state.settingsLoaded) return 'Connecting to Figma…';
  if (isWorkflowBusy(workflow) || footerJob(state).phase === 'running') return 'Outpaint is busy with the last request';
  const target = chosenTarget(state);
  if (target === null) return state.selection?.refusals[0]?.error.message ?? NOTHING_SELECTED;
  // A set is made from one image. With several selected (as right after a set, which selects its new frames), the
  // next click would silently build on the first of them, often a generated variant: ask for the source instead.
  if ((state.selection?.targets.length ?? 0) > 1) return ONE_SOURCE;
  if (formats.length === 0) return 'Pick at least one format';
  if (formats.length > MAX_VARIANTS) return `Pick at most ${MAX_VARIANTS} formats`;
  return fluxSettingsProblem(state.settings);
}

function CustomSizeForm({ onAdd }: { onAdd: (format: VariantFormat) => void }) {
  const [width, setWidth] = useState('');
  const [height, setHeight] = useState('');
  const format: VariantFormat = { label: CUSTOM_LABEL, width: Number(width), height: Number(height) };
  const problem = width === '' && height === '' ? null : formatProblem(format);
  const add = () => {
    if (width === '' || height === '' || problem !== null) return;
    onAdd(format);
    setWidth('');
    setHeight('');
  };
  return (
    <div class="field">
      <span class="field-label" id="custom-size-label">
        Custom size
      </span>
      <div class="inline" role="group" aria-labelledby="custom-size-label">
        <input
          class="size-input"
          type="number"
          min={1}
          inputMode="numeric"
          aria-label="Custom width"
          placeholder="W"
          value={width}
          onInput={(e) => setWidth(e.currentTarget.value)}
          onKeyDown={(e) => e.key === 'Enter' && add()}
        />
        <span aria-hidden="true">×</span>
        <input
          class="size-input"
          type="number"
          min={1}
          inputMode="numeric"
          aria-label="Custom height"
          placeholder="H"
          value={height}
          onInput={(e) => setHeight(e.currentTarget.value)}
          onKeyDown={(e) => e.key === 'Enter' && add()}
        />
        <button type="button" class="button" onClick={add} disabled={width === '' || height === '' || problem !== null}>
          Add
        </button>
      </div>
      {problem !== null ? <p class="field-error">{problem}</p> : null}
    </div>
  );
}

export function VariantsPanel({
  state,
  dispatch,
  workflow,
  commands,
}: {
  state: AppState;
  dispatch: Dispatch;
  workflow: WorkflowState;
  commands: WorkflowCommands;
}) {
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set(['instagram-post', 'instagram-story']));
  const [custom, setCustom] = useState<VariantFormat[]>([]);
  const [anchor, setAnchor] = useState<Anchor>('center');
  // One generation for the set is the default: one charge, the same scene in every format.
  const [generation, setGeneration] = useState<SetGeneration>('one');
  const target = chosenTarget(state);
  const formats: VariantFormat[] = [
    ...FORMAT_PRESETS.filter((p) => picked.has(p.id)).map((p) => ({
      label: p.label,
      width: p.width,
      height: p.height,
    })),
    ...custom,
  ];
  const blocker = variantsBlocker(state, workflow, formats);
  const selectedCount = state.selection?.targets.length ?? 0;
  const toggle = (id: string) => {
    const next = new Set(picked);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setPicked(next);
  };
  // Cost before the click (FLUX only): one task per format that has something to generate.
  const estimate: SetEstimate | null =
    target && selectedCount <= 1 && state.settings.engine === 'flux'
      ? variantSetEstimate(
          target.plan.quarterTurns % 2 === 1
            ? { width: target.image.height, height: target.image.width }
            : { width: target.image.width, height: target.image.height },
          formats,
          anchor,
          state.settings.mode,
        )
      : null;
  const costOf = (format: VariantFormat): number | null | undefined => {
    const index = formats.findIndex(
      (f) => f.label === format.label && f.width === format.width && f.height === format.height,
    );
    return index < 0 ? undefined : estimate?.perFormat[index];
  };
  const shared = generation === 'one' && estimate !== null && estimate.union !== null && formats.length > 1;
  const costText = (credits: number | null | undefined): string =>
    credits === undefined || shared ? '' : credits === null ? ' · already filled' : ` · ≈ ${credits} cr`;
  return (
    <div class="variants">
      <p class="muted">
        {workflow.phase === 'outpainting' ? (
          'The new frames are selected on the canvas while they are outpainted.'
        ) : selectedCount > 1 ? (
          // Why, here; what to do, once, beside the disabled button (its reason): the same hint twice reads as noise.
          `${selectedCount} frames are selected, and a set is made from one image.`
        ) : target ? (
          <>
            From <strong>{target.nodeName}</strong> ({target.image.width} × {target.image.height} px image). One new
            frame per format, beside it, written at the format’s own size.
          </>
        ) : (
          'Select one image or a frame with an image.'
        )}
      </p>
      <fieldset class="formats">
        <legend class="field-label">Formats</legend>
        {FORMAT_PRESETS.map((preset) => (
          <label key={preset.id} class="choice">
            <input type="checkbox" checked={picked.has(preset.id)} onChange={() => toggle(preset.id)} />
            <span>{preset.label}</span>
            <span class="muted format-size">
              {preset.width}×{preset.height}
              {estimate && picked.has(preset.id) ? costText(costOf(preset)) : ''}
            </span>
          </label>
        ))}
        {custom.map((format, index) => (
          <div key={`${format.width}x${format.height}-${index}`} class="choice custom-format">
            <span>
              {format.label} {format.width}×{format.height}
              <span class="muted">
                {estimate
                  ? costText(estimate.perFormat[FORMAT_PRESETS.filter((p) => picked.has(p.id)).length + index])
                  : ''}
              </span>
            </span>
            <button
              type="button"
              class="link-button"
              aria-label={`Remove custom ${format.width}×${format.height}`}
              onClick={() => setCustom(custom.filter((_, i) => i !== index))}
            >
              Remove
            </button>
          </div>
        ))}
      </fieldset>
      <CustomSizeForm onAdd={(format) => setCustom([...custom, format])} />
      <AnchorPicker name="variant-anchor" value={anchor} onChange={setAnchor} />
      {/* The offline engine costs nothing and paints each frame on its own: the choice is FLUX's. */}
      {formats.length > 1 && state.settings.engine === 'flux' ? (
        <fieldset class="choices">
          <legend class="field-label">Generate</legend>
          <label class="choice">
            <input
              type="radio"
              name="variant-generation"
              checked={generation === 'one'}
              onChange={() => setGeneration('one')}
            />
            <span>One scene for every format</span>
          </label>
          <label class="choice">
            <input
              type="radio"
              name="variant-generation"
              checked={generation === 'per-format'}
              onChange={() => setGeneration('per-format')}
            />
            <span>Each format on its own</span>
          </label>
        </fieldset>
      ) : null}
      <div class="workflow-action">
        {/* The engine beside the button, as in the footer: what a click runs, and whether it costs credits. */}
        <div class="footer-row">
          <button
            type="button"
            class="button button-primary"
            disabled={blocker !== null || target === null}
            aria-describedby="variants-reason"
            onClick={() =>
              target &&
              commands.createVariants(target.nodeId, formats, anchor, formats.length > 1 ? generation : 'per-format')
            }
          >
            {formats.length === 1 ? 'Create 1 variant' : `Create ${formats.length} variants`}
          </button>
          <EngineChip state={state} dispatch={dispatch} />
        </div>
        <p id="variants-reason" class="footer-note" title={estimate ? ESTIMATE_ASSUMPTION : undefined}>
          {/* The cost sits next to the paid click, never below the fold; while a set runs, its progress (the status
              line above may be scrolled away, and a set has no footer of its own). */}
          {workflowProgressText(workflow) ??
            blocker ??
            (estimate && formats.length > 0
              ? shared && estimate.union !== null
                ? `${formatEstimate(estimate.union)}, one FLUX task for all ${formats.length} formats (each on its own: ≈ ${estimate.total})`
                : `${formatEstimate(estimate.total)} for ${formats.length === 1 ? 'this format' : `these ${formats.length} formats`}, one FLUX task each`
              : state.settings.engine === 'offline'
                ? 'Free: the offline engine paints each frame on this computer'
                : null)}
        </p>
      </div>
    </div>
  );
}
