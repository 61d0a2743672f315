// Typed fakes for the job engine's ports: a scripted sandbox, a pipeline and a FLUX API that record calls.
import type { SavedJob } from '../../../common/batch/saved-job';
import type { AppError } from '../../../common/protocol/errors';
import type { SandboxMessage, UiMessage } from '../../../common/protocol/messages';
import type { Target } from '../../../common/selection/report';
import type { FluxApi, SubmittedTask } from '../../../ui/jobs/flux-api';
import type { JobEngine } from '../../../ui/jobs/job-engine';
import type { FluxRequest, PixelPipelinePort } from '../../../ui/jobs/job-ports';

/** A sandbox that answers job/start with the target (or an error), job/save as stored, and job/result with a write outcome. */
export class FakeSandbox {
  readonly sent: UiMessage[] = [];
  deliver: (message: SandboxMessage) => void = () => {};
  onStart: ((id: string) => SandboxMessage | null) | null = null;
  /** Answers 'job/result'; the default writes it and echoes its candidate, as the sandbox does. */
  onResult: ((id: string, message: Extract<UiMessage, { type: 'job/result' }>) => SandboxMessage | null) | null = null;
  /** When set, 'job/save' is refused with this reason (a full ledger, a storage error). */
  storeRefusal: AppError | null = null;
  /** When set, 'job/stored' answers wait here (clientStorage still writing) until the test delivers them. */
  heldStores: SandboxMessage[] | null = null;

  constructor(private readonly target: Target) {}

  readonly post = (message: UiMessage): void => {
    this.sent.push(message);
    if (message.type === 'job/start') {
      const reply = this.onStart
        ? this.onStart(message.id)
        : { type: 'job/started' as const, id: message.id, target: this.target };
      if (reply) queueMicrotask(() => this.deliver(reply));
    }
    if (message.type === 'job/resume') {
      const reply: SandboxMessage = this.onStart
        ? (this.onStart(message.id) ?? { type: 'job/started', id: message.id, target: this.target })
        : { type: 'job/started', id: message.id, target: this.target };
      queueMicrotask(() => this.deliver(reply));
    }
    if (message.type === 'job/save') {
      for (const job of message.jobs) {
        const reply: SandboxMessage = this.storeRefusal
          ? { type: 'job/stored', taskId: job.taskId, stored: false, error: this.storeRefusal }
          : { type: 'job/stored', taskId: job.taskId, stored: true };
        if (this.heldStores) this.heldStores.push(reply);
        else queueMicrotask(() => this.deliver(reply));
      }
    }
    if (message.type === 'job/result') {
      const written: SandboxMessage = {
        type: 'job/written',
        id: message.id,
        outcome: { kind: 'written', nodeId: this.target.nodeId },
        ...(message.candidate === undefined ? {} : { candidate: message.candidate }),
      };
      const reply = this.onResult ? this.onResult(message.id, message) : written;
      if (reply) queueMicrotask(() => this.deliver(reply));
    }
  };

  sentOfType<T extends UiMessage['type']>(type: T): Extract<UiMessage, { type: T }>[] {
    return this.sent.filter((m): m is Extract<UiMessage, { type: T }> => m.type === type);
  }
}

export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

/** The records of 'job/save' messages, in order (records asked for together share one message). */
export function savedJobs(messages: readonly Extract<UiMessage, { type: 'job/save' }>[]): SavedJob[] {
  return messages.flatMap((message) => message.jobs);
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Rejects with an AbortError when the signal fires, like the real pipeline and client do. */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new DOMException('Aborted', 'AbortError'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject);
  });
}

export class FakePipeline implements PixelPipelinePort {
  readonly calls: string[] = [];
  prepared = new Uint8Array([7, 7]);
  offlineResult = new Uint8Array([8, 8, 8]);
  finished = { bytes: new Uint8Array([9, 9, 9, 9]), width: 1200, height: 500 };
  offlineGate: Promise<void> = Promise.resolve();
  finishInput: Parameters<PixelPipelinePort['finishAsync']>[0] | null = null;
  offlineSource: Uint8Array | null = null;
  finishError: unknown = null;

