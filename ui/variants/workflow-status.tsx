// One line on what a workflow is doing ("Outpainting 5 frames at once: 2 of 5 done"), or how it ended.
import type { WorkflowCommands } from './workflow-commands';
import type { WorkflowState } from './workflow-store';

export function WorkflowStatus({ state, commands }: { state: WorkflowState; commands: WorkflowCommands }) {
  switch (state.phase) {
    case 'idle':
      return null;
    case 'creating':
      return (
        <p class="callout" role="status">
          {state.what === 'variants' ? 'Making the variant frames…' : 'Extending the frame…'}
        </p>
      );
    case 'outpainting':
      return (
        <p class="callout" role="status">
          {state.total === 1
            ? `Outpainting${state.name ? ` “${state.name}”` : ''}…`
            : `Outpainting ${state.total} frames at once: ${state.index} of ${state.total} done`}
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
