// Issue #7 item 3: property tests of the strict fake's request validation (validate-outpaint-body.ts)
// and of its HTTP front (fake-bfl-server.ts), including its image decoder fed mutated PNG/JPEG bytes.
// Whatever arrives, the fake answers with a FastAPI-shaped refusal or a task, never crashes, never
// hangs, and keeps serving. Seeds are fixed so a failure replays.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutations } from '../common/protocol/mutate-message';
import { encodeImageAsync } from './fake-image-codec';
import { startFakeBflAsync, type FakeBfl } from './fake-bfl-server';
import { makeReference, makeReferencePngAsync } from './test-images';
import { OUTPAINT_FIELDS, parseJsonBody, validateOutpaintBody } from './validate-outpaint-body';

const VALID_BODIES = [
  { input_image: 'iVBORw0KGgo=', width: 64, height: 64 },
  {
    input_image: 'aGVsbG8=',
    width: 1024,
    height: 768,
    reference_offset_x: 10,
    reference_offset_y: null,
    auto_crop: false,
    mode: 'fast',
    prompt: 'sky',
    output_format: 'jpeg',
    safety_tolerance: 5,
    disable_pup: true,
  },
  {
    input_image: 'https://example.com/a.png',
    width: 2048,
    height: 2048,
    mode: 'high',
    output_format: 'webp',
    safety_tolerance: 0,
  },
];

describe('parseJsonBody', () => {
  it('accepts exactly the texts that are JSON objects, and never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.string({ unit: 'binary' })), (text) => {
        let oracle: 'object' | 'other' | 'invalid';
        try {
          const value: unknown = JSON.parse(text);
          oracle = typeof value === 'object' && value !== null && !Array.isArray(value) ? 'object' : 'other';
        } catch {
          oracle = 'invalid';
        }
        const parsed = parseJsonBody(text);
        expect(parsed.ok).toBe(oracle === 'object');
        if (!parsed.ok) expect(parsed.error.type).toBe(oracle === 'invalid' ? 'json_invalid' : 'model_attributes_type');
      }),
      { numRuns: 3000, seed: 7_3001 },
    );
  });
});

describe('validateOutpaintBody', () => {
  it('accepts every valid sample unchanged', () => {
    for (const body of VALID_BODIES) {
      const result = validateOutpaintBody(body, { extraFields: 'forbid', laxIntegers: false });
      expect(result.ok).toBe(true);
    }
  });

  it('answers any mutated body with either fields that match it or located, non-empty errors', () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(mutations(VALID_BODIES), ({ mutated }) => {
        if (typeof mutated !== 'object' || mutated === null || Array.isArray(mutated)) return;
        const body = mutated as Record<string, unknown>;
        const result = validateOutpaintBody(body, { extraFields: 'forbid', laxIntegers: false });
        if (result.ok) {
          accepted += 1;
          expect(Object.keys(body).every((key) => (OUTPAINT_FIELDS as readonly string[]).includes(key))).toBe(true);
          expect(result.fields.inputImage).toBe(body['input_image']);
          expect([result.fields.width, result.fields.height]).toEqual([body['width'], body['height']]);
          expect(Number.isInteger(result.fields.width) && result.fields.width >= 64).toBe(true);
          expect(Number.isInteger(result.fields.height) && result.fields.height >= 64).toBe(true);
          expect(result.fields.safetyTolerance >= 0 && result.fields.safetyTolerance <= 5).toBe(true);
        } else {
          refused += 1;
          expect(result.errors.length).toBeGreaterThan(0);
          for (const error of result.errors) {
            expect(error.loc[0]).toBe('body');
            expect(error.msg.length).toBeGreaterThan(0);
            expect(error.type.length).toBeGreaterThan(0);
            const field = error.loc[1];
            // Each error names a field of the body or a required one that is missing.
            if (field !== undefined)
              expect(field in body || ['input_image', 'width', 'height'].includes(String(field))).toBe(true);
          }
        }
      }),
      { numRuns: 4000, seed: 7_3002 },
    );
    expect(accepted).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(100);
  });
});

/** PNG/JPEG bytes with a few bytes flipped, a run overwritten, or cut short, reproducibly. */
function damage(bytes: Uint8Array, kind: 'flip' | 'overwrite' | 'truncate', at: number, value: number): Uint8Array {
  const copy = bytes.slice();
  const i = at % copy.length;
  if (kind === 'truncate') return copy.subarray(0, Math.max(1, i));
  if (kind === 'flip') copy[i] = (copy[i] ?? 0) ^ (1 << (value % 8));
  else copy.fill(value & 255, i, Math.min(copy.length, i + 1 + (value % 16)));
  return copy;
}

describe('the fake over HTTP', () => {
  let fake: FakeBfl;
  let png: Uint8Array;
  let jpeg: Uint8Array;
  beforeAll(async () => {
    fake = await startFakeBflAsync({ latencyMs: 0, credits: 1_000_000 });
    png = (await makeReferencePngAsync(24, 16)).png;
    jpeg = await encodeImageAsync(makeReference(24, 16), 'jpeg');
  });
  afterAll(async () => {
    await fake?.closeAsync();
  });

  const submitAsync = (body: string | Uint8Array<ArrayBuffer>, key = 'test-key') =>
    fetch(`${fake.url}/v1/flux-tools/outpainting-v1`, {
      method: 'POST',
      headers: { 'x-key': key, 'Content-Type': 'application/json' },
      body,
    });

  it('answers arbitrary bodies with a FastAPI-shaped refusal or a task, never a 500, and keeps serving', async () => {
    const statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.json({ maxDepth: 3 }),
          mutations(VALID_BODIES).map(({ mutated }) => JSON.stringify(mutated) ?? 'undefined'),
        ),
        async (body) => {
          const res = await submitAsync(body);
          statuses.add(res.status);
          expect([200, 402, 422, 429]).toContain(res.status);
          const answer: unknown = await res.json();
          expect(typeof answer === 'object' && answer !== null && ('detail' in answer || 'polling_url' in answer)).toBe(
            true,
          );
        },
      ),
      { numRuns: 300, seed: 7_3003 },
    );
    expect(statuses.has(422)).toBe(true);
    const after = await submitAsync(
      JSON.stringify({ input_image: Buffer.from(png).toString('base64'), width: 64, height: 64 }),
    );
    expect(after.status).toBe(200);
  });

  it('decodes damaged PNG and JPEG references into a task or a clear 422, never a hang or a crash', async () => {
    const outcomes = { accepted: 0, undecodable: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('png', 'jpeg'),
        fc.constantFrom('flip', 'overwrite', 'truncate'),
        fc.nat(),
        fc.nat(255),
        async (format, kind, at, value) => {
          const damaged = damage(format === 'png' ? png : jpeg, kind, at, value);
          const res = await submitAsync(
            JSON.stringify({
              input_image: Buffer.from(damaged).toString('base64'),
              width: 64,
              height: 64,
              auto_crop: true,
            }),
          );
          const answer: unknown = await res.json();
          if (res.status === 200) {
            outcomes.accepted += 1;
          } else {
            expect(res.status).toBe(422);
            expect(JSON.stringify(answer)).toMatch(/could not be decoded|reference|placement|outside/i);
            outcomes.undecodable += 1;
          }
        },
      ),
      { numRuns: 300, seed: 7_3004 },
    );
    expect(outcomes.accepted + outcomes.undecodable).toBe(300);
    expect(outcomes.undecodable).toBeGreaterThan(0);
  });
});
