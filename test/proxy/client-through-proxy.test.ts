// The client's error handling must survive the proxy: statuses, details and Retry-After are relayed
// unchanged, so each outcome reaches the user with the same code as when talking to BFL directly.
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../proxy/create-app';
import { createBflClient, type OutpaintRequest } from '../../ui/api/bfl-client';
import { BflError } from '../../ui/api/bfl-error';
import { createTaskLimiter } from '../../ui/api/task-limiter';
import { startFakeBflAsync, type FakeBfl, type FakeBflOptions } from '../fake-bfl/fake-bfl-server';
import { makeReferencePngAsync, realSleepAsync } from '../fake-bfl/test-images';
import { PROXY } from './proxy-contract';

let fakes: FakeBfl[] = [];
afterEach(async () => {
  await Promise.all(fakes.map((f) => f.closeAsync()));
  fakes = [];
});

async function setupAsync(options: FakeBflOptions, apiKey = 'test-key') {
  const fake = await startFakeBflAsync({ latencyMs: 0, ...options });
  fakes.push(fake);
  const app = createApp({ fetch: (input, init) => fetch(input, init), upstream: fake.url });
  const client = createBflClient({
    baseUrl: PROXY,
    apiKey,
    fetch: async (url, init) => app.request(url, init),
    now: Date.now,
    sleepAsync: realSleepAsync,
    pollIntervalMs: 5,
    maxPollIntervalMs: 20,
    limiter: createTaskLimiter(24),
  });
  const { png } = await makeReferencePngAsync(40, 30);
  const req: OutpaintRequest = { image: png, width: 80, height: 64, offsetX: 3, offsetY: 4 };
  return { fake, client, req };
}

async function codeOfAsync(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof BflError) return error.code;
    throw error;
  }
  return 'succeeded';
}

describe('the client through the proxy', () => {
  it.each([
    ['request-moderated', 'api-moderated'],
    ['content-moderated', 'api-moderated'],
    ['error', 'api-failed'],
    ['failed', 'api-failed'],
    ['not-found', 'api-not-found'],
  ] as const)('turns the %s outcome into %s', async (defaultOutcome, code) => {
    const { client, req } = await setupAsync({ defaultOutcome });
    expect(await codeOfAsync(client.outpaintAsync(req))).toBe(code);
  });

  it('reports a wrong key, missing credits and a 422 detail like the API itself', async () => {
    const wrong = await setupAsync({}, 'nope');
    const broke = await setupAsync({ brokeKeys: ['test-key'] });
    const invalid = await setupAsync({});
    expect(await codeOfAsync(wrong.client.outpaintAsync(wrong.req))).toBe('api-key');
    expect(await codeOfAsync(broke.client.outpaintAsync(broke.req))).toBe('api-credits');
    const error = await invalid.client.outpaintAsync({ ...invalid.req, width: 10 }).catch((e: unknown) => e);
    expect(error instanceof BflError && error.message).toContain('width: Input should be greater than or equal to 64');
  });

  it('gets through a 429 storm without a duplicate task or breaking the ceiling', async () => {
    const { fake, client, req } = await setupAsync({ latencyMs: 50, concurrencyLimit: 4, retryAfterSeconds: 0 });
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => client.outpaintAsync({ ...req, offsetX: i })),
    );
    expect(new Set(results.map((r) => r.taskId)).size).toBe(10);
    expect(fake.state.tasksSubmittedByKey('test-key')).toBe(10);
    const accepted = fake.state.submissions.filter((s) => s.status === 200).map((s) => s.bodySha256);
    expect(new Set(accepted).size).toBe(accepted.length);
    expect(fake.state.maxActiveObserved).toBeLessThanOrEqual(4);
  });

  it('rides out 5xx on the n-th poll and reports a 5xx submit as uncertain without resubmitting', async () => {
    const polls = await setupAsync({
      latencyMs: 20,
      faults: [
        { route: 'poll', nth: 2, kind: 500 },
        { route: 'poll', nth: 3, kind: 503 },
      ],
    });
    expect(await codeOfAsync(polls.client.outpaintAsync(polls.req))).toBe('succeeded');
    const submit = await setupAsync({ faults: [{ route: 'submit', nth: 1, kind: 'drop', afterEffect: true }] });
    expect(await codeOfAsync(submit.client.outpaintAsync(submit.req))).toBe('submit-uncertain');
    expect(submit.fake.state.requestsOn('submit')).toHaveLength(1);
  });

  it('stops when cancelled mid-poll', async () => {
    const { fake, client, req } = await setupAsync({ latencyMs: 60_000 });
    const controller = new AbortController();
    const run = client.outpaintAsync(req, {
      signal: controller.signal,
      onStage: (s) => s.kind === 'generating' && controller.abort(),
    });
    expect(await codeOfAsync(run)).toBe('cancelled');
    expect(fake.state.requestsOn('poll').length).toBeGreaterThan(0);
  });
});
