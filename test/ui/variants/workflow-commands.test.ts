import { describe, expect, it } from 'vitest';
import type { UiMessage } from '../../../common/protocol/messages';
import { DEFAULT_SETTINGS } from '../../../common/settings';
import { createAppStore } from '../../../ui/state/app-store';
import type { JobEngine } from '../../../ui/jobs/job-engine';
import { waitForAsync } from '../../support/wait-for';
import { createWorkflowCommands, WORKFLOW_TEXT } from '../../../ui/variants/workflow-commands';
import { createWorkflowStore } from '../../../ui/variants/workflow-store';
import { makeSelection, makeTarget } from '../support/ui-fixtures';

type OutpaintNodesAsync = JobEngine['outpaintNodesAsync'];

function setup(outpaint?: OutpaintNodesAsync) {
  const store = createAppStore();
  store.dispatch({ type: 'settings/loaded', settings: DEFAULT_SETTINGS });
  store.dispatch({
    type: 'selection/changed',
    selection: makeSelection([makeTarget({ nodeId: '1:2', nodeName: 'Photo' })]),
  });
  const workflow = createWorkflowStore();
  const posted: UiMessage[] = [];
  const runs: string[][] = [];
  const outpaintNodesAsync: OutpaintNodesAsync =
    outpaint ??
    ((frames, onSettled) => {
      runs.push(frames.map((frame) => frame.nodeId));
      frames.forEach((_frame, i) => onSettled?.(i + 1, frames.length));
      return Promise.resolve({ written: frames.length, failed: [], charged: 0 });
    });
  let n = 0;
  const commands = createWorkflowCommands({
    store,
    workflow,
    post: (m) => posted.push(m),
    outpaintNodesAsync,
    newId: () => `w${++n}`,
  });
  return { store, workflow, posted, runs, commands };
}

/** Waits (real time) until the workflow has ended, as the panel shows it. */
async function endedAsync(workflow: ReturnType<typeof createWorkflowStore>): Promise<void> {
  const phase = () => workflow.getState().phase;
  if (!(await waitForAsync(() => phase() === 'finished' || phase() === 'failed', 10_000)))
    throw new Error(`the workflow never ended: ${phase()}`);
}

