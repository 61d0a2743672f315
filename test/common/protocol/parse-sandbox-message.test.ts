import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSandboxMessage } from '../../../common/protocol/parse-sandbox-message';
import { samplePlan, sampleReport, sampleSandboxMessages, sampleTarget } from '../../fakes/sample-messages';
import { mutations } from './mutate-message';

const selectionWith = (target: unknown) => ({
  type: 'selection/changed',
  selection: { ...sampleReport(), targets: [target] },
});

describe('parseSandboxMessage', () => {
  it('accepts one valid message of every type unchanged', () => {
    for (const message of sampleSandboxMessages()) {
      expect(parseSandboxMessage(message)).toEqual({ ok: true, message });
    }
  });

  it('refuses an error code the protocol does not define', () => {
    const result = parseSandboxMessage({ type: 'job/failed', id: 'j', error: { code: 'oops', message: 'x' } });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain('error.code');
  });

  it('refuses image bytes sent as base64 text or a plain array', () => {
    expect(parseSandboxMessage({ type: 'image/bytes', hash: 'h', bytes: 'iVBORw0KGgo=' }).ok).toBe(false);
    expect(parseSandboxMessage({ type: 'image/bytes', hash: 'h', bytes: [137, 80] }).ok).toBe(false);
  });

  it('refuses a plan with fractional API sizes or a quarter turn outside 0..3', () => {
    expect(parseSandboxMessage(selectionWith(sampleTarget({ plan: samplePlan({ width: 1600.5 }) }))).ok).toBe(false);
    const turned = { ...sampleTarget(), plan: { ...samplePlan(), quarterTurns: 4 } };
    const result = parseSandboxMessage(selectionWith(turned));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain('selection.targets[0].plan.quarterTurns');
  });

  it('refuses a target whose kind or status is unknown', () => {
    expect(parseSandboxMessage(selectionWith({ ...sampleTarget(), kind: 'stroke' })).ok).toBe(false);
    expect(parseSandboxMessage(selectionWith({ ...sampleTarget(), status: 'maybe' })).ok).toBe(false);
  });

  it('refuses a placed-beside outcome without its reason', () => {
    const outcome = { kind: 'placed-beside', nodeId: '5:6' };
    expect(parseSandboxMessage({ type: 'job/written', id: 'j', outcome }).ok).toBe(false);
  });

  it('never throws on random values (fuzz)', () => {
    fc.assert(
      fc.property(fc.anything({ withTypedArray: true, withMap: true, withNullPrototype: true }), (value) => {
        expect(typeof parseSandboxMessage(value).ok).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on valid messages with one field replaced by a random value (fuzz)', () => {
    fc.assert(
      fc.property(mutations(sampleSandboxMessages()), ({ mutated, changed }) => {
        const result = parseSandboxMessage(mutated);
        if (result.ok) expect(result.message).toEqual(mutated);
        else expect(changed).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});