  prepareReferenceAsync: PixelPipelinePort['prepareReferenceAsync'] = async () => {
    this.calls.push('prepare');
    return { bytes: this.prepared, untouched: false };
  };

  runOfflineAsync: PixelPipelinePort['runOfflineAsync'] = async (source, _plan, options) => {
    this.calls.push('offline');
    this.offlineSource = source;
    options.onProgress(0.5);
    await abortable(this.offlineGate, options.signal);
    return this.offlineResult;
  };

  finishAsync: PixelPipelinePort['finishAsync'] = async (input) => {
    this.calls.push('finish');
    this.finishInput = input;
    if (this.finishError !== null) throw this.finishError;
    return this.finished;
  };
}

/** The FLUX API as the engine sees it: records submits, reports statuses, and can be held or made to fail per call. */
export class FakeFluxApi implements FluxApi {
  readonly requests: FluxRequest[] = [];
  readonly polled: string[] = [];
  statuses: { status: string; progress: number | null }[] = [{ status: 'Pending', progress: 0.2 }];
  bytes = new Uint8Array([5, 5, 5]);
  cost: number | null = 4.5;
  /** Polling waits here (FLUX still working) until the test resolves it. */
  gate: Promise<void> = Promise.resolve();
  submitError: unknown = null;
  /** Thrown by the next polls, one per poll; empty means polls succeed. */
  pollErrors: unknown[] = [];
  private submits = 0;
  /** Thrown by the endpoint check before a submit (a wrong or unreachable address); null: the endpoint answers. */
  endpointError: unknown = null;

  async checkEndpointAsync(signal: AbortSignal): Promise<void> {
    if (signal.aborted) throw new DOMException('Aborted', 'AbortError');
    if (this.endpointError !== null) throw this.endpointError;
  }

  async submitAsync(request: FluxRequest, signal: AbortSignal): Promise<SubmittedTask> {
    if (signal.aborted) throw new DOMException('Aborted', 'AbortError');
    this.requests.push(request);
    if (this.submitError !== null) throw this.submitError;
    this.submits += 1;
    const taskId = `t${this.submits}`;
    return { taskId, pollingUrl: `https://api.bfl.ai/v1/get_result?id=${taskId}`, cost: this.cost };
  }

  async pollAsync(
    pollingUrl: string,
    signal: AbortSignal,
    onStatus: (status: string, progress: number | null) => void,
  ): Promise<{ sampleUrl: string }> {
    this.polled.push(pollingUrl);
    for (const s of this.statuses) onStatus(s.status, s.progress);
    await abortable(this.gate, signal);
    const error = this.pollErrors.shift();
    if (error !== undefined) throw error;
    return { sampleUrl: 'https://delivery-eu1.bfl.ai/result.png' };
  }

  async downloadAsync(_url: string, signal: AbortSignal): Promise<Uint8Array> {
    if (signal.aborted) throw new DOMException('Aborted', 'AbortError');
    return this.bytes;
  }

  async creditsAsync(): Promise<number> {
    return 100;
  }
}

export function failedReply(id: string, error: AppError): SandboxMessage {
  return { type: 'job/failed', id, error };
}

/** An engine that does nothing: for panel tests that only need the commands to exist. */
export const IDLE_ENGINE: JobEngine = {
  outpaintChosenAsync: async () => undefined,
  outpaintSelectionAsync: async () => undefined,
  outpaintNodesAsync: async () => ({ written: 0, failed: [], charged: 0 }),
  retryAsync: async () => undefined,
  cancel: () => undefined,
  cancelAll: () => undefined,
  applyAsync: async () => undefined,
  discard: () => undefined,
  refreshCreditsAsync: async () => undefined,
  handleMessage: () => undefined,
  whenIdleAsync: async () => undefined,
};
