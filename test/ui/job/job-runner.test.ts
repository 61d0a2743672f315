import { beforeEach, describe, expect, it } from 'vitest';
import type { Settings } from '../../../common/settings';
import { BflError } from '../../../ui/api/bfl-error';
import { createImageBytesCache, type ImageBytesCache } from '../../../ui/job/image-bytes-cache';
import { createJobRunner, type JobRunner } from '../../../ui/job/job-runner';
import { createAppStore, type AppStore } from '../../../ui/state/app-store';
import { FLUX_SETTINGS, OFFLINE_SETTINGS, makePlan, makeSelection, makeTarget } from '../support/ui-fixtures';
import { FakeFluxClient, FakePipeline, FakeSandbox, deferred, failedReply, flushAsync } from '../support/runner-fakes';

const SOURCE = new Uint8Array([1, 2, 3, 4]);
const target = makeTarget({ plan: makePlan({ width: 800, height: 400, offsetX: -12, offsetY: 30, autoCrop: true }) });

interface Harness {
  store: AppStore;
  sandbox: FakeSandbox;
  pipeline: FakePipeline;
  flux: FakeFluxClient;
  images: ImageBytesCache;
  runner: JobRunner;
  clientSettings: Settings[];
  writeTimeout: ReturnType<typeof deferred<void>>;
}

function setUp(settings: Settings, withBytes = true): Harness {
  const store = createAppStore();
  store.dispatch({ type: 'settings/loaded', settings });
  store.dispatch({ type: 'selection/changed', selection: makeSelection([target]) });
  const sandbox = new FakeSandbox(target);
  const pipeline = new FakePipeline();
  const flux = new FakeFluxClient();
  const images = createImageBytesCache();
  if (withBytes) images.put(target.image.hash, SOURCE);
  const clientSettings: Settings[] = [];
  const writeTimeout = deferred<void>();
  let n = 0;
  const runner = createJobRunner({
    getState: store.getState,
    dispatch: store.dispatch,
    post: sandbox.post,
    images,
    pipeline,
    createFluxClient: (s) => {
      clientSettings.push(s);
      return flux;
    },
    now: () => new Date('2026-11-25T10:00:00Z'),
    newJobId: () => `job-${++n}`,
    seed: () => 7,
    sleepAsync: () => writeTimeout.promise,
  });
  sandbox.deliver = (m) => runner.handleMessage(m);
  return { store, sandbox, pipeline, flux, images, runner, clientSettings, writeTimeout };
}

describe('job runner, offline engine', () => {
  let h: Harness;
  beforeEach(() => {
    h = setUp({ ...OFFLINE_SETTINGS, feather: 6, outputFormat: 'jpeg' });
  });

  it('asks the sandbox to freeze the frame, extends the image and writes the finished result', async () => {
    await h.runner.startAsync();
    expect(h.sandbox.sentOfType('job/start')).toEqual([{ type: 'job/start', id: 'job-1', nodeId: target.nodeId }]);
    expect(h.pipeline.offlineSource).toBe(SOURCE);
    expect(h.pipeline.finishInput).toMatchObject({ source: SOURCE, result: h.pipeline.offlineResult, plan: target.plan, feather: 6, format: 'jpeg' });
    const [result] = h.sandbox.sentOfType('job/result');
    expect(result?.bytes).toBe(h.pipeline.finished.bytes);
    expect(result?.meta).toEqual({ engine: 'offline', mode: 'offline', createdAt: '2026-11-25T10:00:00.000Z', cost: null, width: 1200, height: 500 });
    expect(h.store.getState().job).toMatchObject({ phase: 'done', outcome: { kind: 'written' } });
    expect(h.clientSettings).toEqual([]);
  });

  it('shows the engine progress while it runs', async () => {
    const gate = deferred<void>();
    h.pipeline.offlineGate = gate.promise;
    const running = h.runner.startAsync();
    await flushAsync();
    expect(h.store.getState().job).toMatchObject({ phase: 'running', stage: { kind: 'generating', progress: 0.5 } });
    gate.resolve();
    await running;
  });

  it('waits for image bytes the sandbox has not sent yet', async () => {
    h = setUp(OFFLINE_SETTINGS, false);
    const running = h.runner.startAsync();
    await flushAsync();
    expect(h.pipeline.calls).toEqual([]);
    h.images.put(target.image.hash, SOURCE);
    await running;
    expect(h.pipeline.offlineSource).toBe(SOURCE);
  });

  it('cancels cleanly: nothing is written and the message says nothing changed', async () => {
    h.pipeline.offlineGate = new Promise(() => {});
    const running = h.runner.startAsync();
    await flushAsync();
    h.runner.cancel();
    await running;
    expect(h.sandbox.sentOfType('job/result')).toEqual([]);
    expect(h.store.getState().job).toMatchObject({ phase: 'failed', error: { code: 'cancelled', message: 'Cancelled. Nothing was changed.' } });
  });

  it('shows the sandbox refusal when the frame cannot start', async () => {
    h.sandbox.onStart = (id) => failedReply(id, { code: 'node-deleted', message: 'The frame was deleted — select another frame' });
    await h.runner.startAsync();
    expect(h.pipeline.calls).toEqual([]);
    expect(h.store.getState().job).toMatchObject({ phase: 'failed', error: { code: 'node-deleted' } });
  });

  it('passes on the pipeline error as it is', async () => {
    h.pipeline.finishError = Object.assign(new Error('size'), { code: 'size-mismatch', message: 'The result is 10 × 10 px, not 800 × 400 px — try again' });
    await h.runner.startAsync();
    expect(h.store.getState().job).toMatchObject({ phase: 'failed', error: { code: 'size-mismatch', message: 'The result is 10 × 10 px, not 800 × 400 px — try again' } });
  });

  it('turns an unexpected crash into a message with a next step', async () => {
    h.pipeline.finishError = new TypeError('x is undefined');
    await h.runner.startAsync();
    const job = h.store.getState().job;
    expect(job).toMatchObject({ phase: 'failed', error: { code: 'engine-failed' } });
    expect(job.phase === 'failed' && job.error.message).toMatch(/Try again/);
  });

  it('does not start when nothing is selected', async () => {
    h.store.dispatch({ type: 'selection/changed', selection: makeSelection([]) });
    await h.runner.startAsync();
    expect(h.sandbox.sent).toEqual([]);
    expect(h.store.getState().job.phase).toBe('idle');
  });
});

