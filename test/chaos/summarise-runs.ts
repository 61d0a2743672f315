// Adds up run reports into the figures `npm run chaos` prints and the README quotes.
import type { JobOutcome, RunReport } from './run-schedule';

export interface ChaosSummary {
  schedules: number;
  jobs: number;
  faults: Record<string, number>;
  outcomes: Record<JobOutcome, number>;
  doubleSubmits: number;
  unintendedDocumentChanges: number;
  maxInFlight: number;
  failingSeeds: number[];
  violations: string[];
}

export function summariseRuns(reports: readonly RunReport[]): ChaosSummary {
  const outcomes: Record<JobOutcome, number> = {
    written: 0,
    'placed-beside': 0,
    'offered-again': 0,
    reported: 0,
    'lost-on-close': 0,
    'closed-before-task': 0,
    'not-started': 0,
  };
  const faults: Record<string, number> = {};
  const summary: ChaosSummary = {
    schedules: reports.length,
    jobs: 0,
    faults,
    outcomes,
    doubleSubmits: 0,
    unintendedDocumentChanges: 0,
    maxInFlight: 0,
    failingSeeds: [],
    violations: [],
  };
  for (const report of reports) {
    summary.jobs += report.jobs.length;
    for (const job of report.jobs) outcomes[job.outcome] += 1;
    for (const [label, count] of Object.entries(report.faults)) faults[label] = (faults[label] ?? 0) + count;
    summary.doubleSubmits += report.doubleSubmits;
    summary.unintendedDocumentChanges += report.unintendedDocumentChanges;
    summary.maxInFlight = Math.max(summary.maxInFlight, report.maxInFlight);
    if (report.violations.length > 0) summary.failingSeeds.push(report.seed);
    summary.violations.push(...report.violations);
  }
  return summary;
}

export function formatSummary(summary: ChaosSummary): string {
  const faultLines = Object.entries(summary.faults)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([label, count]) => `    ${label.padEnd(30)} ${count}`);
  const o = summary.outcomes;
  const lines = [
    `schedules run: ${summary.schedules} (${summary.jobs} jobs)`,
    `faults injected by kind:`,
    ...faultLines,
    `jobs written: ${o.written + o['placed-beside']} (placed beside: ${o['placed-beside']}) · offered again: ${o['offered-again']} · reported: ${o.reported} · not started: ${o['not-started']} · closed before a task existed: ${o['closed-before-task']} · paid and lost on close: ${o['lost-on-close']}`,
    `double submits: ${summary.doubleSubmits}`,
    `unintended document changes: ${summary.unintendedDocumentChanges}`,
    `max in flight: ${summary.maxInFlight} (ceiling 24)`,
  ];
  if (summary.failingSeeds.length === 0) {
    lines.push('invariants: all held');
  } else {
    lines.push(`invariants BROKEN in ${summary.failingSeeds.length} schedule(s):`);
    lines.push(...summary.violations.slice(0, 20).map((v) => `    ${v}`));
    const first = summary.failingSeeds[0];
    const isBatch = summary.violations.some((v) => v.startsWith(`batch seed ${first} `));
    lines.push(`reproduce: npm run chaos -- ${isBatch ? '--runs 0 --batch 1' : '--runs 1 --batch 0'} --seed ${first}`);
  }
  return lines.join('\n');
}
