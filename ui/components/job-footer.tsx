// The bottom of the panel: the Outpaint button (with the reason when it can't run), progress with Cancel,
// the done summary, and errors with the buttons that lead to the fix.
import type { WriteOutcome } from '../../common/protocol/messages';
import type { Dispatch } from '../state/app-store';
import type { AppState, JobState } from '../state/app-state';
import { runBlocker } from '../state/app-selectors';
import { errorHeadline, nextSteps } from '../state/error-next-step';
import { describeStage, formatCredits, stageFraction } from '../state/job-stage';
import type { PanelCommands } from '../app/panel-commands';

type Running = Extract<JobState, { phase: 'running' }>;
type Done = Extract<JobState, { phase: 'done' }>;
type Failed = Extract<JobState, { phase: 'failed' }>;

function engineName(state: AppState): string {
  return state.settings.engine === 'offline' ? 'Offline' : `FLUX ${state.settings.mode === 'fast' ? 'fast' : 'high'}`;
}

function Idle({ state, commands }: { state: AppState; commands: PanelCommands }) {
  const blocker = runBlocker(state);
  return (
    <div class="footer-row">
      <button
        type="button"
        class="button button-primary"
        disabled={blocker !== null}
        aria-describedby="run-reason"
        onClick={() => commands.outpaint()}
      >
        Outpaint
      </button>
      <p id="run-reason" class="footer-note">
        {blocker ?? `With ${engineName(state)}`}
      </p>
    </div>
  );
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
        {job.result === null ? (
          <button type="button" class="button" onClick={() => commands.cancel()} disabled={job.cancelling} aria-keyshortcuts="Escape">
            Cancel
          </button>
        ) : null}
      </div>
      <progress class="progress" max={1} value={fraction} aria-label={`Progress on “${job.nodeName}”`} />
      {job.engine === 'flux' && job.result === null ? <p class="footer-note">Keep the plugin open until it finishes.</p> : null}
    </div>
  );
}

function outcomeText(outcome: WriteOutcome, nodeName: string): string {
  return outcome.kind === 'written'
    ? `Written into “${nodeName}”. Undo puts the original back; the original fill is kept hidden.`
    : `“${nodeName}” changed while this ran, so the result was placed beside it as a new frame. ${outcome.reason.message}`;
}

function DoneView({ job, dispatch }: { job: Done; dispatch: Dispatch }) {
  const cost = job.meta.cost === null ? '' : ` · ${formatCredits(job.meta.cost)}`;
  return (
    <div class="footer-stack" role="status">
      <p class="done-title">
        {job.outcome.kind === 'written' ? 'Done' : 'Done — placed beside'} · {job.meta.width} × {job.meta.height} px{cost}
      </p>
      <p class="footer-note">{outcomeText(job.outcome, job.nodeName)}</p>
      <div class="footer-row footer-row-end">
        <button type="button" class="button" onClick={() => dispatch({ type: 'job/dismissed' })}>
          OK
        </button>
      </div>
    </div>
  );
}

function FailedView({ job, dispatch, commands }: { job: Failed; dispatch: Dispatch; commands: PanelCommands }) {
  const cancelled = job.error.code === 'cancelled';
  const steps = cancelled ? [] : nextSteps(job.error, job.result !== null);
  return (
    <div class={cancelled ? 'footer-stack' : 'footer-stack callout callout-danger'} role="alert">
      <p class="error-title">{job.result !== null ? 'The image is made but not written' : errorHeadline(job.error.code)}</p>
      <p class="error-message">{job.error.message}</p>
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
                <button key={step} type="button" class="button button-primary" onClick={() => dispatch({ type: 'view/opened', view: 'settings', focus: 'api-key' })}>
                  Check API key
                </button>
              );
            case 'open-endpoint':
              return (
                <button key={step} type="button" class="button" onClick={() => dispatch({ type: 'view/opened', view: 'settings', focus: 'endpoint' })}>
                  Check endpoint
                </button>
              );
            case 'retry':
              return (
                <button key={step} type="button" class="button button-primary" onClick={() => { dispatch({ type: 'job/dismissed' }); commands.outpaint(); }}>
                  Try again
                </button>
              );
          }
        })}
        {job.result === null ? (
          <button type="button" class="button" onClick={() => dispatch({ type: 'job/dismissed' })}>
            {cancelled ? 'OK' : 'Dismiss'}
          </button>
        ) : null}
      </div>
    </div>
  );
}

export function JobFooter({ state, dispatch, commands }: { state: AppState; dispatch: Dispatch; commands: PanelCommands }) {
  const job = state.job;
  return (
    <footer class="footer" aria-label="Outpaint">
      {job.phase === 'idle' ? <Idle state={state} commands={commands} /> : null}
      {job.phase === 'running' ? <RunningView job={job} commands={commands} /> : null}
      {job.phase === 'done' ? <DoneView job={job} dispatch={dispatch} /> : null}
      {job.phase === 'failed' ? <FailedView job={job} dispatch={dispatch} commands={commands} /> : null}
    </footer>
  );
}
