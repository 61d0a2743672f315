// Extend artboard (issue #5 item 3): choose an aspect or a size, drag the image into place, then resize this frame
// (or make a new one beside it) and outpaint, as one undo step.
import { footerJob } from '../state/footer-job';
import { useEffect, useState } from 'preact/hooks';
import type { Size } from '../../common/geometry/plan';
import { ASPECT_PRESETS, anchorPlacement, type Anchor, type Placement } from '../../common/variants/format-presets';
import { imageRectFromPlan } from '../../common/variants/image-rect-from-plan';
import { placementOf } from '../../common/variants/place-image';
import { extendCoversImage, extendedFrameSize, planExtend, type ExtendTarget } from '../../common/variants/plan-extend';
import { MAX_VARIANT_SIDE } from '../../common/variants/plan-variants';
import { ESTIMATE_ASSUMPTION, formatEstimate } from '../../common/batch/estimate-credits';
import { extendEstimate } from '../../common/variants/estimate-workflow-credits';
import { previewGeometry } from '../components/preview-geometry';
import type { AppState } from '../state/app-state';
import type { Dispatch } from '../state/app-store';
import { EngineChip } from '../components/engine-chip';
import { NOTHING_SELECTED, chosenTarget, fluxSettingsProblem } from '../state/app-selectors';
import { AnchorPicker } from './anchor-picker';
import { PlacementEditor } from './placement-editor';
import type { WorkflowCommands } from './workflow-commands';
import { isWorkflowBusy, type WorkflowState } from './workflow-store';

type Choice = { kind: 'aspect'; id: string } | { kind: 'custom' };

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