describe('job runner, FLUX', () => {
  let h: Harness;
  beforeEach(() => {
    h = setUp({ ...FLUX_SETTINGS, mode: 'fast', prompt: '  a calm sea  ' });
  });

  it("sends the prepared reference with the plan's canvas, offsets and auto_crop", async () => {
    await h.runner.startAsync();
    expect(h.flux.requests).toEqual([
      { inputImage: h.pipeline.prepared, width: 800, height: 400, offsetX: -12, offsetY: 30, autoCrop: true, mode: 'fast', prompt: 'a calm sea', outputFormat: 'png' },
    ]);
    expect(h.clientSettings[0]).toMatchObject({ apiKey: 'test-key', endpoint: 'https://proxy.example.com' });
    expect(h.pipeline.finishInput?.result).toBe(h.flux.bytes);
    expect(h.sandbox.sentOfType('job/result')[0]?.meta).toMatchObject({ engine: 'flux', mode: 'fast', cost: 4.5 });
  });

  it('leaves the prompt out when it is empty', async () => {
    h = setUp({ ...FLUX_SETTINGS, prompt: '   ' });
    await h.runner.startAsync();
    expect(h.flux.requests[0]).not.toHaveProperty('prompt');
  });

  it('shows the cost and queue status while FLUX works', async () => {
    const gate = deferred<void>();
    h.flux.gate = gate.promise;
    const running = h.runner.startAsync();
    await flushAsync();
    expect(h.store.getState().job).toMatchObject({ phase: 'running', cost: 4.5, stage: { kind: 'generating', status: 'Pending', progress: 0.2 } });
    gate.resolve();
    await running;
  });

  it('warns that a cancelled FLUX task may still be charged', async () => {
    h.flux.gate = new Promise(() => {});
    const running = h.runner.startAsync();
    await flushAsync();
    h.runner.cancel();
    await running;
    expect(h.store.getState().job).toMatchObject({ phase: 'failed', error: { code: 'cancelled' } });
    const job = h.store.getState().job;
    expect(job.phase === 'failed' && job.error.message).toMatch(/may still charge/);
  });

  it('opens the key field when FLUX refuses the key', async () => {
    h.flux.error = new BflError('api-key', 'The API key was refused. Check your API key in Settings');
    await h.runner.startAsync();
    const s = h.store.getState();
    expect(s.job).toMatchObject({ phase: 'failed', error: { code: 'api-key', message: 'The API key was refused. Check your API key in Settings' } });
    expect(s.view).toBe('settings');
    expect(s.focus).toBe('api-key');
  });

  it('keeps a paid result when the write fails, and writes the same bytes again on retry', async () => {
    h.sandbox.onResult = (id) => failedReply(id, { code: 'write-failed', message: 'Figma could not add the image. Try writing again' });
    await h.runner.startAsync();
    const failed = h.store.getState().job;
    expect(failed).toMatchObject({ phase: 'failed', error: { code: 'write-failed' } });
    expect(failed.phase === 'failed' && failed.result?.bytes).toBe(h.pipeline.finished.bytes);

    h.sandbox.onResult = null;
    await h.runner.retryWriteAsync();
    const results = h.sandbox.sentOfType('job/result');
    expect(results).toHaveLength(2);
    expect(results[1]?.id).toBe(results[0]?.id);
    expect(results[1]?.bytes).toBe(results[0]?.bytes);
    expect(h.store.getState().job).toMatchObject({ phase: 'done', meta: { cost: 4.5 } });
  });

  it('offers writing again when Figma never confirms the write', async () => {
    h.sandbox.onResult = () => null;
    const running = h.runner.startAsync();
    await flushAsync();
    expect(h.store.getState().job).toMatchObject({ phase: 'running', stage: { kind: 'writing' } });
    h.writeTimeout.resolve();
    await running;
    const job = h.store.getState().job;
    expect(job).toMatchObject({ phase: 'failed', error: { code: 'write-failed' } });
    expect(job.phase === 'failed' && job.result).not.toBeNull();
  });

  it('saves the accepted task for a reopened panel, with the frozen target and without the key', async () => {
    h.flux.gate = new Promise(() => {});
    void h.runner.startAsync();
    await flushAsync();
    const save = h.sandbox.sentOfType('job/save').find((m) => m.job.pending !== true);
    expect(save?.job).toMatchObject({
      jobId: 'job-1',
      taskId: 't1',
      pollingUrl: 'https://api.bfl.ai/v1/get_result?id=t1',
      candidate: 0,
      candidates: 1,
      target: { nodeId: target.nodeId, image: { hash: target.image.hash } },
      submittedAt: Date.parse('2026-11-25T10:00:00Z'),
      cost: 4.5,
      settings: { endpoint: 'https://proxy.example.com', mode: 'fast' },
    });
    expect(save?.job.settings).not.toHaveProperty('apiKey');
    expect(JSON.stringify(save)).not.toContain('test-key');
  });

  it('forgets the saved task when the job is cancelled after submit', async () => {
    h.flux.gate = new Promise(() => {});
    const running = h.runner.startAsync();
    await flushAsync();
    h.runner.cancel();
    await running;
    expect(h.sandbox.sentOfType('job/forget')).toEqual([{ type: 'job/forget', taskIds: ['pending-job-1-0', 't1'] }]);
  });

  it('holds the FLUX submit until the sandbox has stored the submit-pending marker, without the key', async () => {
    h.flux.gate = new Promise(() => {});
    h.sandbox.heldStores = [];
    void h.runner.startAsync();
    await flushAsync();
    expect(h.sandbox.sentOfType('job/save').map((m) => m.job)).toEqual([
      expect.objectContaining({ pending: true, jobId: 'job-1', taskId: 'pending-job-1-0', pollingUrl: '', candidate: 0, target: expect.objectContaining({ nodeId: target.nodeId }) }),
    ]);
    expect(JSON.stringify(h.sandbox.sent)).not.toContain('test-key');
    expect(h.flux.requests).toHaveLength(0);
    for (const reply of h.sandbox.heldStores.splice(0)) h.runner.handleMessage(reply);
    await flushAsync();
    expect(h.flux.requests).toHaveLength(1);
  });

  it('drops the submit-pending marker and saves no task when FLUX refuses the task before accepting it', async () => {
    h.flux.progress = [{ kind: 'sending' }];
    h.flux.error = new BflError('api-credits', 'Not enough FLUX credits. Add credits at dashboard.bfl.ai, then try again');
    await h.runner.startAsync();
    expect(h.sandbox.sentOfType('job/save').filter((m) => m.job.pending !== true)).toHaveLength(0);
    expect(h.sandbox.sentOfType('job/forget')).toEqual([{ type: 'job/forget', taskIds: ['pending-job-1-0'] }]);
  });

  it('keeps the saved task while a paid result waits for a write retry', async () => {
    h.sandbox.onResult = (id) => failedReply(id, { code: 'write-failed', message: 'Figma could not add the image. Try writing again' });
    await h.runner.startAsync();
    expect(h.sandbox.sentOfType('job/save').filter((m) => m.job.pending !== true)).toHaveLength(1);
    expect(h.sandbox.sentOfType('job/forget')).toHaveLength(0);
  });

  it('cannot cancel once the result exists', async () => {
    h.sandbox.onResult = () => null;
    const running = h.runner.startAsync();
    await flushAsync();
    h.runner.cancel();
    expect(h.store.getState().job).toMatchObject({ phase: 'running', cancelling: false, stage: { kind: 'writing' } });
    h.sandbox.deliver({ type: 'job/written', id: 'job-1', outcome: { kind: 'placed-beside', nodeId: '9:9', reason: { code: 'node-changed', message: 'The frame changed' } } });
    await running;
    expect(h.store.getState().job).toMatchObject({ phase: 'done', outcome: { kind: 'placed-beside' } });
  });
});
