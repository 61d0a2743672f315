import { afterEach, describe, expect, it } from 'vitest';
import { BflError } from '../../../ui/api/bfl-error';
import {
  createBflClient,
  type BflClientOptions,
  type FetchLike,
  type OutpaintRequest,
  type OutpaintStage,
} from '../../../ui/api/bfl-client';
import { createTaskLimiter } from '../../../ui/api/task-limiter';
import { OUTPAINT_FIELDS } from '../../fake-bfl/validate-outpaint-body';
import { startFakeBflAsync, type FakeBfl, type FakeBflOptions } from '../../fake-bfl/fake-bfl-server';
import { checkPlacementAsync, makeReferencePngAsync, realSleepAsync } from '../../fake-bfl/test-images';

const KEY = 'test-key';
let fakes: FakeBfl[] = [];

afterEach(async () => {
  await Promise.all(fakes.map((f) => f.closeAsync()));
  fakes = [];
});

async function fakeAsync(options: FakeBflOptions = {}): Promise<FakeBfl> {
  const fake = await startFakeBflAsync({ latencyMs: 0, ...options });
  fakes.push(fake);
  return fake;
}

function client(fake: FakeBfl, overrides: Partial<BflClientOptions> = {}) {
  return createBflClient({
    baseUrl: fake.url,
    apiKey: KEY,
    fetch: (url, init) => fetch(url, init),
    now: Date.now,
    sleepAsync: realSleepAsync,
    pollIntervalMs: 5,
    maxPollIntervalMs: 20,
    timeoutMs: 10_000,
    ...overrides,
  });
}

async function requestAsync(
  overrides: Partial<OutpaintRequest> = {},
): Promise<{ req: OutpaintRequest; ref: Awaited<ReturnType<typeof makeReferencePngAsync>>['image'] }> {
  const { image, png } = await makeReferencePngAsync(40, 30);
  return { req: { image: png, width: 96, height: 80, offsetX: 7, offsetY: 11, ...overrides }, ref: image };
}

/**
 * A clock the client's waits move: the fake and the client read it, each sleep adds to it and then yields one turn
 * (so the fake's socket work runs), however busy the machine is. `advance` moves it outside a sleep.
 */
function virtualClock(): {
  now: () => number;
  sleepAsync: (ms: number) => Promise<void>;
  advance: (ms: number) => void;
} {
  let virtual = Date.now();
  return {
    now: () => virtual,
    sleepAsync: async (ms) => {
      virtual += ms;
      await new Promise((resolve) => setImmediate(resolve));
    },
    advance: (ms) => {
      virtual += ms;
    },
  };
}

async function codeOfAsync(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof BflError) return error.code;
    throw error;
  }
  throw new Error('expected the call to fail');
}

