// Settings. Every change applies at once, as in Figma's own panels (no Save button whose changes are lost on
// leaving); each is posted as 'settings/save' and the sandbox keeps it in figma.clientStorage — local and
// unencrypted (https://developers.figma.com/docs/plugins/api/figma-clientStorage).
import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';
import type { Settings } from '../../common/settings';
import type { Dispatch } from '../state/app-store';
import type { AppState } from '../state/app-state';
import { footerJob } from '../state/footer-job';
import { OFFLINE_NOTE } from '../state/app-selectors';
import type { PanelCommands } from '../app/panel-commands';
import { API_MAX_ACTIVE_TASKS } from '../api/task-limiter';

const MAX_FEATHER = 64;

function Choice<T extends string>({
  name,
  value,
  options,
  onChange,
}: {
  name: string;
  value: T;
  options: { value: T; label: string }[];
  onChange: (value: T) => void;
}) {
  return (
    <div class="choices">
      {options.map((o) => (
        <label key={o.value} class="choice">
          <input
            type="radio"
            name={name}
            value={o.value}
            checked={value === o.value}
            onChange={() => onChange(o.value)}
          />
          <span>{o.label}</span>
        </label>
      ))}
    </div>
  );
}

/** A labelled control: the label names it, the hint (and an error) describe it. */
function Field({
  label,
  hint,
  error = null,
  inline = false,
  children,
}: {
  label: ComponentChildren;
  hint: string;
  error?: string | null;
  inline?: boolean;
  children: (id: string, describedBy: string) => ComponentChildren;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = error === null ? hintId : `${errorId} ${hintId}`;
  return (
    <div class="field">
      <label class="field-label" for={id}>
        {label}
      </label>
      {inline ? (
        <span class="inline">
          {children(id, describedBy)}
          <span id={hintId} class="muted">
            {hint}
          </span>
        </span>
      ) : (
        children(id, describedBy)
      )}
      {error !== null ? (
        <span id={errorId} class="field-error">
          {error}
        </span>
      ) : null}
      {inline ? null : (
        <span id={hintId} class="hint">
          {hint}
        </span>
      )}
    </div>
  );
}

export function SettingsPanel({
  state,
  dispatch,
  commands,
}: {
  state: AppState;
  dispatch: Dispatch;
  commands: PanelCommands;
}) {
  const draft = state.settings;
  const keyRef = useRef<HTMLInputElement>(null);
  const endpointRef = useRef<HTMLInputElement>(null);
  const edit = (patch: Partial<Settings>) => commands.editSettings(patch);

  useEffect(() => {
    if (state.focus === null) return;
    (state.focus === 'api-key' ? keyRef : endpointRef).current?.focus();
    dispatch({ type: 'focus/done' });
  }, [state.focus, dispatch]);

  const job = footerJob(state);
  const keyError = job.phase === 'failed' && job.error.code === 'api-key' ? job.error.message : null;

  return (
    // Not a submitting form: a sandboxed iframe without allow-forms never submits (the playground's iframe is
    // one; Figma's flags are not documented), and every field applies as it changes.
    <form class="settings" aria-label="Settings" onSubmit={(e) => e.preventDefault()}>
      <fieldset class="group">
        <legend class="section-title">Engine</legend>
        <Choice
          name="engine"
          value={draft.engine}
          options={[
            { value: 'offline', label: 'Offline — quick background extend' },
            { value: 'flux', label: 'FLUX' },
          ]}
          onChange={(engine) => edit({ engine })}
        />
        {/* A live region present from the start, so the notice is announced when it appears. */}
        <div role="status">
          {state.settingsNotice === null ? null : <p class="callout callout-info">{state.settingsNotice}</p>}
        </div>
        {draft.engine === 'offline' ? (
          <p class="hint">{OFFLINE_NOTE}</p>
        ) : (
          <p class="hint">Sends the image to Black Forest Labs through the endpoint below; each run costs credits.</p>
        )}
      </fieldset>

      <fieldset class="group">
        <legend class="section-title">FLUX</legend>
        <Field label="API endpoint" hint="The Outpaint proxy URL; the API can't be called from Figma directly.">
          {(id, hintId) => (
            <input
              id={id}
              ref={endpointRef}
              type="url"
              value={draft.endpoint}
              spellcheck={false}
              placeholder="https://your-proxy.example.com"
              aria-describedby={hintId}
              onInput={(e) => edit({ endpoint: e.currentTarget.value })}
            />
          )}
        </Field>
        <Field label="API key" hint="Stored on this computer, unencrypted." error={keyError}>
          {(id, hintId) => (
            <input
              id={id}
              ref={keyRef}
              type="password"
              value={draft.apiKey}
              autocomplete="off"
              spellcheck={false}
              aria-invalid={keyError !== null}
              aria-describedby={hintId}
              onInput={(e) => edit({ apiKey: e.currentTarget.value })}
            />
          )}
        </Field>
        <div class="field" role="group" aria-labelledby="mode-label">
          <span id="mode-label" class="field-label">
            Mode
          </span>
          <Choice
            name="mode"
            value={draft.mode}
            options={[
              { value: 'high', label: 'High — best fidelity' },
              { value: 'fast', label: 'Fast — quicker, cheaper' },
            ]}
            onChange={(mode) => edit({ mode })}
          />
        </div>
        <Field
          label="Tasks at once"
          hint={`1–${API_MAX_ACTIVE_TASKS} · FLUX allows ${API_MAX_ACTIVE_TASKS} per account`}
          inline
        >
          {(id, hintId) => (
            <input
              id={id}
              type="number"
              min={1}
              max={API_MAX_ACTIVE_TASKS}
              step={1}
              value={draft.concurrency}
              aria-describedby={hintId}
              onInput={(e) => {
                const n = Math.round(Number(e.currentTarget.value));
                // The account-wide ceiling (docs/bfl-api.md, Rate limits and concurrency); lower leaves room for other tools on the same key.
                if (Number.isFinite(n)) edit({ concurrency: Math.min(API_MAX_ACTIVE_TASKS, Math.max(1, n)) });
              }}
            />
          )}
        </Field>
        <Field
          label={
            <>
              Default prompt <span class="badge">Experimental</span>
            </>
          }
          hint="The default for every run; the field beside Outpaint changes it for the next runs only. FLUX marks the prompt experimental: it may change little."
        >
          {(id, hintId) => (
            <textarea
              id={id}
              rows={2}
              value={draft.prompt}
              placeholder="Optional — describe what to add"
              aria-describedby={hintId}
              onInput={(e) => edit({ prompt: e.currentTarget.value })}
            />
          )}
        </Field>
      </fieldset>

      <fieldset class="group">
        <legend class="section-title">Result</legend>
        <div class="field" role="group" aria-labelledby="format-label">
          <span id="format-label" class="field-label">
            Output
          </span>
          <Choice
            name="format"
            value={draft.outputFormat}
            options={[
              { value: 'png', label: 'PNG' },
              { value: 'jpeg', label: 'JPEG' },
            ]}
            onChange={(outputFormat) => edit({ outputFormat })}
          />
        </div>
        <Field label="Seam feather" hint="px · 0 = hard edge" inline>
          {(id, hintId) => (
            <input
              id={id}
              type="number"
              min={0}
              max={MAX_FEATHER}
              step={1}
              value={draft.feather}
              aria-describedby={hintId}
              onInput={(e) => {
                const n = Math.round(Number(e.currentTarget.value));
                if (Number.isFinite(n)) edit({ feather: Math.min(MAX_FEATHER, Math.max(0, n)) });
              }}
            />
          )}
        </Field>
      </fieldset>

      <div class="settings-actions">
        <span class="muted">Changes apply as you make them.</span>
        <button type="button" class="button" onClick={() => dispatch({ type: 'view/opened', view: 'main' })}>
          Back
        </button>
      </div>
    </form>
  );
}
