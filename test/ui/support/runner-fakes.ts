// Typed fakes for the job runner's ports: a scripted sandbox, a pipeline and a FLUX client that record calls.
import type { AppError } from '../../../common/protocol/errors';
import type { SandboxMessage, UiMessage } from '../../../common/protocol/messages';
import type { Target } from '../../../common/selection/report';
import type { FluxClientPort, FluxProgress, FluxRequest, PixelPipelinePort } from '../../../ui/job/job-ports';

export const flushAsync = async (rounds = 5): Promise<void> => {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
};

/** A sandbox that answers job/start with the target (or an error), job/save as stored, and job/result with a write outcome. */
export class FakeSandbox {
  readonly sent: UiMessage[] = [];
  deliver: (message: SandboxMessage) => void = () => {};
  onStart: ((id: string) => SandboxMessage | null) | null = null;
  onResult: ((id: string) => SandboxMessage | null) | null = null;
  /** When set, 'job/stored' answers wait here (clientStorage still writing) until the test delivers them. */
  heldStores: SandboxMessage[] | null = null;

  constructor(private readonly target: Target) {}

  readonly post = (message: UiMessage): void => {
    this.sent.push(message);
    if (message.type === 'job/start') {
      const reply = this.onStart ? this.onStart(message.id) : { type: 'job/started' as const, id: message.id, target: this.target };
      if (reply) queueMicrotask(() => this.deliver(reply));
    }
    if (message.type === 'job/save') {
      const reply = { type: 'job/stored' as const, taskId: message.job.taskId, stored: true };
      if (this.heldStores) this.heldStores.push(reply);
      else queueMicrotask(() => this.deliver(reply));
    }
    if (message.type === 'job/result') {
      const reply = this.onResult ? this.onResult(message.id) : { type: 'job/written' as const, id: message.id, outcome: { kind: 'written' as const, nodeId: this.target.nodeId } };
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

export class FakeFluxClient implements FluxClientPort {
  requests: FluxRequest[] = [];
  progress: FluxProgress[] = [{ kind: 'sending' }, { kind: 'submitted', cost: 4.5, taskId: 't1', pollingUrl: 'https://api.bfl.ai/v1/get_result?id=t1' }, { kind: 'status', status: 'Pending', progress: 0.2 }, { kind: 'downloading' }];
  bytes = new Uint8Array([5, 5, 5]);
  gate: Promise<void> = Promise.resolve();
  error: unknown = null;

  async outpaintAsync(request: FluxRequest, options: { signal: AbortSignal; onProgress: (p: FluxProgress) => void }) {
    this.requests.push(request);
    for (const p of this.progress) {
      options.onProgress(p);
      if (p.kind === 'status') await abortable(this.gate, options.signal);
    }
    if (this.error !== null) throw this.error;
    return { bytes: this.bytes, cost: 4.5, taskId: 't1' };
  }
}

export function failedReply(id: string, error: AppError): SandboxMessage {
  return { type: 'job/failed', id, error };
}
