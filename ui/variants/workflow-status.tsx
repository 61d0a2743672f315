// One line on what a workflow is doing ("Outpainting 5 frames at once: 2 of 5 done"), or how it ended.
import type { WorkflowCommands } from './workflow-commands';
import type { WorkflowState } from './workflow-store';

/** What a busy workflow is doing, in one line; null when it is not busy. */
export function workflowProgressText(state: WorkflowState): string | null {
  switch (state.phase) {
    case 'creating':
      return state.what === 'variants' ? 'Making the variant frames…' : 'Extending the frame…';
    case 'outpainting':
      return state.total === 1
        ? `Outpainting${state.name ? ` “${state.name}”` : ''}…`
        : `Outpainting ${state.total} frames at once: ${state.index} of ${state.total} done`;
    default:
      return null;
  }
}

export function WorkflowStatus({ state, commands }: { state: WorkflowState; commands: WorkflowCommands }) {
  switch (state.phase) {
    case 'idle':
      return null;
    case 'creating':
    case 'outpainting':
      return (
        <p class="callout" role="status">
          {workflowProgressText(state)}
        </p>
      );
    case 'finished':
    case 'failed':
      return (
        <div
          class={state.phase === 'failed' ? 'callout callout-warning workflow-done' : 'callout workflow-done'}
          role={state.phase === 'failed' ? 'alert' : 'status'}
        >
          <p class="workflow-message">{state.message}</p>
          <button type="button" class="button" onClick={() => commands.dismiss()}>
            OK
          </button>
        </div>
      );
  }
}
