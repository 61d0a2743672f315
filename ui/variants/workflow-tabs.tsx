// Switches the panel between the selection (one outpaint), the format variants and extend artboard. The first tab is
// not called "Outpaint": that is the run button's name, and a second control with it would be ambiguous.
import type { Dispatch } from '../state/app-store';
import type { View } from '../state/app-state';

const TABS: { view: View; label: string }[] = [
  { view: 'main', label: 'Selection' },
  { view: 'variants', label: 'Variants' },
  { view: 'extend', label: 'Extend' },
];

export function WorkflowTabs({ view, dispatch }: { view: View; dispatch: Dispatch }) {
  return (
    <nav class="tabs" aria-label="Workflow">
      {TABS.map((tab) => (
        <button key={tab.view} type="button" class="tab" aria-pressed={view === tab.view} onClick={() => dispatch({ type: 'view/opened', view: tab.view })}>
          {tab.label}
        </button>
      ))}
    </nav>
  );
}
