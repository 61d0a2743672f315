// The panel: header, the selection (or settings), and the job footer. Escape cancels a running job,
// or leaves Settings.
import { useEffect } from 'preact/hooks';
import type { AppStore } from '../state/app-store';
import { useStoreState } from '../state/use-store-state';
import { footerJob } from '../state/footer-job';
import type { PanelCommands } from '../app/panel-commands';
import { JobFooter } from './job-footer';
import { SelectionSummary } from './selection-summary';
import type { DraftCommands } from '../jobs/draft-runner';
import { BusyBorderNotice } from './busy-border-notice';
import { SettingsPanel } from './settings-panel';
import { DiagnosticsPanel } from './diagnostics-panel';
import type { DiagnosticsState } from '../app/diagnostics';
import type { SubscribableStore } from '../state/value-store';
import type { BatchCommands } from '../batch/batch-commands';
import { BatchOptions } from './batch-options';
import { BatchFooter, usesBatchFooter } from './batch-footer';
import { batchTargets } from '../batch/batch-selectors';
import { BatchQueue, QueueFooter } from './batch-queue';
import { CreditBalance } from './credit-balance';
import { WaitingElsewhere } from './waiting-elsewhere';
import { WORKFLOW_PANEL_ID, WorkflowTabs, workflowTabId } from '../variants/workflow-tabs';
import { WorkflowNotice, WorkflowView, type Workflows } from '../variants/workflow-view';

export function App({
  store,
  commands,
  workflows,
  batch,
  diagnostics,
  drafts,
  runWithFlux,
}: {
  store: AppStore;
  commands: PanelCommands;
  workflows?: Workflows;
  batch?: BatchCommands;
  diagnostics?: SubscribableStore<DiagnosticsState>;
  /** The free offline draft beside FLUX jobs (ui/jobs/draft-runner.ts). */
  drafts?: DraftCommands;
  /** Runs the chosen frame once with FLUX (the busy-border notice's offer). */
  runWithFlux?: () => void;
}) {
  const state = useStoreState(store);
  const dispatch = store.dispatch;
  // The queue (ui/batch/) shows only when main.tsx passes its commands; without them the panel is as before.
  const queueOpen = batch !== undefined && state.view === 'main' && state.batch.open;
  const batchFooter = batch !== undefined && state.view === 'main' && !queueOpen && usesBatchFooter(state);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      const now = store.getState();
      if (footerJob(now).phase === 'running') commands.cancel();
      else if (now.view === 'settings') dispatch({ type: 'view/opened', view: 'main' });
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, commands, dispatch]);

  const inSettings = state.view === 'settings';
  const footer = footerJob(state);
  return (
    <div class="app">
      <header class="header">
        {/* The engine shows once, beside the button that runs it (components/engine-chip.tsx). */}
        <h1 class="title">{inSettings ? 'Settings' : 'Outpaint'}</h1>
        <button
          type="button"
          class="icon-button"
          aria-label={inSettings ? 'Close settings' : 'Settings'}
          aria-pressed={inSettings}
          onClick={() => dispatch({ type: 'view/opened', view: inSettings ? 'main' : 'settings' })}
        >
          {inSettings ? (
            <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
              <path d="M4 4l8 8M12 4l-8 8" stroke="currentColor" stroke-width="1.5" fill="none" />
            </svg>
          ) : (
            <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
              <circle cx="8" cy="8" r="2.2" stroke="currentColor" stroke-width="1.3" fill="none" />
              <path
                d="M8 1.5v2M8 12.5v2M1.5 8h2M12.5 8h2M3.4 3.4l1.4 1.4M11.2 11.2l1.4 1.4M3.4 12.6l1.4-1.4M11.2 4.8l1.4-1.4"
                stroke="currentColor"
                stroke-width="1.3"
              />
            </svg>
          )}
        </button>
      </header>
      {workflows && !inSettings ? <WorkflowTabs view={state.view} dispatch={dispatch} /> : null}
      <main class="body">
        {inSettings ? <SettingsPanel state={state} dispatch={dispatch} commands={commands} /> : null}
        {inSettings && batch ? <CreditBalance state={state} batch={batch} /> : null}
        {inSettings && diagnostics ? <DiagnosticsPanel diagnostics={diagnostics} /> : null}
        {/* With the workflow tabs, the view's content is the selected tab's panel (WAI-ARIA APG Tabs pattern). */}
        <div
          {...(workflows && !inSettings
            ? { role: 'tabpanel', id: WORKFLOW_PANEL_ID, 'aria-labelledby': workflowTabId(state.view) }
            : {})}
        >
          {state.view === 'main' ? <WaitingElsewhere state={state} /> : null}
          {state.view === 'main' && workflows ? <WorkflowNotice workflows={workflows} /> : null}
          {state.view === 'main' && !queueOpen ? (
            <SelectionSummary
              state={state}
              dispatch={dispatch}
              runsAll={batch !== undefined && batchTargets(state).length >= 2}
              drafts={drafts}
            />
          ) : null}
          {state.view === 'main' && !queueOpen ? (
            <BusyBorderNotice state={state} dispatch={dispatch} runWithFlux={runWithFlux} />
          ) : null}
          {state.view === 'main' && !queueOpen && batch ? <BatchOptions state={state} dispatch={dispatch} /> : null}
          {queueOpen && batch ? <BatchQueue state={state} dispatch={dispatch} batch={batch} /> : null}
          {workflows && (state.view === 'variants' || state.view === 'extend') ? (
            <WorkflowView state={state} dispatch={dispatch} workflows={workflows} />
          ) : null}
        </div>
      </main>
      {/* In Settings only a running job's progress shows; its errors show beside the field they concern. */}
      {/* The workflow tabs have their own action button; the footer shows there only for a job's progress or end. */}
      {/* While one result is compared, its caption says what it cost and where it went; the queue's totals (every
          run of the session, "2 of 2 written" after one Outpaint) would describe something else. */}
      {queueOpen && batch && state.batch.comparing === null ? (
        <QueueFooter state={state} dispatch={dispatch} batch={batch} />
      ) : null}
      {batchFooter && batch ? <BatchFooter state={state} dispatch={dispatch} batch={batch} /> : null}
      {!queueOpen &&
      !batchFooter &&
      (state.view === 'main' || footer.phase === 'running' || (!inSettings && footer.phase !== 'idle')) ? (
        <JobFooter state={state} dispatch={dispatch} commands={commands} />
      ) : null}
    </div>
  );
}
