// The fake is only useful if it is as strict as docs/bfl-api.md, The strict fake says; these pin its contract.
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeBflAsync, type FakeBfl, type FakeBflOptions } from './fake-bfl-server';
import { makeReferencePngAsync } from './test-images';

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

async function refBase64Async(width = 40, height = 30): Promise<string> {
  return Buffer.from((await makeReferencePngAsync(width, height)).png).toString('base64');
}

async function postAsync(
  fake: FakeBfl,
  body: unknown,
  key: string | null = KEY,
): Promise<{ status: number; json: unknown; headers: Headers }> {
  const res = await fetch(`${fake.url}/v1/flux-tools/outpainting-v1`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(key === null ? {} : { 'x-key': key }) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json(), headers: res.headers };
}

async function getJsonAsync(url: string, key: string | null = KEY): Promise<{ status: number; json: unknown }> {
  const res = await fetch(url, { headers: key === null ? {} : { 'x-key': key } });
  return { status: res.status, json: await res.json() };
}

function detailTypes(json: unknown): string[] {
  const detail = (json as { detail?: unknown }).detail;
  return Array.isArray(detail) ? detail.map((d: { type?: string }) => d.type ?? '') : [];
}

describe('fake BFL: authentication and validation order', () => {
  it('refuses a missing or unknown key with 403 before looking at the body', async () => {
    const fake = await fakeAsync();
    const none = await postAsync(fake, 'not json', null);
    const wrong = await postAsync(fake, 'not json', 'other-key');
    expect([none.status, wrong.status]).toEqual([403, 403]);
    expect(wrong.json).toEqual({ detail: 'Not authenticated - Invalid Authentication' });
  });

  it('can answer 401 instead for a bad key', async () => {
    const fake = await fakeAsync({ authErrorStatus: 401 });
    expect((await postAsync(fake, {}, 'nope')).status).toBe(401);
  });

  it('answers 422 json_invalid for a body that is not JSON', async () => {
    const fake = await fakeAsync();
    const res = await postAsync(fake, '{"width": ');
    expect(res.status).toBe(422);
    expect(detailTypes(res.json)).toEqual(['json_invalid']);
  });

  it('refuses unknown fields with extra_forbidden, naming each one', async () => {
    const fake = await fakeAsync();
    const res = await postAsync(fake, {
      input_image: await refBase64Async(),
      width: 64,
      height: 64,
      seed: 42,
      webhook_url: 'https://x',
    });
    expect(res.status).toBe(422);
    expect(res.json).toMatchObject({
      detail: [
        { type: 'extra_forbidden', loc: ['body', 'seed'] },
        { type: 'extra_forbidden', loc: ['body', 'webhook_url'] },
      ],
    });
  });

  it('ignores unknown fields when configured to', async () => {
    const fake = await fakeAsync({ extraFields: 'ignore' });
    expect(
      (await postAsync(fake, { input_image: await refBase64Async(), width: 64, height: 64, seed: 42 })).status,
    ).toBe(200);
  });

  it.each([
    ['true', true, 'int_type'],
    ['1.5', 1.5, 'int_from_float'],
    ['"64"', '64', 'int_type'],
  ])('rejects width %s as a type error', async (_label, width, type) => {
    const fake = await fakeAsync();
    const res = await postAsync(fake, { input_image: await refBase64Async(), width, height: 64 });
    expect(res.status).toBe(422);
    expect(detailTypes(res.json)).toEqual([type]);
  });

  it('accepts "64" in Pydantic lax mode', async () => {
    const fake = await fakeAsync({ laxIntegers: true });
    expect((await postAsync(fake, { input_image: await refBase64Async(), width: '64', height: 64 })).status).toBe(200);
  });

  it('reports missing fields and sides under 64 together, like Pydantic', async () => {
    const fake = await fakeAsync();
    const res = await postAsync(fake, { width: 63 });
    expect(res.status).toBe(422);
    expect(detailTypes(res.json).sort()).toEqual(['greater_than_equal', 'missing', 'missing']);
  });

  it.each([
    [{ mode: 'turbo' }, 'enum'],
    [{ output_format: 'gif' }, 'enum'],
    [{ safety_tolerance: 6 }, 'less_than_equal'],
    [{ auto_crop: 'yes' }, 'bool_type'],
    [{ reference_offset_x: 'left' }, 'int_type'],
    [{ prompt: 7 }, 'string_type'],
    [{ disable_pup: 1 }, 'bool_type'],
  ])('rejects %o with %s', async (extra, type) => {
    const fake = await fakeAsync();
    const res = await postAsync(fake, { input_image: await refBase64Async(), width: 64, height: 64, ...extra });
    expect(detailTypes(res.json)).toEqual([type]);
  });

  it('refuses a canvas over 4 MP and accepts exactly 4 MP', async () => {
    const fake = await fakeAsync();
    const image = await refBase64Async();
    expect((await postAsync(fake, { input_image: image, width: 2048, height: 2049 })).status).toBe(422);
    expect((await postAsync(fake, { input_image: image, width: 2048, height: 2048 })).status).toBe(200);
  });

  it('answers a semantic error as a plain string detail when configured', async () => {
    const fake = await fakeAsync({ semanticErrorStyle: 'string' });
    const res = await postAsync(fake, { input_image: await refBase64Async(), width: 4096, height: 4096 });
    expect(typeof (res.json as { detail: unknown }).detail).toBe('string');
  });

  it('refuses an undecodable image with 422, or 400 when configured', async () => {
    const strict = await fakeAsync();
    const lenient = await fakeAsync({ undecodableStatus: 400 });
    const garbage = Buffer.from('definitely not an image').toString('base64');
    expect((await postAsync(strict, { input_image: garbage, width: 64, height: 64 })).status).toBe(422);
    expect((await postAsync(lenient, { input_image: garbage, width: 64, height: 64 })).status).toBe(400);
  });

  it('refuses out-of-bounds placement unless auto_crop is set', async () => {
    const fake = await fakeAsync();
    const image = await refBase64Async(40, 30);
    const body = { input_image: image, width: 64, height: 64, reference_offset_x: -1, reference_offset_y: 0 };
    expect((await postAsync(fake, body)).status).toBe(422);
    expect((await postAsync(fake, { ...body, auto_crop: true })).status).toBe(200);
  });

  it('applies the fast-mode limits: reference at least 64 px a side', async () => {
    const fake = await fakeAsync();
    const body = { input_image: await refBase64Async(40, 30), width: 128, height: 128, mode: 'fast' };
    expect((await postAsync(fake, body)).status).toBe(422);
    expect((await postAsync(fake, { ...body, mode: 'high' })).status).toBe(200);
  });

  it('charges the cost formula and refuses with 402 once the balance is too low', async () => {
    const fake = await fakeAsync({ credits: 15 });
    const body = { input_image: await refBase64Async(), width: 64, height: 64 };
    const first = await postAsync(fake, body);
    expect(first.json).toMatchObject({ cost: 10, input_mp: 0, output_mp: 0 });
    expect(fake.state.credits(KEY)).toBe(5);
    expect((await postAsync(fake, body)).status).toBe(402);
    expect((await getJsonAsync(`${fake.url}/v1/credits`)).json).toEqual({ credits: 5 });
  });

  it('answers 429 at the active-task ceiling, with Retry-After when configured', async () => {
    const fake = await fakeAsync({ latencyMs: 60_000, concurrencyLimit: 2, retryAfterSeconds: 4 });
    const body = { input_image: await refBase64Async(), width: 64, height: 64 };
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await postAsync(fake, body)).status);
    expect(statuses).toEqual([200, 200, 429]);
    const refused = await postAsync(fake, body);
    expect(refused.headers.get('retry-after')).toBe('4');
    expect(fake.state.maxActiveObserved).toBe(2);
  });
});

