// The job engine with typed fakes around it (a scripted sandbox, a pipeline, a FLUX API): the footer's Outpaint
// as a queue of one, variants by node id, and the paid-task rules (ui/jobs/README.md), each a named case.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Settings } from '../../../common/settings';
import { BflError } from '../../../ui/api/bfl-error';
import { createTaskLimiter } from '../../../ui/api/task-limiter';
import { createImageBytesCache, type ImageBytesCache } from '../../../ui/jobs/image-bytes-cache';
import { createJobEngine, type JobEngine } from '../../../ui/jobs/job-engine';
import { createAppStore, type AppStore } from '../../../ui/state/app-store';
import { footerJob } from '../../../ui/state/footer-job';
import type { BatchRow } from '../../../ui/batch/batch-state';
import { FLUX_SETTINGS, OFFLINE_SETTINGS, makePlan, makeSelection, makeTarget } from '../support/ui-fixtures';
import { FakeFluxApi, FakePipeline, FakeSandbox, deferred, failedReply, savedJobs } from '../support/runner-fakes';
import { waitForAsync } from '../../support/wait-for';

const SOURCE = new Uint8Array([1, 2, 3, 4]);
const target = makeTarget({ plan: makePlan({ width: 800, height: 400, offsetX: -12, offsetY: 30, autoCrop: true }) });

interface Harness {
  store: AppStore;
  sandbox: FakeSandbox;
  pipeline: FakePipeline;
  flux: FakeFluxApi;
  images: ImageBytesCache;
  engine: JobEngine;
  apiTargets: { endpoint: string; apiKey: string }[];
  /** Every timed wait of the engine (write confirmation, marker store) ends when this resolves. */
  readonly timeouts: ReturnType<typeof deferred<void>>;
  /** New timed waits wait again (the earlier ones have ended). */
  restartTimeouts(): void;
}

function setUp(settings: Settings, withBytes = true): Harness {
  const store = createAppStore();
  store.dispatch({ type: 'settings/loaded', settings });
  store.dispatch({ type: 'selection/changed', selection: makeSelection([target]) });
  const sandbox = new FakeSandbox(target);
  const pipeline = new FakePipeline();
  const flux = new FakeFluxApi();
  const images = createImageBytesCache();
  if (withBytes) images.put(target.image.hash, SOURCE);
  const apiTargets: Harness['apiTargets'] = [];
  const timers = { current: deferred<void>() };
  let n = 0;
  const engine = createJobEngine({
    getState: store.getState,
    dispatch: store.dispatch,
    post: sandbox.post,
    images,
    pipeline,
    createApi: (t) => {
      apiTargets.push(t);
      return flux;
    },
    limiter: createTaskLimiter(),
    now: () => Date.parse('2026-11-25T10:00:00Z'),
    newId: () => `job-${++n}`,
    seed: () => 7,
    sleepAsync: () => timers.current.promise,
    makePreviewUrl: () => 'blob:result',
  });
  sandbox.deliver = (m) => engine.handleMessage(m);
  return {
    store,
    sandbox,
    pipeline,
    flux,
    images,
    engine,
    apiTargets,
    get timeouts() {
      return timers.current;
    },
    restartTimeouts: () => {
      timers.current = deferred<void>();
    },
  };
}

/** Waits (real time, generous) for what the test is about to check; fails with what never came. */
async function untilAsync(what: string, condition: () => boolean): Promise<void> {
  if (!(await waitForAsync(condition, 10_000))) throw new Error(`never happened: ${what}`);
}

const footer = (h: Harness) => footerJob(h.store.getState());
const rows = (h: Harness): BatchRow[] => h.store.getState().batch.rows;

