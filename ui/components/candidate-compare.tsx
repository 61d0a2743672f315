// Candidates side by side with a before/after slider (the API docs' ImageComparisonSlider): the frame as it is
// now (the original on the hatched canvas) on the left of the divider, the chosen result on the right.
// Apply writes the chosen one; Discard writes nothing (the results stay here until the panel closes). The same view
// serves a single written result (opened from the footer's Compare). To help decide: an outline of the generated
// area, and the seam at 100 % (one result pixel per CSS pixel), where a bad join shows first.
import { useId, useState } from 'preact/hooks';
import type { Dispatch } from '../state/app-store';
import type { AppState } from '../state/app-state';
import { formatCredits } from '../state/job-stage';
import type { BatchRow } from '../batch/batch-state';
import type { BatchCommands } from '../batch/batch-commands';
import { previewGeometry } from './preview-geometry';
import { seamView, type SeamView } from './seam-geometry';

/** The result at 100 % around the seam: one result pixel per CSS pixel, the seam in the middle of the box. */
function SeamZoom({
  url,
  size,
  seam,
  outline,
}: {
  url: string;
  size: { width: number; height: number };
  seam: SeamView;
  outline: boolean;
}) {
  const at = (offset: number) => `calc(50% - ${offset}px)`;
  return (
    <div
      class="seam-zoom"
      role="img"
      aria-label={`The seam at 100 %, around pixel ${seam.focus.x}, ${seam.focus.y} of the ${size.width} × ${size.height} px result`}
    >
      {/* The result's own box, so the outline's tint stays on the result and never past its edges. */}
      <div
        class="seam-zoom-result"
        style={{
          left: at(seam.focus.x),
          top: at(seam.focus.y),
          width: `${size.width}px`,
          height: `${size.height}px`,
        }}
      >
        <img src={url} alt="" width={size.width} height={size.height} />
        {outline ? (
          <div
            class="seam-zoom-kept"
            style={{
              left: `${seam.kept.x}px`,
              top: `${seam.kept.y}px`,
              width: `${seam.kept.width}px`,
              height: `${seam.kept.height}px`,
            }}
          />
        ) : null}
      </div>
    </div>
  );
}

