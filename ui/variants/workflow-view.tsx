// The body of the Variants and Extend tabs, with the workflow's status line; mounted by ui/components/app.tsx.
import type { AppState } from '../state/app-state';
import { footerJob } from '../state/footer-job';
import type { Dispatch } from '../state/app-store';
import { ExtendPanel } from './extend-panel';
import './variants.css';
import { VariantsPanel } from './variants-panel';
import type { WorkflowCommands } from './workflow-commands';
import { useStoreState } from '../state/use-store-state';
import { WorkflowStatus } from './workflow-status';
import { isWorkflowBusy, type WorkflowStore } from './workflow-store';

export interface Workflows {
  store: WorkflowStore;
  commands: WorkflowCommands;
}

export function WorkflowView({
  state,
  dispatch,
  workflows,
}: {
  state: AppState;
  dispatch: Dispatch;
  workflows: Workflows;
}) {
  const workflow = useStoreState(workflows.store);
  return (
    <>
      {/* A running set says its progress under its button (variants-panel.tsx), where it stays in view. */}
      {/* An extend's one job shows its progress in the footer. */}
      {(state.view === 'variants' && isWorkflowBusy(workflow)) ||
      (state.view === 'extend' && workflow.phase === 'outpainting' && footerJob(state).phase === 'running') ? null : (
        <WorkflowStatus state={workflow} commands={workflows.commands} />
      )}
      {state.view === 'variants' ? (
        <VariantsPanel state={state} dispatch={dispatch} workflow={workflow} commands={workflows.commands} />
      ) : null}
      {state.view === 'extend' ? (
        <ExtendPanel state={state} dispatch={dispatch} workflow={workflow} commands={workflows.commands} />
      ) : null}
    </>
  );
}

/** The status line alone, for the Outpaint tab (quick actions and relaunch report there). */
export function WorkflowNotice({ workflows }: { workflows: Workflows }) {
  const workflow = useStoreState(workflows.store);
  return <WorkflowStatus state={workflow} commands={workflows.commands} />;
}