async function errorOfAsync(promise: Promise<unknown>): Promise<BflError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof BflError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('outpainting end to end against the strict fake', () => {
  it('returns the reference pasted 1:1 at the requested offset, pixel-exactly', async () => {
    const fake = await fakeAsync();
    const { req, ref } = await requestAsync();
    const result = await client(fake).outpaintAsync(req);
    const placement = await checkPlacementAsync(result.bytes, ref, 7, 11);
    expect(placement).toEqual({ width: 96, height: 80, wrongPixels: 0 });
  });

  it('reports the cost the API charged, and the balance drops by exactly that', async () => {
    const fake = await fakeAsync();
    const api = client(fake);
    const before = await api.getCreditsAsync();
    const { png } = await makeReferencePngAsync(64, 64);
    const result = await api.outpaintAsync({
      image: png,
      width: 128,
      height: 96,
      offsetX: 0,
      offsetY: 0,
      mode: 'fast',
    });
    expect(result.cost).toBeGreaterThan(0);
    expect(result.outputMp).toBe(0.01);
    expect(await api.getCreditsAsync()).toBe(before - (result.cost ?? NaN));
  });

  it('sends only documented fields, raw base64 and the x-key / JSON headers', async () => {
    const fake = await fakeAsync();
    const { req } = await requestAsync({ prompt: '  a calm sea ', safetyTolerance: 3, disablePup: true });
    await client(fake).outpaintAsync(req);
    const [submission] = fake.state.submissions;
    expect(submission?.status).toBe(200);
    for (const field of submission?.fields ?? []) expect(OUTPAINT_FIELDS).toContain(field);
    expect(submission?.fields).toEqual(expect.arrayContaining(['prompt', 'safety_tolerance', 'disable_pup']));
    const [submitRequest] = fake.state.requestsOn('submit');
    expect(submitRequest?.headers['x-key']).toBe(KEY);
    expect(submitRequest?.headers['content-type']).toBe('application/json');
    expect(submitRequest?.headers['accept']).toBe('application/json');
  });

  it('leaves out an empty prompt and unset optional fields', async () => {
    const fake = await fakeAsync();
    const { req } = await requestAsync({ prompt: '   ' });
    await client(fake).outpaintAsync(req);
    const fields = fake.state.submissions[0]?.fields ?? [];
    expect(fields).not.toContain('prompt');
    expect(fields).not.toContain('safety_tolerance');
    expect(fields).not.toContain('disable_pup');
  });

  it('polls the regional polling_url exactly as given', async () => {
    const fake = await fakeAsync({ latencyMs: 40 });
    const { req } = await requestAsync();
    const result = await client(fake).outpaintAsync(req);
    const polls = fake.state.requestsOn('poll');
    expect(polls.length).toBeGreaterThan(0);
    for (const poll of polls) expect(poll.url).toBe(`/eu2/v1/get_result?id=${result.taskId}`);
  });

  it('never sends the key to the delivery URL', async () => {
    const fake = await fakeAsync();
    const { req } = await requestAsync();
    await client(fake).outpaintAsync(req);
    const deliveries = fake.state.requestsOn('delivery');
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]?.headers['x-key']).toBeUndefined();
    expect(fake.state.deliveryRequestsWithKey).toBe(0);
  });

  it('keeps polling through Pending, Reasoning, Generating and unknown statuses, with rising progress', async () => {
    // The fake's statuses follow its clock; the client's waits move that clock, so every status is seen however
    // busy the machine is (a real-time clock let a slow turn skip a whole status).
    const clock = virtualClock();
    const fake = await fakeAsync({
      latencyMs: 200,
      extraStatuses: ['Reasoning', 'Generating', 'Dreaming'],
      now: clock.now,
    });
    const { req } = await requestAsync();
    const stages: OutpaintStage[] = [];
    await client(fake, { now: clock.now, sleepAsync: clock.sleepAsync }).outpaintAsync(req, {
      onStage: (stage) => stages.push(stage),
    });
    const statuses = new Set(stages.flatMap((s) => (s.kind === 'generating' ? [s.status] : [])));
    expect(statuses).toEqual(new Set(['Pending', 'Reasoning', 'Generating', 'Dreaming', 'Ready']));
    const progress = stages.flatMap((s) => (s.kind === 'generating' && s.progress !== null ? [s.progress] : []));
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(stages.map((s) => s.kind).filter((k, i, all) => all[i - 1] !== k)).toEqual([
      'queued',
      'submitting',
      'submitted',
      'generating',
      'downloading',
    ]);
  });
});

