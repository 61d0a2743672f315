// The bottom of the panel: the Outpaint button (with the reason when it can't run), progress with Cancel,
// the done summary, and errors with the buttons that lead to the fix.
import type { Dispatch } from '../state/app-store';
import type { AppState } from '../state/app-state';
import { footerJob, type FooterJob } from '../state/footer-job';
import { SELECTION_HINT_ID, blockerShownAbove, runBlocker } from '../state/app-selectors';
import { errorLines, nextSteps } from '../state/error-next-step';
import { describeStage, formatCredits, stageFraction } from '../state/job-stage';
import type { PanelCommands } from '../app/panel-commands';
import { EngineChip } from './engine-chip';
import { RunCost } from './run-cost';
import { RunPrompt } from './run-prompt';

type Running = Extract<FooterJob, { phase: 'running' }>;
type Done = Extract<FooterJob, { phase: 'done' }>;
type Failed = Extract<FooterJob, { phase: 'failed' }>;

function Idle({ state, dispatch, commands }: { state: AppState; dispatch: Dispatch; commands: PanelCommands }) {
  const blocker = runBlocker(state);
  // Said once: when the selection area already shows why, the button points there (aria-describedby).
  const above = blocker !== null && blockerShownAbove(state);
  const describedBy = blocker === null ? {} : { 'aria-describedby': above ? SELECTION_HINT_ID : 'run-reason' };
  return (
    <div class="footer-stack">
      <RunPrompt state={state} dispatch={dispatch} />
      <div class="footer-row">
        <button
          type="button"
          class="button button-primary"
          disabled={blocker !== null}
          {...describedBy}
          onClick={() => commands.outpaint()}
        >
          Outpaint
        </button>
        <EngineChip state={state} dispatch={dispatch} />
        {blocker === null ? <RunCost state={state} /> : null}
      </div>
      {blocker === null || above ? null : (
        <p id="run-reason" class="footer-note">
          {blocker}
        </p>
      )}
    </div>
  );
}

/**
 * Whether closing the panel loses the job. A FLUX task is saved the moment the API accepts it and a reopened
 * panel fetches it within the resume window (common/batch/resume-window.ts); before that, and for the offline
 * engine (it runs in this panel), closing stops the job.
 */
function runningNote(job: Running): string {
  if (job.engine === 'offline') return 'Keep the plugin open until it finishes.';
  const sent = job.stage.kind !== 'starting' && job.stage.kind !== 'preparing' && job.stage.kind !== 'sending';
  return sent
    ? 'You can close the plugin — the result is fetched when you reopen it within a few minutes.'
    : 'Keep the plugin open until the task is sent.';
}

function RunningView({ job, commands }: { job: Running; commands: PanelCommands }) {
  const fraction = stageFraction(job.stage);
  const text = job.cancelling ? 'Cancelling…' : describeStage(job.stage, job.engine);
  return (
    <div class="footer-stack">
      <div class="footer-row">
        <span class="stage" role="status" aria-live="polite">
          {text}
        </span>
        {job.canCancel ? (
          <button
            type="button"
            class="button"
            onClick={() => commands.cancel()}
            disabled={job.cancelling}
            aria-keyshortcuts="Escape"
          >
            Cancel
          </button>
        ) : null}
      </div>
      <progress class="progress" max={1} value={fraction} aria-label={`Progress on “${job.nodeName}”`} />
      {job.canCancel && !job.cancelling ? <p class="footer-note">{runningNote(job)}</p> : null}
    </div>
  );
}

function outcomeText(job: Done): string {
  const { outcome, nodeName } = job;
  // Keeping the draft wrote into the frame, so the sandbox placed FLUX's result beside it and says "the frame
  // changed": true, but the designer made that change on purpose; say what each frame now holds.
  if (job.draftKept && outcome.kind !== 'written')
    return `Your kept draft stays in “${nodeName}”. The paid FLUX result is a new frame beside it, selected on the canvas.`;
  // The sandbox's reason already says why and where (plugin/write-result.ts MESSAGES): add only that it is selected.
  return outcome.kind === 'written'
    ? `Written into “${nodeName}”. Undo puts the original back; the original fill is kept hidden.`
    : `${outcome.reason.message} It is selected on the canvas.`;
}

function doneTitle(job: Done): string {
  if (job.outcome.kind === 'written') return 'Done';
  return job.draftKept ? 'Done — FLUX result beside your draft' : 'Done — as a new frame';
}

