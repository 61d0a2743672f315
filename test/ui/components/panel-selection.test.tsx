import { screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import {
  FLUX_SETTINGS,
  OFFLINE_SETTINGS,
  footerRowActions,
  makePlan,
  makeRefusal,
  makeRow,
  makeSelection,
  makeTarget,
  rowPatched,
} from '../support/ui-fixtures';
import { COVERED_HINT } from '../../../ui/state/app-selectors';
import { renderPanel } from '../support/render-panel';

const loaded = { type: 'settings/loaded' as const, settings: OFFLINE_SETTINGS };

describe('panel: selection and plan', () => {
  it('asks for a frame with an image when nothing is selected, once, and disables Outpaint with that reason', () => {
    renderPanel([loaded, { type: 'selection/changed', selection: makeSelection([]) }]);
    // Said once, in the selection area; the disabled button points there instead of repeating it.
    expect(screen.getAllByText('Select a frame with an image')).toHaveLength(1);
    const button = screen.getByRole('button', { name: 'Outpaint' });
    expect(button).toHaveProperty('disabled', true);
    const reason = document.getElementById(button.getAttribute('aria-describedby') ?? '');
    expect(reason?.textContent).toContain('Select a frame with an image');
    expect(document.getElementById('run-reason')).toBeNull();
  });

  it('says a filled frame has nothing to generate once, not again in the footer', () => {
    renderPanel([loaded, { type: 'selection/changed', selection: makeSelection([makeTarget({ status: 'covered' })]) }]);
    expect(screen.getAllByText(COVERED_HINT)).toHaveLength(1);
    const button = screen.getByRole('button', { name: 'Outpaint' });
    expect(document.getElementById(button.getAttribute('aria-describedby') ?? '')?.textContent).toBe(COVERED_HINT);
  });

  it('lists each refused node with its reason', () => {
    renderPanel([
      loaded,
      {
        type: 'selection/changed',
        selection: makeSelection(
          [],
          [
            makeRefusal('Pattern', 'tile', 'Tiled fills repeat already — set the fill to Fit or Crop'),
            makeRefusal('Tilted', 'rotated', 'This image is rotated — set the rotation to 0°'),
          ],
        ),
      },
    ]);
    const list = screen.getByRole('region', { name: "Can't outpaint the selection" });
    expect(list.textContent).toContain('Pattern');
    expect(list.textContent).toContain('Tiled fills repeat already — set the fill to Fit or Crop');
    expect(list.textContent).toContain('This image is rotated — set the rotation to 0°');
  });

  it("shows the frame's name and size and the plan's canvas, offsets, scale and limit", () => {
    const plan = makePlan({
      width: 2048,
      height: 1152,
      offsetX: 300,
      offsetY: -4,
      autoCrop: true,
      scale: 0.5,
      limitedBy: ['api-max-pixels'],
      megapixels: 2.36,
    });
    renderPanel([
      loaded,
      {
        type: 'selection/changed',
        selection: makeSelection([
          makeTarget({
            nodeName: 'Poster',
            frame: { width: 1600, height: 900 },
            plan,
            notes: ['GIF: only the first frame is used'],
          }),
        ]),
      },
    ]);
    expect(screen.getByText('Poster')).toBeTruthy();
    expect(screen.getByText(/1600 × 900/)).toBeTruthy();
    const plan_ = screen.getByRole('region', { name: 'Plan' });
    expect(plan_.textContent).toContain('2048 × 1152 px');
    expect(plan_.textContent).toContain('x 300, y -4');
    expect(plan_.textContent).toContain('0.5×');
    expect(plan_.textContent).toContain('set by the 4 MP limit; the original stays sharp');
    expect(plan_.textContent).toMatch(/Auto crop\s*On/);
    expect(screen.getByRole('list', { name: 'Notes' }).textContent).toContain('GIF: only the first frame is used');
  });

  it('says the image already fills the frame, with what to do', () => {
    renderPanel([loaded, { type: 'selection/changed', selection: makeSelection([makeTarget({ status: 'covered' })]) }]);
    expect(
      screen.getAllByText('This image already fills the frame — make the frame bigger or set the fill to Fit').length,
    ).toBeGreaterThan(0);
    expect(screen.getByRole('button', { name: 'Outpaint' })).toHaveProperty('disabled', true);
  });

  it('says a frame it has just outpainted is done, instead of the covered hint', () => {
    const covered = makeSelection([makeTarget({ status: 'covered' })]);
    renderPanel([
      loaded,
      { type: 'selection/changed', selection: makeSelection([makeTarget()]) },
      ...footerRowActions(makeRow({ nodeId: '1:2', nodeName: 'Hero banner', engine: 'offline' })),
      rowPatched('row-1', { status: 'done', outcome: { kind: 'written', nodeId: '1:2' }, applied: 0 }),
      { type: 'selection/changed', selection: covered },
    ]);
    const body = screen.getByRole('main').textContent ?? '';
    expect(body).toContain('Outpainted. To extend it further, make the frame bigger or use Extend.');
    expect(body).not.toContain('This image already fills the frame');
  });

  it('shows the image it has just written into the frame, with its size', () => {
    const covered = makeSelection([makeTarget({ status: 'covered' })]);
    const written = { status: 'ready' as const, cost: 4.5, url: 'blob:written', width: 1200, height: 500, error: null };
    renderPanel([
      loaded,
      { type: 'selection/changed', selection: makeSelection([makeTarget()]) },
      ...footerRowActions(makeRow({ nodeId: '1:2', nodeName: 'Hero banner', engine: 'flux' })),
      rowPatched('row-1', {
        status: 'done',
        outcome: { kind: 'written', nodeId: '1:2' },
        applied: 0,
        candidates: [written],
      }),
      { type: 'selection/changed', selection: covered },
    ]);
    const image = screen.getByRole('img', { name: 'The written result, 1200 × 500 px' });
    expect(image.getAttribute('src')).toBe('blob:written');
    expect(screen.getByText('Written: 1200 × 500 px')).toBeTruthy();
  });

  it('keeps the covered hint on a covered frame this session did not outpaint', () => {
    renderPanel([
      loaded,
      { type: 'selection/changed', selection: makeSelection([makeTarget({ nodeId: '7:7', nodeName: 'Other' })]) },
      ...footerRowActions(makeRow({ nodeId: '7:7', nodeName: 'Other', engine: 'offline' })),
      rowPatched('row-1', { status: 'done', outcome: { kind: 'written', nodeId: '7:7' }, applied: 0 }),
      { type: 'selection/changed', selection: makeSelection([makeTarget({ status: 'covered' })]) },
    ]);
    expect(screen.getByRole('main').textContent).toContain(
      'This image already fills the frame — make the frame bigger or set the fill to Fit',
    );
  });

  it('hides the frame picker when the footer runs every selected frame, and says so', () => {
    const selection = makeSelection([
      makeTarget({ nodeId: 'a', nodeName: 'First' }),
      makeTarget({ nodeId: 'b', nodeName: 'Second' }),
    ]);
    renderPanel([loaded, { type: 'selection/changed', selection }], undefined, { withBatch: true });
    expect(screen.queryByRole('combobox', { name: 'Frame to outpaint' })).toBeNull();
    expect(screen.getByRole('main').textContent).toContain('All 2 frames will be outpainted. Showing “First”.');
    expect(screen.getByRole('button', { name: 'Outpaint all 2 frames' })).toBeTruthy();
  });

  it("lists fast mode's problems when fast mode is chosen", () => {
    const plan = makePlan({
      fastMode: { allowed: false, problems: ['The image must touch a canvas edge in fast mode'] },
    });
    renderPanel([
      { type: 'settings/loaded', settings: { ...FLUX_SETTINGS, mode: 'fast' } },
      { type: 'selection/changed', selection: makeSelection([makeTarget({ plan })]) },
    ]);
    expect(screen.getByRole('note').textContent).toContain('The image must touch a canvas edge in fast mode');
    expect(document.getElementById('run-reason')?.textContent).toMatch(/switch to High/);
  });

  it('draws the image inside the reference box of the canvas preview', () => {
    const target = makeTarget();
    const { container } = renderPanel([
      loaded,
      { type: 'selection/changed', selection: makeSelection([target]) },
      { type: 'image/ready', hash: target.image.hash, url: 'blob:preview-1' },
    ]);
    const preview = screen.getByRole('img', { name: /on a 720 × 300 px canvas/ });
    expect(preview).toBeTruthy();
    const image = container.querySelector('image');
    expect(image?.getAttribute('href')).toBe('blob:preview-1');
    const box = image?.closest('svg');
    expect([
      box?.getAttribute('x'),
      box?.getAttribute('y'),
      box?.getAttribute('width'),
      box?.getAttribute('height'),
    ]).toEqual(['134', '0', '451', '300']);
  });

  it('enables Outpaint and runs it when the target is ready', () => {
    const { calls } = renderPanel([loaded, { type: 'selection/changed', selection: makeSelection([makeTarget()]) }]);
    const button = screen.getByRole('button', { name: 'Outpaint' });
    expect(button).toHaveProperty('disabled', false);
    button.click();
    expect(calls).toEqual(['outpaint']);
  });

  it('lets the designer pick among several frames', () => {
    const { store } = renderPanel([
      loaded,
      {
        type: 'selection/changed',
        selection: makeSelection([
          makeTarget({ nodeId: 'a', nodeName: 'First' }),
          makeTarget({ nodeId: 'b', nodeName: 'Second' }),
        ]),
      },
    ]);
    const select = screen.getByRole('combobox', { name: 'Frame to outpaint' });
    (select as HTMLSelectElement).value = 'b';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    expect(store.getState().chosenNodeId).toBe('b');
  });
});