describe('workflow commands', () => {
  it('asks the sandbox for the variants, then outpaints only the frames with something to generate', async () => {
    const { posted, runs, commands, workflow } = setup();
    commands.createVariants('1:2', [{ label: 'X post', width: 1600, height: 900 }], 'left');
    expect(posted).toEqual([
      {
        type: 'variants/create',
        id: 'w1',
        nodeId: '1:2',
        formats: [{ label: 'X post', width: 1600, height: 900 }],
        anchor: 'left',
      },
    ]);
    expect(workflow.getState()).toEqual({ phase: 'creating', what: 'variants' });
    commands.handleMessage({
      type: 'variants/created',
      id: 'w1',
      frames: [
        { nodeId: '9:1', name: 'X post 1600×900', needsOutpaint: true },
        { nodeId: '9:2', name: 'Custom 600×400', needsOutpaint: false },
      ],
    });
    await endedAsync(workflow);
    expect(runs).toEqual([['9:1']]);
    expect(workflow.getState()).toEqual({ phase: 'finished', message: 'Made 2 frames; outpainted 1 of 1.' });
  });

  it('ignores answers to a request it did not make', async () => {
    const { runs, commands, workflow } = setup();
    // The answer is ignored at once: nothing starts that a later check could miss.
    commands.handleMessage({ type: 'artboard/extended', id: 'stranger', nodeId: '9:9' });
    expect(runs).toEqual([]);
    expect(workflow.getState()).toEqual({ phase: 'idle' });
  });

  it('shows the sandbox’s reason when the frames could not be made', () => {
    const { commands, workflow } = setup();
    commands.extend('1:2', { width: 1000, height: 500 }, { x: 0.5, y: 0.5 }, 'resize');
    commands.handleMessage({
      type: 'workflow/failed',
      id: 'w1',
      error: { code: 'write-failed', message: 'This auto-layout frame hugs its content.' },
    });
    expect(workflow.getState()).toEqual({ phase: 'failed', message: 'This auto-layout frame hugs its content.' });
  });

  it('runs a quick action in the mode it names, for this session only', async () => {
    const { store, posted, runs, commands, workflow } = setup();
    commands.handleMessage({
      type: 'launch/request',
      request: { source: 'quick-action', mode: 'offline', formatId: null },
    });
    await waitForAsync(() => runs.length > 0 && workflow.getState().phase !== 'outpainting', 10_000);
    expect(store.getState().settings.engine).toBe('offline');
    expect(posted.filter((m) => m.type === 'settings/save')).toEqual([]);
    expect(runs).toEqual([['1:2']]);
  });

  it('makes the named format variant first when the quick action has one', () => {
    const { posted, commands } = setup();
    commands.handleMessage({
      type: 'launch/request',
      request: { source: 'quick-action', mode: null, formatId: 'instagram-story' },
    });
    expect(posted).toEqual([
      {
        type: 'variants/create',
        id: 'w1',
        nodeId: '1:2',
        formats: [{ label: 'Instagram story', width: 1080, height: 1920 }],
        anchor: 'center',
      },
    ]);
  });

  it('explains a FLUX quick action without a key instead of running it', () => {
    const { runs, commands, workflow } = setup();
    commands.handleMessage({
      type: 'launch/request',
      request: { source: 'quick-action', mode: 'high', formatId: null },
    });
    expect(runs).toEqual([]);
    expect(workflow.getState()).toEqual({
      phase: 'failed',
      message: 'Add your API key in Settings, or switch to Offline',
    });
  });

  it('opens Extend from the relaunch button when the outpainted frame is already filled', () => {
    const { store, commands, workflow } = setup();
    store.dispatch({
      type: 'selection/changed',
      selection: makeSelection([makeTarget({ nodeId: '1:2', status: 'covered' })]),
    });
    commands.handleMessage({ type: 'launch/request', request: { source: 'relaunch', mode: null, formatId: null } });
    expect(store.getState().view).toBe('extend');
    expect(workflow.getState()).toEqual({ phase: 'finished', message: WORKFLOW_TEXT.relaunchedCovered });
  });

  it('opens ready, with a note, from the relaunch button', () => {
    const { runs, commands, workflow } = setup();
    commands.handleMessage({ type: 'launch/request', request: { source: 'relaunch', mode: null, formatId: null } });
    expect(runs).toEqual([]);
    expect(workflow.getState()).toEqual({ phase: 'finished', message: WORKFLOW_TEXT.relaunched });
  });

  it('extends the frame the relaunch button opened and outpaints it, saying what FLUX charged', async () => {
    const { store, posted, commands, workflow } = setup((frames) =>
      Promise.resolve({ written: frames.length, failed: [], charged: 10 }),
    );
    store.dispatch({
      type: 'selection/changed',
      selection: makeSelection([makeTarget({ nodeId: '1:2', status: 'covered' })]),
    });
    commands.handleMessage({ type: 'launch/request', request: { source: 'relaunch', mode: null, formatId: null } });
    commands.extend('1:2', { width: 1067, height: 600 }, { x: 0.5, y: 0.5 }, 'resize');
    expect(posted.at(-1)).toMatchObject({ type: 'artboard/extend', nodeId: '1:2', mode: 'resize' });
    commands.handleMessage({ type: 'artboard/extended', id: 'w1', nodeId: '1:2' });
    await endedAsync(workflow);
    expect(workflow.getState()).toEqual({
      phase: 'finished',
      message: `${WORKFLOW_TEXT.extended} 10 credits charged.`,
    });
    expect(posted.filter((m) => m.type === 'artboard/restore')).toEqual([]);
  });

  it('puts the extended frame back when its outpaint wrote nothing, and says why', async () => {
    const { posted, commands, workflow } = setup((frames) =>
      Promise.resolve({
        written: 0,
        failed: frames.map((f) => ({
          nodeId: f.nodeId,
          message: 'Cancelled. Nothing was changed.',
          paidTaskKept: false,
        })),
        charged: 0,
      }),
    );
    commands.extend('1:2', { width: 1067, height: 600 }, { x: 0.5, y: 0.5 }, 'new');
    commands.handleMessage({ type: 'artboard/extended', id: 'w1', nodeId: '9:9' });
    await waitForAsync(() => posted.some((m) => m.type === 'artboard/restore'), 10_000);
    expect(posted.at(-1)).toEqual({ type: 'artboard/restore', id: 'w2', nodeId: '9:9' });
    commands.handleMessage({
      type: 'artboard/restored',
      id: 'w2',
      restored: true,
      message: 'Nothing was generated, so the new frame was removed.',
    });
    expect(workflow.getState()).toEqual({
      phase: 'failed',
      message: 'Cancelled. Nothing was changed. Nothing was generated, so the new frame was removed.',
    });
  });

  it('keeps the frame extended while a paid result waits for Check again', async () => {
    const { posted, commands, workflow } = setup((frames) =>
      Promise.resolve({
        written: 0,
        failed: frames.map((f) => ({ nodeId: f.nodeId, message: 'FLUX has not delivered.', paidTaskKept: true })),
        charged: 10,
      }),
    );
    commands.extend('1:2', { width: 1067, height: 600 }, { x: 0.5, y: 0.5 }, 'resize');
    commands.handleMessage({ type: 'artboard/extended', id: 'w1', nodeId: '1:2' });
    await endedAsync(workflow);
    expect(posted.filter((m) => m.type === 'artboard/restore')).toEqual([]);
    expect(workflow.getState()).toEqual({
      phase: 'failed',
      message: `FLUX has not delivered. ${WORKFLOW_TEXT.keptForPaidTask}`,
    });
  });

  it('asks the engine for one generation when the set is made that way', async () => {
    const options: unknown[] = [];
    const { commands, workflow } = setup((frames, _onSettled, o) => {
      options.push(o);
      return Promise.resolve({ written: frames.length, failed: [], charged: 10 });
    });
    commands.createVariants('1:2', [{ label: 'X post', width: 1600, height: 900 }], 'center', 'one');
    commands.handleMessage({
      type: 'variants/created',
      id: 'w1',
      frames: [
        { nodeId: '9:1', name: 'X post 1600×900', needsOutpaint: true },
        { nodeId: '9:2', name: 'Instagram post 1080×1080', needsOutpaint: true },
      ],
    });
    await endedAsync(workflow);
    expect(options).toEqual([{ oneGeneration: true }]);
    expect(workflow.getState()).toEqual({
      phase: 'finished',
      message: 'Made 2 frames; outpainted 2 of 2. 10 credits charged.',
    });
  });
});