describe('terminal statuses', () => {
  it.each([
    ['Request Moderated', 'request-moderated'],
    ['Content Moderated', 'content-moderated'],
  ] as const)('shows the moderation reasons for %s', async (_status, outcome) => {
    const fake = await fakeAsync({ scenarios: { 'moderate me': outcome } });
    const { req } = await requestAsync({ prompt: 'moderate me' });
    const error = await errorOfAsync(client(fake).outpaintAsync(req));
    expect(error.code).toBe('api-moderated');
    expect(error.message).toContain('Derivative Works Filter');
    expect(error.message.length).toBeLessThanOrEqual(100);
  });

  it('still explains a moderation without reasons', async () => {
    const fake = await fakeAsync({ scenarios: { x: 'content-moderated' }, moderationDetails: 'null' });
    const { req } = await requestAsync({ prompt: 'x' });
    const error = await errorOfAsync(client(fake).outpaintAsync(req));
    expect(error.code).toBe('api-moderated');
    expect(error.message).toMatch(/Try another image/);
  });

  it.each([
    ['error', 'object', 'api-failed'],
    ['error', 'string', 'api-failed'],
    ['failed', 'null', 'api-failed'],
    ['not-found', 'object', 'api-not-found'],
  ] as const)('stops on outcome %s (details %s) with %s', async (outcome, errorDetails, code) => {
    const fake = await fakeAsync({ defaultOutcome: outcome, errorDetails });
    const { req } = await requestAsync();
    const error = await errorOfAsync(client(fake).outpaintAsync(req));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(/Run Outpaint again/);
  });

  it('passes the error detail of an Error status on to the user', async () => {
    const fake = await fakeAsync({ defaultOutcome: 'error' });
    const { req } = await requestAsync();
    const error = await errorOfAsync(client(fake).outpaintAsync(req));
    expect(error.message).toContain('Internal generation error');
  });
});

