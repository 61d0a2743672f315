import { describe, expect, it } from 'vitest';
import { describeStage, formatCredits, stageFraction, type JobStage } from '../../../ui/state/job-stage';

const ORDER: JobStage[] = [
  { kind: 'starting' },
  { kind: 'preparing' },
  { kind: 'sending' },
  { kind: 'submitted', cost: 3 },
  { kind: 'generating', status: 'Pending', progress: 0 },
  { kind: 'generating', status: 'Generating', progress: 0.5 },
  { kind: 'generating', status: 'Generating', progress: 1 },
  { kind: 'downloading' },
  { kind: 'composing' },
  { kind: 'writing' },
];

describe('job stages', () => {
  it('move the progress bar forward at every stage, within 0..1', () => {
    const fractions = ORDER.map(stageFraction);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThan(fractions[i - 1] ?? Infinity);
    expect(Math.min(...fractions)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...fractions)).toBeLessThanOrEqual(1);
  });

  it('accepts out-of-range API progress without leaving the generating band', () => {
    const over = stageFraction({ kind: 'generating', status: 'Generating', progress: 7 });
    expect(over).toBe(stageFraction({ kind: 'generating', status: 'Generating', progress: 1 }));
    expect(over).toBeLessThan(stageFraction({ kind: 'downloading' }));
  });

  it('says queued while FLUX reports Pending, with no percentage (a queue has none), and the percentage once generating', () => {
    expect(describeStage({ kind: 'generating', status: 'Pending', progress: 0.4 }, 'flux')).toBe('Queued at FLUX…');
    expect(stageFraction({ kind: 'generating', status: 'Pending', progress: 0.78 })).toBe(
      stageFraction({ kind: 'generating', status: 'Pending', progress: null }),
    );
    expect(describeStage({ kind: 'generating', status: 'Generating', progress: 0.4 }, 'flux')).toBe('Generating 40 %');
    expect(describeStage({ kind: 'generating', status: 'Generating', progress: null }, 'flux')).toBe('Generating');
    expect(describeStage({ kind: 'generating', status: 'offline', progress: 0.25 }, 'offline')).toMatch(/25 %/);
  });

  it('shows the cost the API charged when it sent one', () => {
    expect(describeStage({ kind: 'submitted', cost: 4.5 }, 'flux')).toContain('4.5 credits');
    expect(describeStage({ kind: 'submitted', cost: null }, 'flux')).not.toMatch(/credit/);
    expect(formatCredits(1)).toBe('1 credit');
  });
});