/**
 * `summarisedAbove`: in the Variants and Extend tabs the workflow's own status line says how the run ended and what
 * one undo does (an extend undoes the resize too); the footer's generic "Undo puts the original back" would say it
 * a second time, and wrongly for a resized or new frame.
 */
function DoneView({ job, dispatch, summarisedAbove }: { job: Done; dispatch: Dispatch; summarisedAbove: boolean }) {
  const cost = job.written.cost === null ? '' : ` · ${formatCredits(job.written.cost)}`;
  return (
    <div class="footer-stack" role="status">
      <p class="done-title">
        {doneTitle(job)} · {job.written.width} × {job.written.height} px{cost}
      </p>
      {summarisedAbove ? null : <p class="footer-note">{outcomeText(job)}</p>}
      <div class="footer-row footer-row-end">
        {job.comparable ? (
          <button
            type="button"
            class="button"
            onClick={() =>
              dispatch({
                type: 'batch',
                action: { type: 'compare/opened', rowId: job.rowId, candidate: job.candidate },
              })
            }
          >
            Compare
          </button>
        ) : null}
        <button
          type="button"
          class="button"
          onClick={() => dispatch({ type: 'batch', action: { type: 'focus/cleared' } })}
        >
          OK
        </button>
      </div>
    </div>
  );
}

function FailedView({ job, dispatch, commands }: { job: Failed; dispatch: Dispatch; commands: PanelCommands }) {
  const cancelled = job.error.code === 'cancelled';
  const steps = cancelled ? [] : nextSteps(job.error, { held: job.held, awaitingCheck: job.awaitingCheck });
  // A held result has its own title (the message says why the write failed); otherwise the message splits in two.
  const lines = job.held
    ? { headline: 'The image is made but not written', detail: job.error.message }
    : errorLines(job.error);
  return (
    // A kept paid task FLUX has not delivered yet is a wait, not a failure: said calmly, without an alert.
    <div
      class={
        cancelled
          ? 'footer-stack'
          : job.awaitingCheck
            ? 'footer-stack callout callout-warning'
            : 'footer-stack callout callout-danger'
      }
      role={job.awaitingCheck ? 'status' : 'alert'}
    >
      <p class="error-title">{lines.headline}</p>
      {lines.detail === null ? null : <p class="error-message">{lines.detail}</p>}
      <div class="footer-row footer-row-end">
        {steps.map((step) => {
          switch (step) {
            case 'retry-write':
              return (
                <button key={step} type="button" class="button button-primary" onClick={() => commands.retryWrite()}>
                  Try writing again
                </button>
              );
            case 'open-key':
              return (
                <button
                  key={step}
                  type="button"
                  class="button button-primary"
                  onClick={() => dispatch({ type: 'view/opened', view: 'settings', focus: 'api-key' })}
                >
                  Check API key
                </button>
              );
            case 'open-endpoint':
              return (
                <button
                  key={step}
                  type="button"
                  class="button"
                  onClick={() => dispatch({ type: 'view/opened', view: 'settings', focus: 'endpoint' })}
                >
                  Check endpoint
                </button>
              );
            case 'check-again':
              return (
                <button key={step} type="button" class="button button-primary" onClick={() => commands.checkAgain()}>
                  Check again
                </button>
              );
            case 'retry':
              return (
                <button
                  key={step}
                  type="button"
                  class="button button-primary"
                  onClick={() => {
                    dispatch({ type: 'batch', action: { type: 'focus/cleared' } });
                    commands.outpaint();
                  }}
                >
                  Try again
                </button>
              );
          }
        })}
        {!job.held && !job.awaitingCheck ? (
          <button
            type="button"
            class="button"
            onClick={() => dispatch({ type: 'batch', action: { type: 'focus/cleared' } })}
          >
            {cancelled ? 'OK' : 'Dismiss'}
          </button>
        ) : null}
      </div>
    </div>
  );
}

export function JobFooter({
  state,
  dispatch,
  commands,
}: {
  state: AppState;
  dispatch: Dispatch;
  commands: PanelCommands;
}) {
  const job = footerJob(state);
  return (
    <footer class="footer" aria-label="Outpaint">
      {job.phase === 'idle' ? <Idle state={state} dispatch={dispatch} commands={commands} /> : null}
      {job.phase === 'running' ? <RunningView job={job} commands={commands} /> : null}
      {job.phase === 'done' ? (
        <DoneView
          job={job}
          dispatch={dispatch}
          summarisedAbove={state.view === 'variants' || state.view === 'extend'}
        />
      ) : null}
      {job.phase === 'failed' ? <FailedView job={job} dispatch={dispatch} commands={commands} /> : null}
    </footer>
  );
}
