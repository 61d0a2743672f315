// Drag the image to place it on the new frame, like the placement widget in the API docs
// (https://docs.bfl.ai/flux_tools/flux_outpainting, OutpaintingPlacementDemo): the frame hatched where it will be generated, the image on
// top. Pointer drags it; arrow keys move it 1% of the free space (Shift: 10%); the anchor grid beside it is the
// other accessible way in. Positions are placements (fractions), the unit the sandbox applies exactly.
import { useId, useRef } from 'preact/hooks';
import type { Size } from '../../common/geometry/plan';
import { clampPlacement, placeImage } from '../../common/variants/place-image';
import type { Placement } from '../../common/variants/format-presets';

export interface PlacementEditorProps {
  frame: Size;
  /** The whole image's size in the frame's units. */
  image: Size;
  placement: Placement;
  onChange(placement: Placement): void;
  /** The stored image, drawn turned by `rotation` into the image box; absent while loading. */
  picture: { url: string; stored: Size; turned: Size; rotation: string } | null;
}

const STEP = 0.01;
const BIG_STEP = 0.1;

function percent(value: number): number {
  return Math.round(value * 100);
}

export function placementText(p: Placement): string {
  return `${percent(p.x)}% from the left, ${percent(p.y)}% from the top`;
}

export function PlacementEditor({ frame, image, placement, onChange, picture }: PlacementEditorProps) {
  const uid = useId().replace(/[^a-zA-Z0-9_-]/g, '');
  const svgRef = useRef<SVGSVGElement>(null);
  const drag = useRef<{ x: number; y: number; from: { x: number; y: number }; unitsPerPx: number; id: number } | null>(
    null,
  );
  const rect = placeImage(frame, image, placement);
  const span = Math.max(frame.width, frame.height, 1);
  const pad = span * 0.03;
  const stroke = span / 240;
  const hatch = span / 36;
  const free = { x: frame.width - image.width, y: frame.height - image.height };
  const toPlacement = (x: number, y: number): Placement =>
    clampPlacement({ x: free.x === 0 ? 0.5 : x / free.x, y: free.y === 0 ? 0.5 : y / free.y });

  const onPointerDown = (e: PointerEvent) => {
    const svg = svgRef.current;
    if (!svg) return;
    const box = svg.getBoundingClientRect();
    if (box.width <= 0) return;
    e.preventDefault();
    (e.currentTarget as Element).setPointerCapture?.(e.pointerId);
    drag.current = {
      x: e.clientX,
      y: e.clientY,
      from: { x: rect.x, y: rect.y },
      unitsPerPx: (frame.width + 2 * pad) / box.width,
      id: e.pointerId,
    };
  };
  const onPointerMove = (e: PointerEvent) => {
    const d = drag.current;
    if (!d || d.id !== e.pointerId) return;
    onChange(toPlacement(d.from.x + (e.clientX - d.x) * d.unitsPerPx, d.from.y + (e.clientY - d.y) * d.unitsPerPx));
  };
  const endDrag = () => {
    drag.current = null;
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const step = e.shiftKey ? BIG_STEP : STEP;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
      ArrowUp: [0, -step],
      ArrowDown: [0, step],
    };
    const move = moves[e.key];
    if (!move) return;
    e.preventDefault();
    onChange(clampPlacement({ x: placement.x + move[0], y: placement.y + move[1] }));
  };

  const hatchId = `extend-hatch-${uid}`;
  const helpId = `extend-help-${uid}`;
  return (
    <figure class="preview placement-editor">
      <div
        class="placement-surface"
        tabIndex={0}
        role="group"
        aria-roledescription="placement editor"
        aria-label={`Image placement: ${placementText(placement)}`}
        aria-describedby={helpId}
        onKeyDown={onKeyDown}
      >
        <svg
          ref={svgRef}
          class="preview-svg"
          viewBox={`${-pad} ${-pad} ${frame.width + 2 * pad} ${frame.height + 2 * pad}`}
          preserveAspectRatio="xMidYMid meet"
          aria-hidden="true"
        >
          <defs>
            <pattern
              id={hatchId}
              patternUnits="userSpaceOnUse"
              width={hatch}
              height={hatch}
              patternTransform="rotate(45)"
            >
              <line x1={0} y1={0} x2={0} y2={hatch} class="preview-hatch" stroke-width={stroke} />
            </pattern>
            <clipPath id={`${hatchId}-clip`}>
              <rect x={0} y={0} width={frame.width} height={frame.height} />
            </clipPath>
          </defs>
          <rect
            x={0}
            y={0}
            width={frame.width}
            height={frame.height}
            class="preview-canvas"
            fill={`url(#${hatchId})`}
          />
          <g
            class="placement-image"
            clip-path={`url(#${hatchId}-clip)`}
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
            onPointerUp={endDrag}
            onPointerCancel={endDrag}
          >
            {picture ? (
              <svg
                x={rect.x}
                y={rect.y}
                width={rect.width}
                height={rect.height}
                viewBox={`0 0 ${picture.turned.width} ${picture.turned.height}`}
                preserveAspectRatio="none"
              >
                <g transform={picture.rotation || undefined}>
                  <image
                    href={picture.url}
                    x={0}
                    y={0}
                    width={picture.stored.width}
                    height={picture.stored.height}
                    preserveAspectRatio="none"
                  />
                </g>
              </svg>
            ) : (
              <rect x={rect.x} y={rect.y} width={rect.width} height={rect.height} class="preview-placeholder" />
            )}
            <rect
              x={rect.x}
              y={rect.y}
              width={rect.width}
              height={rect.height}
              class="preview-reference"
              stroke-width={stroke}
            />
          </g>
          <rect
            x={0}
            y={0}
            width={frame.width}
            height={frame.height}
            class="preview-outline"
            stroke-width={stroke * 1.5}
          />
        </svg>
      </div>
      <figcaption id={helpId} class="preview-caption">
        Drag the image, or use the arrow keys (Shift: bigger steps). Hatched: the area that will be generated.
      </figcaption>
    </figure>
  );
}
