// The estimate's assumption is checked against the fake BFL server's independent charging rule, so a change
// to either shows up here; the API's real price is unknown (docs/bfl-api.md, Pricing and latency).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ESTIMATE_ASSUMPTION, estimateCredits, formatEstimate } from '../../../common/batch/estimate-credits';
import { defaultCost } from '../../fake-bfl/fake-bfl-server';

describe('credit estimate before running', () => {
  it('matches what the fake server charges for any canvas the API accepts, in both modes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 64, max: 4096 }),
        fc.integer({ min: 64, max: 4096 }),
        fc.constantFrom('high' as const, 'fast' as const),
        (w, h, mode) => {
          fc.pre(w * h <= 4_194_304);
          expect(estimateCredits({ width: w, height: h }, mode)).toBe(defaultCost(w, h, mode));
        },
      ),
    );
  });

  it('is always marked as an estimate and says what it assumes', () => {
    expect(formatEstimate(20)).toBe('≈ 20 credits (estimate)');
    expect(formatEstimate(1)).toBe('≈ 1 credit (estimate)');
    expect(ESTIMATE_ASSUMPTION).toMatch(/does not publish/);
  });
});