describe('HTTP errors', () => {
  it.each([401, 403] as const)('treats %s as a key problem', async (authErrorStatus) => {
    const fake = await fakeAsync({ authErrorStatus });
    const { req } = await requestAsync();
    const error = await errorOfAsync(client(fake, { apiKey: 'wrong' }).outpaintAsync(req));
    expect(error.code).toBe('api-key');
    expect(error.message).toMatch(/Check your API key in Settings/);
  });

  it('sends people to add credits on 402', async () => {
    const fake = await fakeAsync({ keys: [KEY], brokeKeys: [KEY] });
    const { req } = await requestAsync();
    const error = await errorOfAsync(client(fake).outpaintAsync(req));
    expect(error.code).toBe('api-credits');
    expect(error.message).toMatch(/Add credits at bfl.ai/);
  });

  it('shows a field-list 422 detail', async () => {
    const fake = await fakeAsync();
    const { req } = await requestAsync({ height: 32 });
    const error = await errorOfAsync(client(fake).outpaintAsync(req));
    expect(error.code).toBe('api-invalid');
    expect(error.message).toContain('height: Input should be greater than or equal to 64');
  });

  it.each(['list', 'string'] as const)('shows a semantic 422 detail in %s style', async (semanticErrorStyle) => {
    const fake = await fakeAsync({ semanticErrorStyle });
    const { req } = await requestAsync({ width: 4096, height: 1025 });
    const error = await errorOfAsync(client(fake).outpaintAsync(req));
    expect(error.code).toBe('api-invalid');
    expect(error.message).toContain('4 MP');
    expect(error.message.length).toBeLessThanOrEqual(100);
  });

  it('refuses an out-of-bounds placement with the API message', async () => {
    const fake = await fakeAsync();
    const { req } = await requestAsync({ offsetX: 70 });
    const error = await errorOfAsync(client(fake).outpaintAsync(req));
    expect(error.code).toBe('api-invalid');
    expect(error.message).toContain('auto_crop');
  });

  it('retries through a 429 storm and never exceeds the fake ceiling', async () => {
    const fake = await fakeAsync({ latencyMs: 60, concurrencyLimit: 3 });
    const { req } = await requestAsync();
    const api = client(fake, { limiter: createTaskLimiter(24) });
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => api.outpaintAsync({ ...req, offsetX: i })));
    expect(new Set(results.map((r) => r.taskId)).size).toBe(8);
    expect(fake.state.tasksSubmittedByKey(KEY)).toBe(8);
    expect(fake.state.submissions.filter((s) => s.status === 429).length).toBeGreaterThan(0);
    expect(fake.state.maxActiveObserved).toBeLessThanOrEqual(3);
  });

  it('waits as long as Retry-After says before retrying a 429', async () => {
    const fake = await fakeAsync({ retryAfterSeconds: 7, faults: [{ route: 'submit', nth: 1, kind: 429 }] });
    const sleeps: number[] = [];
    const { req } = await requestAsync();
    const api = client(fake, { sleepAsync: async (ms) => void sleeps.push(ms) });
    const task = await api.submitOutpaintAsync(req);
    expect(task.id).not.toBe('');
    expect(sleeps[0]).toBe(7000);
    expect(fake.state.requestsOn('submit')).toHaveLength(2);
  });

  it('gives up on 429 with a rate-limit message once the time budget is spent', async () => {
    const fake = await fakeAsync({ concurrencyLimit: 0 });
    const { req } = await requestAsync();
    let clock = 0;
    const api = client(fake, { now: () => clock, sleepAsync: async (ms) => void (clock += ms), timeoutMs: 60_000 });
    const error = await errorOfAsync(api.submitOutpaintAsync(req));
    expect(error.code).toBe('api-rate-limited');
    expect(fake.state.tasksSubmittedByKey(KEY)).toBe(0);
  });

  it('keeps at most 24 tasks in flight when many jobs share one limiter', async () => {
    const fake = await fakeAsync({ latencyMs: 80 });
    const { req } = await requestAsync();
    const api = client(fake, { limiter: createTaskLimiter(24) });
    await Promise.all(Array.from({ length: 30 }, (_, i) => api.outpaintAsync({ ...req, offsetX: i % 50 })));
    expect(fake.state.maxActiveObserved).toBeLessThanOrEqual(24);
    expect(fake.state.submissions.every((s) => s.status === 200)).toBe(true);
    expect(fake.state.tasksSubmittedByKey(KEY)).toBe(30);
  });

  it('rides out 503, 500 and a dropped connection on the polls', async () => {
    const fake = await fakeAsync({
      latencyMs: 30,
      faults: [
        { route: 'poll', nth: 1, kind: 503 },
        { route: 'poll', nth: 2, kind: 500 },
        { route: 'poll', nth: 3, kind: 'drop' },
        { route: 'poll', nth: 4, kind: 429 },
      ],
    });
    const { req, ref } = await requestAsync();
    const result = await client(fake).outpaintAsync(req);
    expect((await checkPlacementAsync(result.bytes, ref, 7, 11)).wrongPixels).toBe(0);
    expect(fake.state.tasksSubmittedByKey(KEY)).toBe(1);
  });

  it.each([500, 503, 'drop'] as const)(
    'never resubmits after a %s on submit and says the task may exist',
    async (kind) => {
      const fake = await fakeAsync({ faults: [{ route: 'submit', nth: 1, kind, afterEffect: true }] });
      const { req } = await requestAsync();
      const error = await errorOfAsync(client(fake).outpaintAsync(req));
      expect(error.code).toBe('submit-uncertain');
      expect(error.message).toMatch(/Check bfl.ai before retrying/);
      expect(fake.state.requestsOn('submit')).toHaveLength(1);
      expect(fake.state.tasksSubmittedByKey(KEY)).toBe(1);
    },
  );

  it('reports a network failure on submit as uncertain', async () => {
    const fake = await fakeAsync();
    const url = fake.url;
    await fake.closeAsync();
    fakes = [];
    const api = createBflClient({
      baseUrl: url,
      apiKey: KEY,
      fetch: (u, i) => fetch(u, i),
      now: Date.now,
      sleepAsync: realSleepAsync,
    });
    const { req } = await requestAsync();
    expect(await codeOfAsync(api.submitOutpaintAsync(req))).toBe('submit-uncertain');
  });
});

