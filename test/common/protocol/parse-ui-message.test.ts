import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseUiMessage } from '../../../common/protocol/parse-ui-message';
import { sampleMeta, sampleSettings, sampleUiMessages } from '../../fakes/sample-messages';
import { mutations } from './mutate-message';

describe('parseUiMessage', () => {
  it('accepts one valid message of every type unchanged', () => {
    for (const message of sampleUiMessages()) {
      expect(parseUiMessage(message)).toEqual({ ok: true, message });
    }
  });

  it('refuses a non-object with a bad-message error that asks to reload', () => {
    for (const value of [null, undefined, 42, 'ui/ready', [], true]) {
      const result = parseUiMessage(value);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('bad-message');
        expect(result.error.message).toMatch(/Reload the plugin/);
      }
    }
  });

  it('refuses an unknown message type', () => {
    expect(parseUiMessage({ type: 'document/delete' }).ok).toBe(false);
  });

  it('names the faulty field in the error', () => {
    const result = parseUiMessage({ type: 'job/start', id: 'job-1', nodeId: 7 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain('nodeId');
  });

  it('refuses result bytes that are not a Uint8Array (ArrayBuffer, number array, other typed arrays, empty)', () => {
    const bad = [
      new ArrayBuffer(4),
      [137, 80, 78, 71],
      new Uint16Array(4),
      new Uint8ClampedArray(4),
      new Uint8Array(0),
    ];
    for (const bytes of bad) {
      expect(parseUiMessage({ type: 'job/result', id: 'j', bytes, meta: sampleMeta() }).ok).toBe(false);
    }
  });

  it('refuses result meta with a size beyond Figma’s 4096 px or a non-ISO date', () => {
    const base = { type: 'job/result', id: 'j', bytes: new Uint8Array([1]) };
    expect(parseUiMessage({ ...base, meta: sampleMeta({ width: 4097 }) }).ok).toBe(false);
    expect(parseUiMessage({ ...base, meta: sampleMeta({ height: 0.5 }) }).ok).toBe(false);
    expect(parseUiMessage({ ...base, meta: sampleMeta({ createdAt: 'yesterday' }) }).ok).toBe(false);
    expect(parseUiMessage({ ...base, meta: sampleMeta({ createdAt: '2026-02-31x' }) }).ok).toBe(false);
    expect(parseUiMessage({ ...base, meta: sampleMeta({ cost: null }) }).ok).toBe(true);
  });

  it('refuses settings with an unknown engine, a fractional concurrency or a huge API key', () => {
    const save = (settings: unknown) => parseUiMessage({ type: 'settings/save', settings });
    expect(save({ ...sampleSettings(), engine: 'dalle' }).ok).toBe(false);
    expect(save({ ...sampleSettings(), concurrency: 2.5 }).ok).toBe(false);
    expect(save({ ...sampleSettings(), concurrency: 25 }).ok).toBe(false);
    expect(save({ ...sampleSettings(), apiKey: 'k'.repeat(10_000) }).ok).toBe(false);
    expect(save({ ...sampleSettings(), feather: Number.NaN }).ok).toBe(false);
  });

  it('refuses empty ids, empty notify text and non-finite panel sizes', () => {
    expect(parseUiMessage({ type: 'job/start', id: '', nodeId: '1:2' }).ok).toBe(false);
    expect(parseUiMessage({ type: 'notify', message: '', error: false }).ok).toBe(false);
    expect(parseUiMessage({ type: 'notify', message: 'x', error: 'yes' }).ok).toBe(false);
    expect(parseUiMessage({ type: 'ui/resize', width: Number.POSITIVE_INFINITY, height: 300 }).ok).toBe(false);
  });

  it('returns an error instead of throwing on a hostile object with throwing getters', () => {
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw new Error('boom');
        },
      },
    );
    expect(parseUiMessage(hostile).ok).toBe(false);
  });

  it('never throws on random values (fuzz)', () => {
    fc.assert(
      fc.property(
        fc.anything({ withTypedArray: true, withMap: true, withSet: true, withNullPrototype: true }),
        (value) => {
          const result = parseUiMessage(value);
          expect(typeof result.ok).toBe('boolean');
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('never throws on valid messages with one field replaced by a random value (fuzz)', () => {
    fc.assert(
      fc.property(mutations(sampleUiMessages()), ({ mutated, changed }) => {
        const result = parseUiMessage(mutated);
        if (result.ok) {
          expect(result.message).toEqual(mutated);
        } else {
          expect(changed).toBe(true);
          expect(result.error.code).toBe('bad-message');
        }
      }),
      { numRuns: 3000 },
    );
  });
});