export function ExtendPanel({
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
  const target = chosenTarget(state);
  const [choice, setChoice] = useState<Choice>({ kind: 'aspect', id: '16:9' });
  const [customW, setCustomW] = useState('');
  const [customH, setCustomH] = useState('');
  const [mode, setMode] = useState<'resize' | 'new'>('resize');
  const [placement, setPlacement] = useState<Placement | null>(null);
  const [anchor, setAnchor] = useState<Anchor | null>(null);
  const targetKey = target ? `${target.nodeId}:${target.fingerprint}` : '';
  // A new selection or size starts from where the image already sits.
  useEffect(() => {
    setPlacement(null);
    setAnchor(null);
  }, [targetKey, choice.kind === 'aspect' ? choice.id : 'custom']);

  if (target === null) {
    return <p class="empty">{state.selection?.refusals[0]?.error.message ?? NOTHING_SELECTED}</p>;
  }
  const imageRect = imageRectFromPlan(target.plan, target.image);
  const sizeTarget: ExtendTarget | null =
    choice.kind === 'aspect'
      ? (() => {
          const preset = ASPECT_PRESETS.find((p) => p.id === choice.id) ?? ASPECT_PRESETS[0];
          return preset ? { kind: 'aspect', width: preset.width, height: preset.height } : null;
        })()
      : Number(customW) >= 1 &&
          Number(customH) >= 1 &&
          Number(customW) <= MAX_VARIANT_SIDE &&
          Number(customH) <= MAX_VARIANT_SIDE
        ? { kind: 'size', width: Math.round(Number(customW)), height: Math.round(Number(customH)) }
        : null;
  const size: Size | null = sizeTarget ? extendedFrameSize(target.frame, sizeTarget) : null;
  // Default: the image keeps the relative position it has in the frame today.
  const current = placement ?? placementOf(target.frame, imageRect);
  const plan = size ? planExtend(imageRect, size, current) : null;
  const image = state.images[target.image.hash];
  const turned =
    target.plan.quarterTurns % 2 === 1
      ? { width: target.image.height, height: target.image.width }
      : { width: target.image.width, height: target.image.height };
  const picture =
    image?.status === 'ready'
      ? { url: image.url, stored: target.image, turned, rotation: previewGeometry(target.plan, target.image).rotation }
      : null;

  const blocker = !state.settingsLoaded
    ? 'Connecting to Figma…'
    : isWorkflowBusy(workflow) || footerJob(state).phase === 'running'
      ? 'Outpaint is busy with the last request'
      : size === null
        ? `Enter a width and height between 1 and ${MAX_VARIANT_SIDE}`
        : plan && extendCoversImage(plan)
          ? 'The image already fills that size. Pick a larger size or move the image.'
          : fluxSettingsProblem(state.settings);

  // Cost before the click (FLUX only): one task on the new frame at the image's own density.
  const credits =
    plan && state.settings.engine === 'flux' && !extendCoversImage(plan)
      ? extendEstimate(imageRect, plan.size, turned, state.settings.mode)
      : null;

  return (
    <div class="extend">
      <p class="muted">
        <strong>{target.nodeName}</strong> is {round(target.frame.width)} × {round(target.frame.height)}.
      </p>
      <fieldset class="aspect-choices">
        <legend class="field-label">New shape</legend>
        <div class="segmented">
          {ASPECT_PRESETS.map((preset) => (
            <label key={preset.id} class="segment">
              <input
                type="radio"
                name="extend-aspect"
                checked={choice.kind === 'aspect' && choice.id === preset.id}
                onChange={() => setChoice({ kind: 'aspect', id: preset.id })}
              />
              <span>{preset.label}</span>
            </label>
          ))}
          <label class="segment">
            <input
              type="radio"
              name="extend-aspect"
              checked={choice.kind === 'custom'}
              onChange={() => setChoice({ kind: 'custom' })}
            />
            <span>W×H</span>
          </label>
        </div>
      </fieldset>
      {choice.kind === 'custom' ? (
        <div class="inline" role="group" aria-label="Custom size">
          <input
            class="size-input"
            type="number"
            min={1}
            aria-label="New width"
            placeholder="W"
            value={customW}
            onInput={(e) => setCustomW(e.currentTarget.value)}
          />
          <span aria-hidden="true">×</span>
          <input
            class="size-input"
            type="number"
            min={1}
            aria-label="New height"
            placeholder="H"
            value={customH}
            onInput={(e) => setCustomH(e.currentTarget.value)}
          />
        </div>
      ) : null}
      {size && plan ? (
        <>
          <PlacementEditor
            frame={size}
            image={{ width: imageRect.width, height: imageRect.height }}
            placement={current}
            onChange={(next) => {
              setPlacement(next);
              setAnchor(null);
            }}
            picture={picture}
          />
          <p class="muted extend-size">
            New size {round(size.width)} × {round(size.height)}
          </p>
          <AnchorPicker
            name="extend-anchor"
            legend="Snap the image to"
            value={anchor}
            onChange={(next) => {
              setAnchor(next);
              setPlacement(anchorPlacement(next));
            }}
          />
        </>
      ) : null}
      <fieldset class="choices">
        <legend class="field-label">Where</legend>
        <label class="choice">
          <input type="radio" name="extend-mode" checked={mode === 'resize'} onChange={() => setMode('resize')} />
          <span>Resize this frame</span>
        </label>
        <label class="choice">
          <input type="radio" name="extend-mode" checked={mode === 'new'} onChange={() => setMode('new')} />
          <span>New frame beside it</span>
        </label>
      </fieldset>
      <div class="workflow-action">
        {/* The engine beside the button, as in the footer: what a click runs, and whether it costs credits. */}
        <div class="footer-row">
          <button
            type="button"
            class="button button-primary"
            disabled={blocker !== null}
            aria-describedby="extend-reason"
            onClick={() => size && commands.extend(target.nodeId, size, current, mode)}
          >
            Extend and outpaint
          </button>
          <EngineChip state={state} dispatch={dispatch} />
        </div>
        <p id="extend-reason" class="footer-note" title={credits !== null ? ESTIMATE_ASSUMPTION : undefined}>
          {/* While the job runs, its progress is in the footer right below: "busy" here would say it again. */}
          {footerJob(state).phase === 'running'
            ? null
            : (blocker ?? (
                <>
                  {/* The cost sits next to the paid click, never below the fold. */}
                  {credits !== null ? (
                    <span class="extend-estimate">{formatEstimate(credits)}, one FLUX task. </span>
                  ) : null}
                  {mode === 'resize' ? 'One undo puts the frame back' : 'The original stays as it is'}
                </>
              ))}
        </p>
      </div>
    </div>
  );
}