describe('time limits, cancellation and expiry', () => {
  it('times out a task that never finishes', async () => {
    const fake = await fakeAsync({ latencyMs: 60_000 });
    const { req } = await requestAsync();
    const error = await errorOfAsync(client(fake, { timeoutMs: 120 }).outpaintAsync(req));
    expect(error.code).toBe('api-timeout');
    expect(error.message).toMatch(/fast mode/);
  });

  it('polls once more when the computer slept past the budget, and fetches the finished result at once', async () => {
    const clock = virtualClock();
    const fake = await fakeAsync({ latencyMs: 2_000, now: clock.now });
    const { req } = await requestAsync();
    let slept = false;
    const api = client(fake, {
      now: clock.now,
      sleepAsync: clock.sleepAsync,
      timeoutMs: 5 * 60_000,
      // The laptop's lid closes while the first poll is on its way: six minutes pass, past the 5-minute budget and
      // within the result's 10-minute link (docs/bfl-api.md, Delivery URLs).
      fetch: async (url, init) => {
        const response = await fetch(url, init);
        if (url.includes('get_result') && !slept) {
          slept = true;
          clock.advance(6 * 60_000);
        }
        return response;
      },
    });
    const result = await api.outpaintAsync(req);
    expect(result.bytes.byteLength).toBeGreaterThan(0);
    expect(fake.state.requestsOn('submit')).toHaveLength(1);
  });

  /** A client on a virtual clock against a fake whose task takes `latencyMs`, noting when each poll was sent. */
  async function pollTimingAsync(latencyMs: number, options: { answerDelayMs?: number; maxPollIntervalMs?: number }) {
    const clock = virtualClock();
    const fake = await fakeAsync({ latencyMs, now: clock.now });
    const { req } = await requestAsync();
    const pollsSentAt: number[] = [];
    const api = client(fake, {
      now: clock.now,
      sleepAsync: clock.sleepAsync,
      pollIntervalMs: 1_000,
      ...(options.maxPollIntervalMs === undefined ? {} : { maxPollIntervalMs: options.maxPollIntervalMs }),
      fetch: async (url, init) => {
        if (url.includes('get_result')) pollsSentAt.push(clock.now());
        const response = await fetch(url, init);
        if (url.includes('get_result') && options.answerDelayMs) clock.advance(options.answerDelayMs);
        return response;
      },
    });
    return { clock, api, req, pollsSentAt };
  }

  it('polls at its interval even when every answer is slow, so a finished task is not found later and later', async () => {
    // Each poll's answer takes 400 ms to come back (a slow network, a busy panel).
    const { clock, api, req, pollsSentAt } = await pollTimingAsync(2_900, {
      answerDelayMs: 400,
      maxPollIntervalMs: 1_000,
    });
    const submittedAt = clock.now();
    await api.outpaintAsync(req);
    // The first poll one interval after the submit, then one a second: ready at 2.9 s, the task is seen by the poll
    // sent at 3 s, not at 3.8 s (after two 1.4 s gaps).
    expect(pollsSentAt.map((at) => at - submittedAt)).toEqual([1_000, 2_000, 3_000]);
  });

  it('polls a task accepted just now one interval after the submit was answered, however long recording it took', async () => {
    const { clock, api, req, pollsSentAt } = await pollTimingAsync(2_000, { maxPollIntervalMs: 1_000 });
    const task = await api.submitOutpaintAsync(req);
    const acceptedAt = clock.now();
    // The panel records the task in clientStorage before it polls; a busy sandbox takes 300 ms to confirm.
    clock.advance(300);
    await api.pollUntilDoneAsync(task.pollingUrl, undefined, undefined, { acceptedAt });
    // Ready at 2 s: seen by the poll sent at 2 s, not one at 2.3 s.
    expect(pollsSentAt.map((at) => at - acceptedAt)).toEqual([1_000, 2_000]);
  });

  it('polls a task it did not just submit (a reopened panel’s) at once, not an interval later', async () => {
    const { clock, api, req, pollsSentAt } = await pollTimingAsync(2_000, {});
    const task = await api.submitOutpaintAsync(req);
    // The panel was closed meanwhile; the task finished while it was.
    clock.advance(5_000);
    const reopenedAt = clock.now();
    await api.pollUntilDoneAsync(task.pollingUrl);
    expect(pollsSentAt).toEqual([reopenedAt]);
  });

  it('reports a server failure, not a timeout, when every poll failed until the deadline', async () => {
    const fake = await fakeAsync({ latencyMs: 60_000 });
    const { req } = await requestAsync();
    const api = client(fake, { timeoutMs: 100 });
    const task = await api.submitOutpaintAsync(req);
    for (let nth = 1; nth <= 200; nth++) fake.controls.addFault({ route: 'poll', nth, kind: 503 });
    expect(await codeOfAsync(api.pollUntilDoneAsync(task.pollingUrl))).toBe('api-server');
  });

  it('stops polling when cancelled', async () => {
    const fake = await fakeAsync({ latencyMs: 60_000 });
    const { req } = await requestAsync();
    const controller = new AbortController();
    const stages: OutpaintStage[] = [];
    const run = client(fake).outpaintAsync(req, {
      signal: controller.signal,
      onStage: (stage) => {
        stages.push(stage);
        if (stage.kind === 'generating') controller.abort();
      },
    });
    expect(await codeOfAsync(run)).toBe('cancelled');
    const pollsAtCancel = fake.state.requestsOn('poll').length;
    await realSleepAsync(50);
    expect(fake.state.requestsOn('poll').length).toBe(pollsAtCancel);
  });

  it('submits nothing when cancelled before it starts', async () => {
    const fake = await fakeAsync();
    const { req } = await requestAsync();
    const controller = new AbortController();
    controller.abort();
    expect(await codeOfAsync(client(fake).outpaintAsync(req, { signal: controller.signal }))).toBe('cancelled');
    expect(fake.state.requestsOn('submit')).toHaveLength(0);
  });

  it('says the result expired when the signed link is older than 10 minutes', async () => {
    const fake = await fakeAsync();
    const { req } = await requestAsync();
    const api = client(fake);
    const task = await api.submitOutpaintAsync(req);
    const { sampleUrl } = await api.pollUntilDoneAsync(task.pollingUrl);
    fake.controls.advanceClock(601_000);
    const error = await errorOfAsync(api.downloadAsync(sampleUrl));
    expect(error.code).toBe('expired');
    expect(error.message).toMatch(/Run Outpaint again/);
  });

  it('abandons a hung poll after the request timeout and carries on polling', async () => {
    const fake = await fakeAsync({ latencyMs: 20 });
    let polls = 0;
    const hangFirstPoll: FetchLike = (url, init) => {
      if (url.includes('/get_result') && ++polls === 1) {
        return new Promise((_resolve, reject) =>
          init.signal?.addEventListener('abort', () => reject(new Error('aborted'))),
        );
      }
      return fetch(url, init);
    };
    const { req, ref } = await requestAsync();
    const result = await client(fake, { fetch: hangFirstPoll, requestTimeoutMs: 50 }).outpaintAsync(req);
    expect((await checkPlacementAsync(result.bytes, ref, 7, 11)).wrongPixels).toBe(0);
    expect(polls).toBeGreaterThan(1);
  });

  it('reports a hung submit as uncertain instead of waiting forever', async () => {
    const fake = await fakeAsync();
    const hang: FetchLike = (_url, init) =>
      new Promise((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(new Error('aborted'))));
    const { req } = await requestAsync();
    expect(await codeOfAsync(client(fake, { fetch: hang, requestTimeoutMs: 30 }).submitOutpaintAsync(req))).toBe(
      'submit-uncertain',
    );
  });

  it('refuses to send the key to a polling URL on a foreign host', async () => {
    const seen: string[] = [];
    const recording: FetchLike = async (url) => {
      seen.push(url);
      return new Response('{}');
    };
    const api = createBflClient({
      baseUrl: 'https://proxy.example',
      apiKey: KEY,
      fetch: recording,
      now: Date.now,
      sleepAsync: realSleepAsync,
    });
    for (const url of [
      'https://evil.example/v1/get_result?id=1',
      'http://api.bfl.ai/v1/get_result?id=1',
      'https://api.bfl.ai.evil.example/v1/get_result',
      'https://user:pw@api.bfl.ai/v1/get_result',
    ]) {
      expect(await codeOfAsync(api.pollUntilDoneAsync(url))).toBe('api-failed');
    }
    expect(seen).toEqual([]);
  });
});
