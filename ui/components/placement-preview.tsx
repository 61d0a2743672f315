// The reference drawn where it will sit on the API canvas, the area to generate hatched — the same picture
// as the placement widget in the API docs (https://docs.bfl.ai/flux_tools/flux_outpainting, OutpaintingPlacementDemo).
import { useId } from 'preact/hooks';
import type { Target } from '../../common/selection/report';
import type { ImageEntry } from '../state/app-state';
import type { PassPlan } from '../../common/passes/plan-passes';
import { passStrips, previewGeometry } from './preview-geometry';
import { SELECTION_HINT_ID } from '../state/app-selectors';

export function PlacementPreview({
  target,
  image,
  passes = null,
}: {
  target: Target;
  image: ImageEntry | undefined;
  /** The passes the frame will run in (the pass choice), each new strip outlined and numbered in order. */
  passes?: PassPlan | null;
}) {
  const uid = useId().replace(/[^a-zA-Z0-9_-]/g, '');
  const { plan } = target;
  const g = previewGeometry(plan, target.image);
  const hatchId = `hatch-${uid}`;
  const clipId = `clip-${uid}`;
  const label =
    `Preview: the image at ${plan.offsetX}, ${plan.offsetY} on a ${plan.width} × ${plan.height} px canvas; ` +
    (target.status === 'covered'
      ? 'nothing to generate'
      : passes
        ? `the hatched area will be generated in ${passes.passes.length} passes`
        : 'the hatched area will be generated');
  const { crop } = plan;
  const picture =
    image?.status === 'ready' ? (
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
            href={image.url}
            x={0}
            y={0}
            width={target.image.width}
            height={target.image.height}
            preserveAspectRatio="none"
          />
        </g>
      </svg>
    ) : null;
  return (
    <figure class="preview">
      <svg
        class="preview-svg"
        role="img"
        aria-label={label}
        viewBox={`${g.viewBox.x} ${g.viewBox.y} ${g.viewBox.width} ${g.viewBox.height}`}
        preserveAspectRatio="xMidYMid meet"
      >
        <defs>
          <pattern
            id={hatchId}
            patternUnits="userSpaceOnUse"
            width={g.hatch}
            height={g.hatch}
            patternTransform="rotate(45)"
          >
            <line x1={0} y1={0} x2={0} y2={g.hatch} class="preview-hatch" stroke-width={g.stroke} />
          </pattern>
          <clipPath id={clipId}>
            <rect x={0} y={0} width={g.canvas.width} height={g.canvas.height} />
          </clipPath>
        </defs>
        <rect
          x={0}
          y={0}
          width={g.canvas.width}
          height={g.canvas.height}
          class="preview-canvas"
          fill={`url(#${hatchId})`}
        />
        {picture && g.overhangs ? <g opacity={0.3}>{picture}</g> : null}
        {picture ? <g clip-path={`url(#${clipId})`}>{picture}</g> : null}
        {image?.status !== 'ready' ? (
          <rect
            x={g.reference.x}
            y={g.reference.y}
            width={g.reference.width}
            height={g.reference.height}
            class="preview-placeholder"
          />
        ) : null}
        <rect
          x={g.reference.x}
          y={g.reference.y}
          width={g.reference.width}
          height={g.reference.height}
          class="preview-reference"
          stroke-width={g.stroke}
          stroke-dasharray={g.overhangs ? `${g.stroke * 4} ${g.stroke * 3}` : undefined}
        />
        {passes
          ? passStrips(plan, passes).map((strip, i) => (
              <g key={i} class="preview-pass">
                <rect
                  x={strip.x}
                  y={strip.y}
                  width={strip.width}
                  height={strip.height}
                  stroke-width={g.stroke}
                  stroke-dasharray={`${g.stroke * 3} ${g.stroke * 2}`}
                />
                <text
                  x={strip.x + strip.width / 2}
                  y={strip.y + strip.height / 2}
                  font-size={Math.min(strip.width, strip.height, g.hatch * 3) * 0.6}
                  text-anchor="middle"
                  dominant-baseline="central"
                >
                  {i + 1}
                </text>
              </g>
            ))
          : null}
        <rect
          x={0}
          y={0}
          width={g.canvas.width}
          height={g.canvas.height}
          class="preview-outline"
          stroke-width={g.stroke * 1.5}
        />
      </svg>
      <figcaption
        class={image?.status === 'failed' ? 'preview-caption field-error' : 'preview-caption'}
        {...(image?.status === 'failed' ? { id: SELECTION_HINT_ID } : {})}
      >
        {image === undefined
          ? 'Loading the image…'
          : image.status === 'failed'
            ? image.error.message
            : target.status === 'covered'
              ? 'Nothing to generate'
              : passes
                ? `Hatched: the area that will be generated, in ${passes.passes.length} passes in the order numbered`
                : 'Hatched: the area that will be generated'}
      </figcaption>
    </figure>
  );
}