export function CandidateCompare({
  row,
  candidate,
  state,
  dispatch,
  batch,
}: {
  row: BatchRow;
  candidate: number;
  state: AppState;
  dispatch: Dispatch;
  batch: BatchCommands;
}) {
  const [split, setSplit] = useState(50);
  const [outline, setOutline] = useState(false);
  const [zoom, setZoom] = useState(false);
  const uid = useId().replace(/[^a-zA-Z0-9_-]/g, '');
  const chosen = row.candidates[candidate];
  const plan = row.plan;
  if (!plan || !chosen || chosen.url === null) return null;
  const source = row.imageHash ? state.images[row.imageHash] : undefined;
  const g = previewGeometry(plan, row.image ?? { width: plan.crop.width, height: plan.crop.height });
  const { crop } = plan;
  const W = plan.width;
  const H = plan.height;
  const cut = (W * split) / 100;
  const writable = row.status === 'choosing' || row.status === 'discarded' || row.status === 'failed';
  const readyCount = row.candidates.filter((c) => c.status === 'ready').length;
  // In plan units for the SVG (the result drawn at W × H), in result pixels for the zoom.
  const seamInPlan = seamView(plan, { width: W, height: H });
  const seamInResult = seamView(plan, { width: chosen.width, height: chosen.height });
  const written = row.status === 'done';
  // Opened from the footer (a single run): Back returns to the panel, not to a queue of one.
  const back = () => {
    dispatch({ type: 'batch', action: { type: 'compare/closed' } });
    if (row.rowId === state.batch.focusRowId) dispatch({ type: 'batch', action: { type: 'queue/closed' } });
  };
  return (
    <section class="compare" aria-label={`Compare results for “${row.nodeName}”`}>
      <h2 class="section-title">{row.nodeName}</h2>
      <svg
        class="compare-svg"
        role="img"
        aria-label={`Before and after: result ${candidate + 1}, ${split} % before`}
        viewBox={`0 0 ${W} ${H}`}
        preserveAspectRatio="xMidYMid meet"
      >
        <defs>
          <pattern
            id={`hatch-${uid}`}
            patternUnits="userSpaceOnUse"
            width={g.hatch}
            height={g.hatch}
            patternTransform="rotate(45)"
          >
            <line x1={0} y1={0} x2={0} y2={g.hatch} class="preview-hatch" stroke-width={g.stroke} />
          </pattern>
          <clipPath id={`before-${uid}`}>
            <rect x={0} y={0} width={cut} height={H} />
          </clipPath>
        </defs>
        <image href={chosen.url} x={0} y={0} width={W} height={H} preserveAspectRatio="none" />
        <g clip-path={`url(#before-${uid})`}>
          <rect x={0} y={0} width={W} height={H} class="compare-before" />
          <rect x={0} y={0} width={W} height={H} fill={`url(#hatch-${uid})`} />
          {source?.status === 'ready' ? (
            <svg
              x={g.reference.x}
              y={g.reference.y}
              width={g.reference.width}
              height={g.reference.height}
              viewBox={`${crop.x} ${crop.y} ${crop.width} ${crop.height}`}
              preserveAspectRatio="none"
            >
              <g transform={g.rotation || undefined}>
                <image
                  href={source.url}
                  x={0}
                  y={0}
                  width={row.image?.width ?? crop.width}
                  height={row.image?.height ?? crop.height}
                  preserveAspectRatio="none"
                />
              </g>
            </svg>
          ) : null}
        </g>
        {outline && seamInPlan ? (
          <g aria-hidden="true">
            <path
              class="compare-generated"
              fill-rule="evenodd"
              d={`M0 0H${W}V${H}H0Z M${seamInPlan.kept.x} ${seamInPlan.kept.y}h${seamInPlan.kept.width}v${seamInPlan.kept.height}h${-seamInPlan.kept.width}Z`}
            />
            <rect
              class="compare-kept"
              x={seamInPlan.kept.x}
              y={seamInPlan.kept.y}
              width={seamInPlan.kept.width}
              height={seamInPlan.kept.height}
              stroke-width={g.stroke * 2}
              stroke-dasharray={`${g.stroke * 6} ${g.stroke * 4}`}
            />
          </g>
        ) : null}
        <line x1={cut} y1={0} x2={cut} y2={H} class="compare-divider" stroke-width={g.stroke * 2} />
      </svg>
      <label class="compare-slider">
        <span>Before</span>
        <input
          type="range"
          min={0}
          max={100}
          value={split}
          aria-label="Before and after"
          onInput={(e) => setSplit(Number(e.currentTarget.value))}
        />
        <span>After</span>
      </label>
      <div class="compare-toggles">
        <label class="choice">
          <input type="checkbox" checked={outline} onChange={(e) => setOutline(e.currentTarget.checked)} />
          <span>Outline the generated area</span>
        </label>
        <label class="choice">
          <input type="checkbox" checked={zoom} onChange={(e) => setZoom(e.currentTarget.checked)} />
          <span>100 % at the seam</span>
        </label>
      </div>
      {zoom && seamInResult ? (
        <SeamZoom
          url={chosen.url}
          size={{ width: chosen.width, height: chosen.height }}
          seam={seamInResult}
          outline={outline}
        />
      ) : null}
      {readyCount > 1 || row.candidates.length > 1 ? (
        <div class="candidates" role="radiogroup" aria-label="Results">
          {row.candidates.map((c, i) =>
            c.status === 'ready' && c.url ? (
              <button
                key={i}
                type="button"
                role="radio"
                aria-checked={i === candidate}
                aria-label={`Result ${i + 1}${c.cost === null ? '' : `, ${formatCredits(c.cost)}`}`}
                class={i === candidate ? 'candidate candidate-chosen' : 'candidate'}
                onClick={() =>
                  dispatch({ type: 'batch', action: { type: 'compare/opened', rowId: row.rowId, candidate: i } })
                }
              >
                <img src={c.url} alt="" />
                <span>{i + 1}</span>
              </button>
            ) : (
              <span key={i} class="candidate candidate-missing" title={c.error?.message ?? 'Still running'}>
                {c.status === 'failed' ? '✕' : '…'}
              </span>
            ),
          )}
        </div>
      ) : null}
      <p class="muted">
        Result {candidate + 1}
        {chosen.cost === null ? '' : ` · ${formatCredits(chosen.cost)}`} · {chosen.width} × {chosen.height} px
        {row.status === 'discarded' ? ' · discarded, kept until the plugin closes' : ''}
        {written ? ' · written; Undo in Figma puts the original back' : ''}
      </p>
      {row.error && row.status === 'failed' ? <p class="queue-error">{row.error.message}</p> : null}
      <div class="footer-row footer-row-end">
        <button type="button" class="button" onClick={back}>
          Back
        </button>
        {row.status === 'choosing' ? (
          <button type="button" class="button" onClick={() => batch.discard(row.rowId)}>
            Discard
          </button>
        ) : null}
        {written ? null : (
          <button
            type="button"
            class="button button-primary"
            disabled={!writable}
            onClick={() => batch.apply(row.rowId, candidate)}
          >
            Apply result {candidate + 1}
          </button>
        )}
      </div>
    </section>
  );
}
