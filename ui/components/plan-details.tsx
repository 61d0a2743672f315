// The numbers the API will get (docs/bfl-api.md, Outpainting request) and what the plan did to fit the limits, in words.
import type { PlanLimit } from '../../common/geometry/plan';
import type { Target } from '../../common/selection/report';
import type { Settings } from '../../common/settings';
import { SELECTION_NOTES } from '../../common/selection/selection-messages';
import { newAreaRatio } from '../../common/geometry/new-area-ratio';
import { chosenPasses, originalOnOutput } from '../../common/passes/compose-pass';
import { passesOffered } from './pass-choice';

const LIMIT_NAMES: Record<PlanLimit, string> = {
  'api-min-side': "FLUX's 64 px minimum side",
  'api-max-pixels': 'the 4 MP limit',
  'figma-max-side': "Figma's 4096 px image limit",
};

export function limitName(limit: PlanLimit): string {
  return LIMIT_NAMES[limit];
}

function formatScale(scale: number): string {
  return `${Number(scale.toFixed(3))}×`;
}

/** The note that repeats the Scale row's "set by the 4 MP limit" in other words: shown once, in the row. */
function repeatsScaleRow(note: string, scale: number): boolean {
  return note === SELECTION_NOTES.apiPixels(Math.max(1, Math.floor(scale * 100)));
}

/** The notes the passes answer: the 4 MP size-down and "extend in steps" (common/selection/plan-selection.ts). */
function answeredByPasses(note: string, plan: Target['plan']): boolean {
  return repeatsScaleRow(note, plan.scale) || note === SELECTION_NOTES.largeExtension(newAreaRatio(plan));
}

/**
 * "Extend in steps" is advice for a frame Outpaint runs in one request; where the pass choice shows, the steps are
 * offered right there ("3 steps of at most 1× each"), so the advice would only say it twice.
 */
function repeatsPassChoice(note: string, target: Target, settings: Settings): boolean {
  return note === SELECTION_NOTES.largeExtension(newAreaRatio(target.plan)) && passesOffered(target, settings);
}

export function PlanDetails({ target, settings }: { target: Target; settings: Settings }) {
  const { plan } = target;
  const passes = chosenPasses(target, settings);
  if (passes) return <PassPlanDetails target={target} requests={passes.passes.length} />;
  const notes = target.notes.filter((n) => !repeatsScaleRow(n, plan.scale) && !repeatsPassChoice(n, target, settings));
  const limited = plan.limitedBy.map(limitName).join(' and ');
  const fastProblems = settings.engine === 'flux' && settings.mode === 'fast' ? plan.fastMode.problems : [];
  return (
    <section class="section" aria-label="Plan">
      <dl class="facts">
        <dt>Canvas</dt>
        <dd>
          {plan.width} × {plan.height} px <span class="muted">({plan.megapixels.toFixed(2)} MP)</span>
        </dd>
        <dt>Offset</dt>
        <dd>
          x {plan.offsetX}, y {plan.offsetY}
        </dd>
        <dt>Scale</dt>
        <dd>
          {formatScale(plan.scale)}{' '}
          <span class="muted">
            {limited === ''
              ? '(native resolution)'
              : `(set by ${limited}${plan.limitedBy.includes('api-max-pixels') ? '; the original stays sharp' : ''})`}
          </span>
        </dd>
        <dt>Auto crop</dt>
        <dd>{plan.autoCrop ? 'On — the image overhangs the canvas' : 'Off'}</dd>
        <dt>Written</dt>
        <dd>
          {plan.output.width} × {plan.output.height} px
        </dd>
      </dl>
      {fastProblems.length > 0 ? (
        <div class="callout callout-warning" role="note">
          <strong>Fast mode can't take this image</strong>
          <ul>
            {fastProblems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <PlanNotes notes={notes} />
    </section>
  );
}

/**
 * The numbers when the frame runs in passes (ui/components/pass-choice.tsx, common/passes/README.md): the written
 * image is made at its own density in several requests of at most 4 MP, so the single request's canvas, offset and
 * scale would describe a request that is not sent.
 */
function PassPlanDetails({ target, requests }: { target: Target; requests: number }) {
  const { output } = target.plan;
  const original = originalOnOutput(target.plan);
  const megapixels = (output.width * output.height) / 1_000_000;
  const notes = target.notes.filter((n) => !answeredByPasses(n, target.plan));
  return (
    <section class="section" aria-label="Plan">
      <dl class="facts">
        <dt>Canvas</dt>
        <dd>
          {output.width} × {output.height} px <span class="muted">({megapixels.toFixed(2)} MP)</span>
        </dd>
        <dt>Image at</dt>
        <dd>
          x {original.x}, y {original.y}
        </dd>
        <dt>Requests</dt>
        <dd>
          {requests} passes <span class="muted">(each ≤ 4 MP, at native resolution)</span>
        </dd>
        <dt>Auto crop</dt>
        <dd>{target.plan.autoCrop ? 'On — the image overhangs the canvas' : 'Off'}</dd>
      </dl>
      <PlanNotes notes={notes} />
    </section>
  );
}

function PlanNotes({ notes }: { notes: readonly string[] }) {
  return notes.length > 0 ? (
    <ul class="notes" aria-label="Notes">
      {notes.map((n) => (
        <li key={n}>{n}</li>
      ))}
    </ul>
  ) : null;
}
