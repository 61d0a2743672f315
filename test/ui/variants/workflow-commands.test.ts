import { describe, expect, it } from 'vitest';
import type { UiMessage } from '../../../common/protocol/messages';
import { DEFAULT_SETTINGS } from '../../../common/settings';
import { createAppStore, type AppStore } from '../../../ui/state/app-store';
import { createSequentialOutpaint, NOT_SELECTED_MESSAGE, type OutpaintNodesAsync } from '../../../ui/variants/outpaint-nodes';
import { createWorkflowCommands, WORKFLOW_TEXT } from '../../../ui/variants/workflow-commands';
import { createWorkflowStore } from '../../../ui/variants/workflow-store';
import { makeSelection, makeTarget } from '../support/ui-fixtures';

function setup(outpaint?: OutpaintNodesAsync) {
  const store = createAppStore();
  store.dispatch({ type: 'settings/loaded', settings: DEFAULT_SETTINGS });
  store.dispatch({ type: 'selection/changed', selection: makeSelection([makeTarget({ nodeId: '1:2', nodeName: 'Photo' })]) });
  const workflow = createWorkflowStore();
  const posted: UiMessage[] = [];
  const runs: string[][] = [];
  const outpaintNodesAsync: OutpaintNodesAsync =
    outpaint ??
    ((ids, onNext) => {
      runs.push([...ids]);
      ids.forEach((id, i) => onNext(i, id));
      return Promise.resolve({ written: ids.length, failed: [] });
    });
  let n = 0;
  const commands = createWorkflowCommands({ store, workflow, post: (m) => posted.push(m), outpaintNodesAsync, newId: () => `w${++n}` });
  return { store, workflow, posted, runs, commands };
}