describe('fake BFL: tasks, clusters and delivery', () => {
  it('returns a polling_url on a regional prefix and answers Task not found on the global path', async () => {
    const fake = await fakeAsync();
    const submitted = (await postAsync(fake, { input_image: await refBase64Async(), width: 64, height: 64 })).json as {
      id: string;
      polling_url: string;
    };
    expect(submitted.polling_url).toBe(`${fake.url}/eu2/v1/get_result?id=${submitted.id}`);
    expect((await getJsonAsync(submitted.polling_url)).json).toMatchObject({ status: 'Ready' });
    expect((await getJsonAsync(`${fake.url}/v1/get_result?id=${submitted.id}`)).json).toEqual({
      id: submitted.id,
      status: 'Task not found',
    });
  });

  it('walks Pending with rising progress before Ready', async () => {
    let clock = 1_000_000;
    const fake = await fakeAsync({ latencyMs: 1000, now: () => clock });
    const { polling_url } = (await postAsync(fake, { input_image: await refBase64Async(), width: 64, height: 64 }))
      .json as { polling_url: string };
    const early = (await getJsonAsync(polling_url)).json;
    clock += 500;
    const middle = (await getJsonAsync(polling_url)).json;
    clock += 500;
    const done = (await getJsonAsync(polling_url)).json;
    expect(early).toMatchObject({ status: 'Pending', progress: 0.1, result: null });
    expect(middle).toMatchObject({ status: 'Pending', progress: 0.5 });
    expect(done).toMatchObject({ status: 'Ready', progress: null });
  });

  it('answers 422 for a poll without id', async () => {
    const fake = await fakeAsync();
    const res = await getJsonAsync(`${fake.url}/eu2/v1/get_result`);
    expect(res).toEqual({
      status: 422,
      json: { detail: [{ type: 'missing', loc: ['query', 'id'], msg: 'Field required', input: null }] },
    });
  });

  it('answers 404 for unknown paths and 405 for a wrong method, FastAPI style', async () => {
    const fake = await fakeAsync();
    expect(await getJsonAsync(`${fake.url}/v2/anything`)).toEqual({ status: 404, json: { detail: 'Not Found' } });
    expect(await getJsonAsync(`${fake.url}/v1/flux-tools/outpainting-v1`)).toEqual({
      status: 405,
      json: { detail: 'Method Not Allowed' },
    });
  });

  it('sends no CORS headers by default and answers preflights only in permissive mode', async () => {
    const strict = await fakeAsync();
    const permissive = await fakeAsync({ cors: 'permissive' });
    const preflight = { method: 'OPTIONS', headers: { Origin: 'null', 'Access-Control-Request-Method': 'POST' } };
    const a = await fetch(`${strict.url}/v1/credits`, preflight);
    const b = await fetch(`${permissive.url}/v1/credits`, preflight);
    expect([a.status, a.headers.get('access-control-allow-origin')]).toEqual([405, null]);
    expect([b.status, b.headers.get('access-control-allow-origin')]).toEqual([204, '*']);
  });

  it('signs delivery URLs: a tampered signature, an x-key header or an expired link get 403', async () => {
    const fake = await fakeAsync();
    const { polling_url } = (await postAsync(fake, { input_image: await refBase64Async(), width: 64, height: 64 }))
      .json as { polling_url: string };
    const sample = ((await getJsonAsync(polling_url)).json as { result: { sample: string } }).result.sample;
    expect((await fetch(sample)).status).toBe(200);
    expect((await fetch(sample.replace(/sig=[0-9a-f]/, 'sig=x'))).status).toBe(403);
    expect((await fetch(sample, { headers: { 'x-key': KEY } })).status).toBe(403);
    expect(fake.state.deliveryRequestsWithKey).toBe(1);
    fake.controls.advanceClock(600_001);
    const expired = await fetch(sample);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain('<Code>AuthenticationFailed</Code>');
  });

  it('delivers JPEG when asked for jpeg, with the matching content type', async () => {
    const fake = await fakeAsync();
    const body = { input_image: await refBase64Async(), width: 64, height: 64, output_format: 'jpeg' };
    const { polling_url } = (await postAsync(fake, body)).json as { polling_url: string };
    const sample = ((await getJsonAsync(polling_url)).json as { result: { sample: string } }).result.sample;
    const res = await fetch(sample);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(Array.from(bytes.subarray(0, 3))).toEqual([0xff, 0xd8, 0xff]);
  });

  it('serves a result rendered ahead (as a delivery link serves a stored file) byte for byte as one made on fetch', async () => {
    const body = { input_image: await refBase64Async(), width: 96, height: 64, reference_offset_x: 20 };
    const deliveredAsync = async (fake: FakeBfl): Promise<Uint8Array> => {
      const { polling_url } = (await postAsync(fake, body)).json as { polling_url: string };
      const sample = ((await getJsonAsync(polling_url)).json as { result: { sample: string } }).result.sample;
      return new Uint8Array(await (await fetch(sample)).arrayBuffer());
    };
    const onFetch = await deliveredAsync(await fakeAsync());
    const ahead = await deliveredAsync(await fakeAsync({ renderAheadMs: 0 }));
    expect(ahead.length).toBeGreaterThan(0);
    expect(Buffer.from(ahead).equals(Buffer.from(onFetch))).toBe(true);
  });

  it('records a fault on the n-th call and then behaves normally', async () => {
    const fake = await fakeAsync({ faults: [{ route: 'credits', nth: 2, kind: 503 }] });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await getJsonAsync(`${fake.url}/v1/credits`)).status);
    expect(statuses).toEqual([200, 503, 200]);
  });
});
