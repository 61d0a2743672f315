// The numbers the API will get (docs/bfl-api.md, Outpainting request) and what the plan did to fit the limits, in words.
import type { PlanLimit } from '../../common/geometry/plan';
import type { Target } from '../../common/selection/report';
import type { Settings } from '../../common/settings';

const LIMIT_NAMES: Record<PlanLimit, string> = {
  'api-min-side': "FLUX's 64 px minimum side",
  'api-max-pixels': "FLUX's 4 MP limit",
  'figma-max-side': "Figma's 4096 px image limit",
};

export function limitName(limit: PlanLimit): string {
  return LIMIT_NAMES[limit];
}

function formatScale(scale: number): string {
  return `${Number(scale.toFixed(3))}×`;
}

export function PlanDetails({ target, settings }: { target: Target; settings: Settings }) {
  const { plan } = target;
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
          <span class="muted">{limited === '' ? '(native resolution)' : `(set by ${limited})`}</span>
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
      {target.notes.length > 0 ? (
        <ul class="notes" aria-label="Notes">
          {target.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
