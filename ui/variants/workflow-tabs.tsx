// Switches the panel between the selection (one outpaint), the format variants and extend artboard. The first tab is
// not called "Outpaint": that is the run button's name, and a second control with it would be ambiguous.
// An ARIA tablist (WAI-ARIA APG "Tabs" pattern, https://www.w3.org/WAI/ARIA/apg/patterns/tabs/): only the selected
// tab is in the Tab order, Left/Right/Home/End move between tabs and activate them, the panel names its tab.
import type { Dispatch } from '../state/app-store';
import type { View } from '../state/app-state';

type WorkflowView = Exclude<View, 'settings'>;

const TABS: { view: WorkflowView; label: string }[] = [
  { view: 'main', label: 'Selection' },
  { view: 'variants', label: 'Variants' },
  { view: 'extend', label: 'Extend' },
];

/** The element that holds the selected tab's content (role="tabpanel"). */
export const WORKFLOW_PANEL_ID = 'workflow-panel';

export function workflowTabId(view: View): string {
  return `workflow-tab-${view}`;
}

function targetIndex(key: string, current: number): number | null {
  const last = TABS.length - 1;
  switch (key) {
    case 'ArrowRight':
      return current === last ? 0 : current + 1;
    case 'ArrowLeft':
      return current === 0 ? last : current - 1;
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return null;
  }
}

export function WorkflowTabs({ view, dispatch }: { view: View; dispatch: Dispatch }) {
  const onKeyDown = (e: KeyboardEvent, index: number) => {
    const next = targetIndex(e.key, index);
    const tab = next === null ? undefined : TABS[next];
    if (!tab) return;
    e.preventDefault();
    dispatch({ type: 'view/opened', view: tab.view });
    // Focus follows the selection (automatic activation): the new tab is rendered, so it can take focus now.
    const list = (e.currentTarget as HTMLElement).parentElement;
    list?.querySelector<HTMLElement>(`#${workflowTabId(tab.view)}`)?.focus();
  };
  return (
    <div class="tabs" role="tablist" aria-label="Workflow">
      {TABS.map((tab, index) => {
        const selected = view === tab.view;
        return (
          <button
            key={tab.view}
            id={workflowTabId(tab.view)}
            type="button"
            role="tab"
            class="tab"
            aria-selected={selected}
            aria-controls={WORKFLOW_PANEL_ID}
            tabIndex={selected ? 0 : -1}
            onClick={() => dispatch({ type: 'view/opened', view: tab.view })}
            onKeyDown={(e) => onKeyDown(e, index)}
          >
            {tab.label}
          </button>
        );
      })}
    </div>
  );
}