describe('job engine, the footer Outpaint with the offline engine', () => {
  let h: Harness;
  beforeEach(() => {
    h = setUp({ ...OFFLINE_SETTINGS, feather: 6, outputFormat: 'jpeg' });
  });

  it('asks the sandbox to freeze the frame, extends the image and writes the finished result', async () => {
    await h.engine.outpaintChosenAsync();
    expect(h.sandbox.sentOfType('job/start')).toEqual([{ type: 'job/start', id: 'job-2', nodeId: target.nodeId }]);
    expect(h.pipeline.offlineSource).toBe(SOURCE);
    expect(h.pipeline.finishInput).toMatchObject({
      source: SOURCE,
      result: h.pipeline.offlineResult,
      plan: target.plan,
      feather: 6,
      format: 'jpeg',
    });
    const [result] = h.sandbox.sentOfType('job/result');
    expect(result?.bytes).toBe(h.pipeline.finished.bytes);
    expect(result?.meta).toEqual({
      engine: 'offline',
      mode: 'offline',
      createdAt: '2026-11-25T10:00:00.000Z',
      cost: null,
      width: 1200,
      height: 500,
    });
    expect(footer(h)).toMatchObject({ phase: 'done', outcome: { kind: 'written' } });
    expect(h.apiTargets).toEqual([]);
  });

  it('is a queue of one: the same row the queue shows, without opening the queue', async () => {
    await h.engine.outpaintChosenAsync();
    const state = h.store.getState();
    expect(state.batch.rows).toHaveLength(1);
    expect(state.batch.focusRowId).toBe(state.batch.rows[0]?.rowId);
    expect(state.batch.open).toBe(false);
  });

  it('shows the engine progress while it runs', async () => {
    const gate = deferred<void>();
    h.pipeline.offlineGate = gate.promise;
    const running = h.engine.outpaintChosenAsync();
    await untilAsync('progress shown', () => footer(h).phase === 'running' && rows(h)[0]?.progress === 0.5);
    expect(footer(h)).toMatchObject({ phase: 'running', stage: { kind: 'generating', progress: 0.5 } });
    gate.resolve();
    await running;
  });

  it('waits for image bytes the sandbox has not sent yet', async () => {
    h = setUp(OFFLINE_SETTINGS, false);
    const running = h.engine.outpaintChosenAsync();
    await untilAsync('frame frozen', () => rows(h)[0]?.status === 'preparing');
    expect(h.pipeline.calls).toEqual([]);
    h.images.put(target.image.hash, SOURCE);
    await running;
    expect(h.pipeline.offlineSource).toBe(SOURCE);
  });

  it('cancels cleanly: nothing is written and the message says nothing changed', async () => {
    h.pipeline.offlineGate = new Promise(() => {});
    const running = h.engine.outpaintChosenAsync();
    await untilAsync('offline run started', () => h.pipeline.calls.includes('offline'));
    h.engine.cancel(h.store.getState().batch.focusRowId ?? '');
    await running;
    expect(h.sandbox.sentOfType('job/result')).toEqual([]);
    expect(footer(h)).toMatchObject({
      phase: 'failed',
      error: { code: 'cancelled', message: 'Cancelled. Nothing was changed.' },
    });
  });

  it('shows the sandbox refusal when the frame cannot start', async () => {
    h.sandbox.onStart = (id) =>
      failedReply(id, { code: 'node-deleted', message: 'The frame was deleted — select another frame' });
    await h.engine.outpaintChosenAsync();
    expect(h.pipeline.calls).toEqual([]);
    expect(footer(h)).toMatchObject({ phase: 'failed', error: { code: 'node-deleted' } });
  });

  it('passes on the pipeline error as it is', async () => {
    h.pipeline.finishError = Object.assign(new Error('size'), {
      code: 'size-mismatch',
      message: 'The result is 10 × 10 px, not 800 × 400 px — try again',
    });
    await h.engine.outpaintChosenAsync();
    expect(footer(h)).toMatchObject({
      phase: 'failed',
      error: { code: 'size-mismatch', message: 'The result is 10 × 10 px, not 800 × 400 px — try again' },
    });
  });

  it('turns an unexpected crash into a message with a next step', async () => {
    h.pipeline.finishError = new TypeError('x is undefined');
    await h.engine.outpaintChosenAsync();
    const job = footer(h);
    expect(job).toMatchObject({ phase: 'failed', error: { code: 'engine-failed' } });
    expect(job.phase === 'failed' && job.error.message).toMatch(/Retry this frame/);
  });

  it('does not start when nothing is selected', async () => {
    h.store.dispatch({ type: 'selection/changed', selection: makeSelection([]) });
    await h.engine.outpaintChosenAsync();
    expect(h.sandbox.sent).toEqual([]);
    expect(footer(h).phase).toBe('idle');
  });
});

