import { fireEvent, screen, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import type { AppAction } from '../../../ui/state/app-action';
import {
  FLUX_SETTINGS,
  footerRowActions,
  makeRefusal,
  makeRow,
  makeSelection,
  makeTarget,
  rowPatched,
} from '../support/ui-fixtures';
import { renderPanel } from '../support/render-panel';

const CONTROLS = 'button, input, select, textarea, a[href], [tabindex]';

const ROLES = [
  'button',
  'textbox',
  'radio',
  'combobox',
  'spinbutton',
  'checkbox',
  'progressbar',
  'link',
  'img',
] as const;

/** Controls whose accessible name (computed by testing-library's ARIA rules) is empty. */
function unnamedControls(root: HTMLElement): string[] {
  const q = within(root);
  const unnamed = ROLES.flatMap((role) => q.queryAllByRole(role, { name: (name) => name.trim() === '' }));
  // A password field has no ARIA role; it must still be labelled.
  const passwords = [...root.querySelectorAll('input[type="password"]')].filter(
    (el) => el instanceof HTMLInputElement && (el.labels?.length ?? 0) === 0,
  );
  return [...unnamed, ...passwords].map((el) => el.outerHTML.slice(0, 80));
}

const base: AppAction[] = [
  { type: 'settings/loaded', settings: FLUX_SETTINGS },
  {
    type: 'selection/changed',
    selection: makeSelection(
      [makeTarget({ nodeId: 'a' }), makeTarget({ nodeId: 'b', nodeName: 'Second' })],
      [makeRefusal('Pattern', 'tile', 'Tiled — set the fill to Fit')],
    ),
  },
  { type: 'image/ready', hash: 'hash-1', url: 'blob:x' },
];
const began: AppAction[] = footerRowActions(makeRow({ nodeId: 'a', nodeName: 'Hero banner' }));

describe('panel: accessible names and keyboard', () => {
  it.each<[string, AppAction[]]>([
    ['a planned target', base],
    ['a running job', [...base, ...began]],
    [
      'a failed job',
      [
        ...base,
        ...began,
        rowPatched('row-1', { status: 'failed', error: { code: 'network', message: 'Check the endpoint' } }),
      ],
    ],
    ['settings', [...base, { type: 'view/opened', view: 'settings' }]],
  ])('names every control in %s', (_label, actions) => {
    renderPanel(actions);
    const container = document.body;
    expect(container.querySelectorAll(CONTROLS).length).toBeGreaterThan(0);
    // Every focusable element is one of the roles checked above (or a labelled password field).
    const checked = new Set([
      ...ROLES.flatMap((role) => within(container).queryAllByRole(role)),
      ...container.querySelectorAll('input[type="password"]'),
    ]);
    expect([...container.querySelectorAll(CONTROLS)].filter((el) => !checked.has(el))).toEqual([]);
    expect(unnamedControls(container)).toEqual([]);
  });

  it('uses native controls in document order only (Tab reaches all of them; Enter and Space work)', () => {
    const { container } = renderPanel([...base, { type: 'view/opened', view: 'settings' }]);
    const focusables = [...container.querySelectorAll(CONTROLS)].filter(
      (el): el is HTMLElement => el instanceof HTMLElement,
    );
    expect(focusables.every((el) => ['BUTTON', 'INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName))).toBe(true);
    expect(focusables.filter((el) => el.tabIndex > 0)).toEqual([]);
  });

  it('names the settings button by what it does and says when it is open', () => {
    renderPanel(base);
    const open = screen.getByRole('button', { name: 'Settings' });
    expect(open.getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(open);
    expect(screen.getByRole('button', { name: 'Close settings' }).getAttribute('aria-pressed')).toBe('true');
  });
});
