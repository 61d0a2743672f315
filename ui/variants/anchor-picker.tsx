// A 3×3 grid of radio buttons: where the image sits in a larger frame. Arrow keys move between them, as in any
// radio group; each has a spoken name ("Top left").
import { ANCHORS, anchorLabel, type Anchor } from '../../common/variants/format-presets';

export function AnchorPicker({
  name,
  value,
  onChange,
  legend = 'Image position',
}: {
  name: string;
  value: Anchor | null;
  onChange: (anchor: Anchor) => void;
  legend?: string;
}) {
  return (
    <fieldset class="anchor-picker">
      <legend class="field-label">{legend}</legend>
      <div class="anchor-grid">
        {ANCHORS.map((anchor) => (
          <label key={anchor} class="anchor-cell" title={anchorLabel(anchor)}>
            <input
              type="radio"
              name={name}
              value={anchor}
              checked={value === anchor}
              aria-label={anchorLabel(anchor)}
              onChange={() => onChange(anchor)}
            />
            <span class="anchor-dot" aria-hidden="true" />
          </label>
        ))}
      </div>
    </fieldset>
  );
}