describe('job engine, the footer Outpaint with FLUX', () => {
  let h: Harness;
  beforeEach(() => {
    h = setUp({ ...FLUX_SETTINGS, mode: 'fast', prompt: '  a calm sea  ' });
  });

  it("sends the prepared reference with the plan's canvas, offsets and auto_crop", async () => {
    await h.engine.outpaintChosenAsync();
    expect(h.flux.requests).toEqual([
      {
        inputImage: h.pipeline.prepared,
        width: 800,
        height: 400,
        offsetX: -12,
        offsetY: 30,
        autoCrop: true,
        mode: 'fast',
        prompt: 'a calm sea',
        outputFormat: 'png',
      },
    ]);
    expect(h.apiTargets[0]).toMatchObject({ apiKey: 'test-key', endpoint: 'https://proxy.example.com' });
    expect(h.pipeline.finishInput?.result).toBe(h.flux.bytes);
    expect(h.sandbox.sentOfType('job/result')[0]?.meta).toMatchObject({ engine: 'flux', mode: 'fast', cost: 4.5 });
  });

  it('sends the prompt typed beside the button for this run, not the default from Settings', async () => {
    h.store.dispatch({ type: 'run-prompt/edited', prompt: 'a stormy sea' });
    await h.engine.outpaintChosenAsync();
    expect(h.flux.requests[0]).toMatchObject({ prompt: 'a stormy sea' });
    expect(h.store.getState().settings.prompt).toBe('  a calm sea  ');
  });

  it('names an unreachable endpoint and sends nothing: no submit, no paid-task record, Check endpoint offered', async () => {
    h.flux.endpointError = new BflError(
      'network',
      "Can't reach the proxy at proxy.example.com — check the endpoint in Settings",
    );
    await h.engine.outpaintChosenAsync();
    const job = footer(h);
    expect(job).toMatchObject({ phase: 'failed', error: { code: 'network' }, awaitingCheck: false });
    expect(job.phase === 'failed' ? job.error.message : '').toMatch(/^Can't reach the proxy at proxy\.example\.com/);
    expect(h.flux.requests).toHaveLength(0);
    expect(h.sandbox.sentOfType('job/save')).toHaveLength(0);
  });

  it('checks the endpoint again after a failed check: fixed, the next run is sent', async () => {
    h.flux.endpointError = new BflError('network', "Can't reach the proxy at proxy.example.com");
    await h.engine.outpaintChosenAsync();
    expect(footer(h)).toMatchObject({ phase: 'failed', error: { code: 'network' } });
    h.flux.endpointError = null;
    await h.engine.retryAsync(h.store.getState().batch.focusRowId ?? '');
    expect(h.flux.requests).toHaveLength(1);
    expect(footer(h)).toMatchObject({ phase: 'done' });
  });

  it('sends the prompt typed beside Outpaint all with every frame of the set', async () => {
    h.store.dispatch({ type: 'run-prompt/edited', prompt: 'a stormy sea' });
    h.store.dispatch({
      type: 'selection/changed',
      selection: makeSelection([target, makeTarget({ nodeId: '5:5', nodeName: 'Other' })]),
    });
    await h.engine.outpaintSelectionAsync();
    await untilAsync('two submits', () => h.flux.requests.length === 2);
    expect(h.flux.requests.map((r) => r.prompt)).toEqual(['a stormy sea', 'a stormy sea']);
  });

  it('leaves the prompt out when it is empty', async () => {
    h = setUp({ ...FLUX_SETTINGS, prompt: '   ' });
    await h.engine.outpaintChosenAsync();
    expect(h.flux.requests[0]).not.toHaveProperty('prompt');
  });

  it('shows the cost and queue status while FLUX works', async () => {
    const gate = deferred<void>();
    h.flux.gate = gate.promise;
    const running = h.engine.outpaintChosenAsync();
    await untilAsync('polling', () => h.flux.polled.length === 1);
    expect(footer(h)).toMatchObject({
      phase: 'running',
      cost: 4.5,
      stage: { kind: 'generating', status: 'Pending', progress: 0.2 },
    });
    gate.resolve();
    await running;
  });

  it('warns that a cancelled FLUX task may still be charged, and forgets it (the designer dropped it)', async () => {
    h.flux.gate = new Promise(() => {});
    const running = h.engine.outpaintChosenAsync();
    await untilAsync('polling', () => h.flux.polled.length === 1);
    h.engine.cancel(h.store.getState().batch.focusRowId ?? '');
    await running;
    const job = footer(h);
    expect(job).toMatchObject({ phase: 'failed', error: { code: 'cancelled' } });
    expect(job.phase === 'failed' && job.error.message).toMatch(/may still charge/);
    expect(
      h.sandbox
        .sentOfType('job/forget')
        .flatMap((m) => m.taskIds)
        .sort(),
    ).toEqual(['pending-job-2-0', 't1']);
  });

  it('opens the key field when FLUX refuses the key before accepting the task', async () => {
    h.flux.submitError = new BflError('api-key', 'The API key was refused. Check your API key in Settings');
    await h.engine.outpaintChosenAsync();
    const s = h.store.getState();
    expect(footer(h)).toMatchObject({
      phase: 'failed',
      error: { code: 'api-key', message: 'The API key was refused. Check your API key in Settings' },
    });
    expect(s.view).toBe('settings');
    expect(s.focus).toBe('api-key');
  });

  it('keeps a paid result when the write fails, and writes the same bytes again on retry', async () => {
    h.sandbox.onResult = (id) =>
      failedReply(id, { code: 'write-failed', message: 'Figma could not add the image. Try writing again' });
    await h.engine.outpaintChosenAsync();
    expect(footer(h)).toMatchObject({ phase: 'failed', error: { code: 'write-failed' }, held: true });
    h.sandbox.onResult = null;
    await h.engine.retryAsync(h.store.getState().batch.focusRowId ?? '');
    const results = h.sandbox.sentOfType('job/result');
    expect(results).toHaveLength(2);
    expect(results[1]?.id).toBe(results[0]?.id);
    expect(results[1]?.bytes).toBe(results[0]?.bytes);
    expect(footer(h)).toMatchObject({ phase: 'done', written: { cost: 4.5 } });
    expect(h.flux.requests).toHaveLength(1);
  });

  it('offers writing again when Figma never confirms the write', async () => {
    h.sandbox.onResult = () => null;
    const running = h.engine.outpaintChosenAsync();
    await untilAsync('writing', () => rows(h)[0]?.status === 'writing');
    expect(footer(h)).toMatchObject({ phase: 'running', stage: { kind: 'writing' }, canCancel: false });
    h.timeouts.resolve();
    await running;
    expect(footer(h)).toMatchObject({ phase: 'failed', error: { code: 'write-failed' }, held: true });
  });

  it('saves the accepted task for a reopened panel, with the frozen target and without the key', async () => {
    h.flux.gate = new Promise(() => {});
    void h.engine.outpaintChosenAsync();
    await untilAsync('task saved', () =>
      savedJobs(h.sandbox.sentOfType('job/save')).some((job) => job.pending !== true),
    );
    const save = savedJobs(h.sandbox.sentOfType('job/save')).find((job) => job.pending !== true);
    expect(save).toMatchObject({
      jobId: 'job-2',
      taskId: 't1',
      pollingUrl: 'https://api.bfl.ai/v1/get_result?id=t1',
      candidate: 0,
      candidates: 1,
      target: { nodeId: target.nodeId, image: { hash: target.image.hash } },
      submittedAt: Date.parse('2026-11-25T10:00:00Z'),
      cost: 4.5,
      settings: { endpoint: 'https://proxy.example.com', mode: 'fast' },
    });
    expect(save?.settings).not.toHaveProperty('apiKey');
    expect(JSON.stringify(save)).not.toContain('test-key');
  });

  it('holds the FLUX submit until the sandbox has stored the submit-pending marker, without the key', async () => {
    h.flux.gate = new Promise(() => {});
    h.sandbox.heldStores = [];
    void h.engine.outpaintChosenAsync();
    await untilAsync('marker sent', () => h.sandbox.sentOfType('job/save').length === 1);
    expect(savedJobs(h.sandbox.sentOfType('job/save'))).toEqual([
      expect.objectContaining({
        pending: true,
        jobId: 'job-2',
        taskId: 'pending-job-2-0',
        pollingUrl: '',
        candidate: 0,
        target: expect.objectContaining({ nodeId: target.nodeId }),
      }),
    ]);
    expect(JSON.stringify(h.sandbox.sent)).not.toContain('test-key');
    expect(h.flux.requests).toHaveLength(0);
    for (const reply of h.sandbox.heldStores.splice(0)) h.engine.handleMessage(reply);
    await untilAsync('submitted', () => h.flux.requests.length === 1);
  });

  it('says the plugin may be closed only once the accepted task is stored, and polls only then', async () => {
    h.flux.gate = new Promise(() => {});
    h.sandbox.heldStores = [];
    void h.engine.outpaintChosenAsync();
    await untilAsync('marker sent', () => h.sandbox.sentOfType('job/save').length === 1);
    for (const reply of h.sandbox.heldStores.splice(0)) h.engine.handleMessage(reply);
    await untilAsync('task record sent', () =>
      savedJobs(h.sandbox.sentOfType('job/save')).some((job) => job.pending !== true),
    );
    // clientStorage is still writing the record: a panel closed now could not fetch the result when reopened.
    const before = footerJob(h.store.getState());
    expect(before.phase === 'running' && before.stage.kind).toBe('sending');
    expect(h.flux.polled).toHaveLength(0);
    for (const reply of h.sandbox.heldStores.splice(0)) h.engine.handleMessage(reply);
    await untilAsync('polling', () => h.flux.polled.length === 1);
    const after = footerJob(h.store.getState());
    expect(after.phase === 'running' && after.stage.kind).toBe('generating');
  });

  it('never submits a task the ledger could not record, and says why before anything is paid', async () => {
    h.sandbox.storeRefusal = {
      code: 'storage-failed',
      message: 'Outpaint already holds 1000 paid tasks. Apply or discard some results, then run again.',
    };
    await h.engine.outpaintChosenAsync();
    expect(h.flux.requests).toHaveLength(0);
    expect(footer(h)).toMatchObject({
      phase: 'failed',
      error: { code: 'storage-failed', message: expect.stringContaining('1000 paid tasks') },
    });
  });

  it('never submits when Figma does not confirm the marker in time', async () => {
    h.sandbox.heldStores = [];
    const running = h.engine.outpaintChosenAsync();
    await untilAsync('marker sent', () => h.sandbox.sentOfType('job/save').length === 1);
    h.timeouts.resolve();
    await running;
    expect(h.flux.requests).toHaveLength(0);
    expect(footer(h)).toMatchObject({ phase: 'failed', error: { code: 'storage-failed' } });
  });

  it('drops the submit-pending marker and saves no task when FLUX refuses the task before accepting it', async () => {
    h.flux.submitError = new BflError(
      'api-credits',
      'Not enough FLUX credits. Add credits at dashboard.bfl.ai, then try again',
    );
    await h.engine.outpaintChosenAsync();
    expect(savedJobs(h.sandbox.sentOfType('job/save')).filter((job) => job.pending !== true)).toHaveLength(0);
    expect(h.sandbox.sentOfType('job/forget')).toEqual([{ type: 'job/forget', taskIds: ['pending-job-2-0'] }]);
  });

  it('keeps the saved task while a paid result waits for a write retry', async () => {
    h.sandbox.onResult = (id) =>
      failedReply(id, { code: 'write-failed', message: 'Figma could not add the image. Try writing again' });
    await h.engine.outpaintChosenAsync();
    expect(savedJobs(h.sandbox.sentOfType('job/save')).filter((job) => job.pending !== true)).toHaveLength(1);
    expect(h.sandbox.sentOfType('job/forget')).toHaveLength(0);
  });

  it('cannot cancel once the result exists', async () => {
    h.sandbox.onResult = () => null;
    const running = h.engine.outpaintChosenAsync();
    await untilAsync('writing', () => rows(h)[0]?.status === 'writing');
    h.engine.cancel(h.store.getState().batch.focusRowId ?? '');
    expect(footer(h)).toMatchObject({ phase: 'running', cancelling: false, stage: { kind: 'writing' } });
    h.engine.handleMessage({
      type: 'job/written',
      id: 'job-2',
      outcome: { kind: 'placed-beside', nodeId: '9:9', reason: { code: 'node-changed', message: 'The frame changed' } },
    });
    await running;
    expect(footer(h)).toMatchObject({ phase: 'done', outcome: { kind: 'placed-beside' } });
  });
});

describe('job engine, an accepted task is never forgotten because polling was slow', () => {
  let h: Harness;
  beforeEach(() => {
    h = setUp(FLUX_SETTINGS);
  });

  it.each([
    [
      'the poll budget runs out (a long FLUX queue)',
      new BflError('api-timeout', 'FLUX did not finish in 5 minutes. Try again'),
    ],
    [
      'the network drops for longer than any budget',
      new BflError('network', "Can't reach the endpoint — check it in Settings"),
    ],
    ['the proxy answers 5xx while FLUX works', new BflError('api-server', 'The endpoint answered 502. Try again')],
  ])('when %s, the task stays saved and Check again polls it without a second submit', async (_case, error) => {
    h.flux.pollErrors = [error];
    await h.engine.outpaintChosenAsync();
    expect(footer(h)).toMatchObject({ phase: 'failed', awaitingCheck: true, held: false });
    const forgotten = h.sandbox.sentOfType('job/forget').flatMap((m) => m.taskIds);
    expect(forgotten).not.toContain('t1');
    const job = footer(h);
    expect(job.phase === 'failed' && job.error.message).toMatch(/Check again|check again/);

    await h.engine.retryAsync(h.store.getState().batch.focusRowId ?? '');
    expect(h.flux.requests).toHaveLength(1);
    expect(h.flux.polled).toEqual(['https://api.bfl.ai/v1/get_result?id=t1', 'https://api.bfl.ai/v1/get_result?id=t1']);
    expect(h.sandbox.sentOfType('job/resume')).toHaveLength(1);
    expect(footer(h)).toMatchObject({ phase: 'done' });
  });

  it('forgets a task FLUX itself failed (moderated): there is nothing left to fetch', async () => {
    h.flux.pollErrors = [new BflError('api-moderated', 'FLUX declined this image (Sexual Content). Try another image')];
    await h.engine.outpaintChosenAsync();
    expect(footer(h)).toMatchObject({ phase: 'failed', awaitingCheck: false, error: { code: 'api-moderated' } });
    expect(h.sandbox.sentOfType('job/forget').flatMap((m) => m.taskIds)).toContain('t1');
  });
});

describe('job engine, several candidates and a slow write', () => {
  it('a write Figma confirms late still counts, and the row shows the candidate the frame really holds', async () => {
    const h = setUp(FLUX_SETTINGS);
    h.store.dispatch({ type: 'batch', action: { type: 'candidates/set', count: 2 } });
    h.store.dispatch({
      type: 'selection/changed',
      selection: makeSelection([target, makeTarget({ nodeId: '5:5', nodeName: 'Other' })]),
    });
    await h.engine.outpaintSelectionAsync();
    const rowId = rows(h)[0]?.rowId ?? '';
    await untilAsync('two results to choose from', () => rows(h)[0]?.status === 'choosing');
    // Figma takes longer than the write timeout for candidate 0 …
    let first: { id: string; candidate: number | undefined } | null = null;
    h.sandbox.onResult = (id, message) => {
      first ??= { id, candidate: message.candidate };
      return null;
    };
    const applying = h.engine.applyAsync(rowId, 0);
    await untilAsync('writing', () => rows(h)[0]?.status === 'writing');
    h.timeouts.resolve();
    await applying;
    expect(rows(h)[0]).toMatchObject({ status: 'failed', error: { code: 'write-failed' } });
    h.restartTimeouts();
    // … the designer applies candidate 1 instead, and then Figma confirms the first write, which it did make.
    h.sandbox.onResult = (id) => ({
      type: 'job/written',
      id,
      outcome: { kind: 'written', nodeId: target.nodeId },
      candidate: 0,
    });
    await h.engine.applyAsync(rowId, 1);
    expect(rows(h)[0]).toMatchObject({ status: 'done', applied: 0 });
    expect(first).toMatchObject({ candidate: 0 });
  });
});

describe('job engine, a write confirmed after its timeout', () => {
  it('ends the row as written when Figma confirms late, so the frame is never offered as still empty', async () => {
    const h = setUp(FLUX_SETTINGS);
    h.sandbox.onResult = () => null;
    const running = h.engine.outpaintChosenAsync();
    await untilAsync('writing', () => rows(h)[0]?.status === 'writing');
    h.timeouts.resolve();
    await running;
    expect(footer(h)).toMatchObject({ phase: 'failed', held: true });
    const [result] = h.sandbox.sentOfType('job/result');
    h.engine.handleMessage({
      type: 'job/written',
      id: result?.id ?? '',
      outcome: { kind: 'written', nodeId: target.nodeId },
      candidate: 0,
    });
    expect(footer(h)).toMatchObject({ phase: 'done', outcome: { kind: 'written' } });
    expect(h.sandbox.sentOfType('job/forget').flatMap((m) => m.taskIds)).toContain('t1');
  });
});

describe('job engine, frames by node id (variants, extend)', () => {
  it('runs frames that are not in the selection at once, without waiting for the selection to change', async () => {
    const h = setUp(OFFLINE_SETTINGS);
    h.store.dispatch({ type: 'selection/changed', selection: makeSelection([]) });
    const result = await h.engine.outpaintNodesAsync([
      { nodeId: '7:1', name: 'Story' },
      { nodeId: '7:2', name: 'Post' },
    ]);
    expect(
      h.sandbox
        .sentOfType('job/start')
        .map((m) => m.nodeId)
        .sort(),
    ).toEqual(['7:1', '7:2']);
    expect(result).toEqual({ written: 2, failed: [], charged: 0 });
  });

  it('reports each frame that failed with its own reason', async () => {
    const h = setUp(OFFLINE_SETTINGS);
    // Rows take ids job-1 and job-2; their frame jobs job-3 and job-4. The first frame was deleted meanwhile.
    h.sandbox.onStart = (id) =>
      id === 'job-3'
        ? failedReply(id, { code: 'node-deleted', message: 'That layer no longer exists.' })
        : { type: 'job/started', id, target };
    const result = await h.engine.outpaintNodesAsync([
      { nodeId: '7:1', name: 'Story' },
      { nodeId: '7:2', name: 'Post' },
    ]);
    expect(result.written).toBe(1);
    expect(result.failed).toEqual([{ nodeId: '7:1', message: 'That layer no longer exists.', paidTaskKept: false }]);
  });
});