const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('workflow commands', () => {
  it('asks the sandbox for the variants, then outpaints only the frames with something to generate', async () => {
    const { posted, runs, commands, workflow } = setup();
    commands.createVariants('1:2', [{ label: 'X post', width: 1600, height: 900 }], 'left');
    expect(posted).toEqual([{ type: 'variants/create', id: 'w1', nodeId: '1:2', formats: [{ label: 'X post', width: 1600, height: 900 }], anchor: 'left' }]);
    expect(workflow.getState()).toEqual({ phase: 'creating', what: 'variants' });
    commands.handleMessage({
      type: 'variants/created',
      id: 'w1',
      frames: [
        { nodeId: '9:1', name: 'X post 1600×900', needsOutpaint: true },
        { nodeId: '9:2', name: 'Custom 600×400', needsOutpaint: false },
      ],
    });
    await flush();
    expect(runs).toEqual([['9:1']]);
    expect(workflow.getState()).toEqual({ phase: 'finished', message: 'Made 2 frames; outpainted 1 of 1.' });
  });

  it('ignores answers to a request it did not make', async () => {
    const { runs, commands, workflow } = setup();
    commands.handleMessage({ type: 'artboard/extended', id: 'stranger', nodeId: '9:9' });
    await flush();
    expect(runs).toEqual([]);
    expect(workflow.getState()).toEqual({ phase: 'idle' });
  });

  it('shows the sandbox’s reason when the frames could not be made', () => {
    const { commands, workflow } = setup();
    commands.extend('1:2', { width: 1000, height: 500 }, { x: 0.5, y: 0.5 }, 'resize');
    commands.handleMessage({ type: 'workflow/failed', id: 'w1', error: { code: 'write-failed', message: 'This auto-layout frame hugs its content.' } });
    expect(workflow.getState()).toEqual({ phase: 'failed', message: 'This auto-layout frame hugs its content.' });
  });

  it('runs a quick action in the mode it names, for this session only', async () => {
    const { store, posted, runs, commands } = setup();
    commands.handleMessage({ type: 'launch/request', request: { source: 'quick-action', mode: 'offline', formatId: null } });
    await flush();
    expect(store.getState().settings.engine).toBe('offline');
    expect(posted.filter((m) => m.type === 'settings/save')).toEqual([]);
    expect(runs).toEqual([['1:2']]);
  });

  it('makes the named format variant first when the quick action has one', () => {
    const { posted, commands } = setup();
    commands.handleMessage({ type: 'launch/request', request: { source: 'quick-action', mode: null, formatId: 'instagram-story' } });
    expect(posted).toEqual([{ type: 'variants/create', id: 'w1', nodeId: '1:2', formats: [{ label: 'Instagram story', width: 1080, height: 1920 }], anchor: 'center' }]);
  });

  it('explains a FLUX quick action without a key instead of running it', () => {
    const { runs, commands, workflow } = setup();
    commands.handleMessage({ type: 'launch/request', request: { source: 'quick-action', mode: 'high', formatId: null } });
    expect(runs).toEqual([]);
    expect(workflow.getState()).toEqual({ phase: 'failed', message: 'Add your API key in Settings, or switch to Offline' });
  });

  it('opens Extend from the relaunch button when the outpainted frame is already filled', () => {
    const { store, commands, workflow } = setup();
    store.dispatch({ type: 'selection/changed', selection: makeSelection([makeTarget({ nodeId: '1:2', status: 'covered' })]) });
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
});

describe('sequential outpaint through the single-job runner', () => {
  function runnerOn(store: AppStore, outcome: 'done' | 'failed') {
    const started: string[] = [];
    return {
      started,
      startAsync: () => {
        const state = store.getState();
        const nodeId = state.chosenNodeId ?? '';
        started.push(nodeId);
        store.dispatch({ type: 'job/began', job: { id: `j-${nodeId}`, nodeId, nodeName: nodeId, engine: 'offline' } });
        if (outcome === 'failed') store.dispatch({ type: 'job/failed', id: `j-${nodeId}`, error: { code: 'engine-failed', message: 'The engine stopped.' } });
        else {
          store.dispatch({ type: 'job/composed', id: `j-${nodeId}`, result: { bytes: new Uint8Array([1]), meta: { engine: 'offline', mode: 'offline', createdAt: '2026-11-25', cost: null, width: 1, height: 1 } } });
          store.dispatch({ type: 'job/written', id: `j-${nodeId}`, outcome: { kind: 'written', nodeId } });
        }
        return Promise.resolve();
      },
    };
  }

  it('chooses each frame in turn and counts what was written', async () => {
    const store = createAppStore();
    store.dispatch({ type: 'settings/loaded', settings: DEFAULT_SETTINGS });
    store.dispatch({ type: 'selection/changed', selection: makeSelection([makeTarget({ nodeId: '9:1' }), makeTarget({ nodeId: '9:2' })]) });
    const runner = runnerOn(store, 'done');
    const outpaint = createSequentialOutpaint({ store, runner, sleepAsync: () => new Promise(() => undefined) });
    const seen: number[] = [];
    const result = await outpaint(['9:1', '9:2'], (i) => seen.push(i));
    expect(runner.started).toEqual(['9:1', '9:2']);
    expect(seen).toEqual([0, 1]);
    expect(result).toEqual({ written: 2, failed: [] });
  });

  it('waits for the sandbox to report a new frame in the selection before running it', async () => {
    const store = createAppStore();
    store.dispatch({ type: 'settings/loaded', settings: DEFAULT_SETTINGS });
    const runner = runnerOn(store, 'done');
    const outpaint = createSequentialOutpaint({ store, runner, sleepAsync: () => new Promise(() => undefined) });
    const done = outpaint(['9:5'], () => undefined);
    await flush();
    expect(runner.started).toEqual([]);
    store.dispatch({ type: 'selection/changed', selection: makeSelection([makeTarget({ nodeId: '9:5' })]) });
    expect(await done).toEqual({ written: 1, failed: [] });
  });

  it('reports a frame that never showed up in the selection, with the next step', async () => {
    const store = createAppStore();
    store.dispatch({ type: 'settings/loaded', settings: DEFAULT_SETTINGS });
    const runner = runnerOn(store, 'done');
    const outpaint = createSequentialOutpaint({ store, runner, sleepAsync: () => Promise.resolve() });
    expect(await outpaint(['9:7'], () => undefined)).toEqual({ written: 0, failed: [{ nodeId: '9:7', message: NOT_SELECTED_MESSAGE }] });
  });

  it('carries each job’s failure message into the result', async () => {
    const store = createAppStore();
    store.dispatch({ type: 'settings/loaded', settings: DEFAULT_SETTINGS });
    store.dispatch({ type: 'selection/changed', selection: makeSelection([makeTarget({ nodeId: '9:1' })]) });
    const outpaint = createSequentialOutpaint({ store, runner: runnerOn(store, 'failed'), sleepAsync: () => new Promise(() => undefined) });
    expect(await outpaint(['9:1'], () => undefined)).toEqual({ written: 0, failed: [{ nodeId: '9:1', message: 'The engine stopped.' }] });
  });
});
