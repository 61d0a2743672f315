// The preview while a FLUX job works on the chosen frame: the free offline draft (ui/jobs/draft-runner.ts), marked
// as a draft, with "Keep draft"; then the FLUX result, which replaces it the moment it arrives.
import type { Target } from '../../common/selection/report';
import type { AppState } from '../state/app-state';
import { ACTIVE_STATUSES, type BatchRow } from '../batch/batch-state';
import type { DraftCommands } from '../jobs/draft-runner';

export const DRAFT_PREVIEW_TEXT = {
  making: 'Making a free offline draft while FLUX works…',
  draft: 'Draft from the offline engine, free. The FLUX result replaces it when it arrives.',
  keepNote:
    'Keeping it writes the draft into the frame now at no cost. The FLUX task already sent is charged as before; its result is kept and placed beside the frame.',
  keeping: 'Writing the draft into the frame…',
  kept: 'The draft is in the frame. The FLUX result (already paid) will be placed beside it when it arrives.',
  flux: 'The FLUX result is in. It replaced the draft.',
} as const;

/** The footer's running FLUX row on this frame, when it has a draft (or had one and now has FLUX's result). */
export function draftRowFor(state: AppState, target: Target): BatchRow | null {
  const { batch } = state;
  const row = batch.rows.find((r) => r.rowId === batch.focusRowId);
  if (!row || row.engine !== 'flux' || row.nodeId !== target.nodeId || row.draft === null) return null;
  // Once the job ends the frame shows what it holds, and the footer says what happened.
  return ACTIVE_STATUSES.has(row.status) ? row : null;
}

export function DraftPreview({ row, drafts }: { row: BatchRow; drafts: DraftCommands | undefined }) {
  const draft = row.draft;
  if (draft === null) return null;
  const flux = row.candidates.find((c) => c.status === 'ready' && c.url !== null) ?? null;
  // FLUX's result replaces the draft in the preview; a kept draft stays shown (it is what the frame holds).
  const showFlux = flux !== null && draft.status !== 'kept';
  const url = showFlux ? flux.url : draft.url;
  const label = showFlux ? 'FLUX result' : draft.status === 'kept' ? 'Draft · kept' : 'Draft · offline';
  const caption = showFlux
    ? DRAFT_PREVIEW_TEXT.flux
    : draft.status === 'running'
      ? DRAFT_PREVIEW_TEXT.making
      : draft.status === 'kept'
        ? DRAFT_PREVIEW_TEXT.kept
        : draft.status === 'keeping'
          ? DRAFT_PREVIEW_TEXT.keeping
          : DRAFT_PREVIEW_TEXT.draft;
  const offerKeep = !showFlux && (draft.status === 'ready' || draft.status === 'keeping') && drafts !== undefined;
  return (
    <figure class="preview draft-preview" data-draft={showFlux ? 'replaced' : draft.status}>
      <div class="draft-frame">
        {url ? (
          <img
            class="draft-image"
            src={url}
            alt={showFlux ? 'The FLUX result' : 'The offline draft of the whole frame'}
          />
        ) : (
          <div class="draft-placeholder" aria-hidden="true" />
        )}
        <span class={`badge draft-badge${showFlux ? ' draft-badge-final' : ''}`}>{label}</span>
      </div>
      <figcaption class="preview-caption" aria-live="polite">
        {caption}
      </figcaption>
      {draft.error ? (
        <p class="draft-error" role="alert">
          {draft.error.message}
        </p>
      ) : null}
      {offerKeep ? (
        <div class="draft-keep">
          <button
            type="button"
            class="button"
            disabled={draft.status === 'keeping'}
            onClick={() => void drafts.keepDraftAsync(row.rowId)}
          >
            Keep draft
          </button>
          <p class="muted">{DRAFT_PREVIEW_TEXT.keepNote}</p>
        </div>
      ) : null}
    </figure>
  );
}
