// npm run chaos -- --runs N --seed S [--batch B] [--concurrency C] [--verbose]: runs N single-job schedules
// and B queue schedules (seeds S, S+1, …) and prints the figures.
// Exits 1 when an invariant broke, with the one-line command that reproduces the first failing seed.
import { parseArgs } from 'node:util';
import type { RunReport } from './run-schedule';
import { runBatchSchedulesAsync, runSchedulesAsync } from './run-schedules';
import { formatSummary, summariseRuns } from './summarise-runs';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '200' },
    batch: { type: 'string', default: '100' },
    seed: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '6' },
    verbose: { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
const seed = Number(values.seed);
const batchRuns = Number(values.batch);
if (!Number.isInteger(runs) || runs < 0 || !Number.isInteger(batchRuns) || batchRuns < 0 || !Number.isInteger(seed)) {
  console.error('Usage: npm run chaos -- --runs N --seed S [--batch B]   (N, B ≥ 0, S an integer)');
  process.exit(2);
}

const started = performance.now();
const many = {
  concurrency: Math.max(1, Number(values.concurrency) || 1),
  onReport: (report: RunReport) => {
    if (!values.verbose) return;
    const jobs = report.jobs.map((j) => `${j.engine}:${j.outcome}${j.code ? `(${j.code})` : ''}`).join(' ');
    console.log(`seed ${report.seed}: ${jobs}${report.violations.length ? ' ✗' : ''}`);
  },
};
const reports = [
  ...(runs > 0 ? await runSchedulesAsync(seed, runs, many) : []),
  ...(batchRuns > 0 ? await runBatchSchedulesAsync(seed, batchRuns, many) : []),
];
const summary = summariseRuns(reports);
console.log(formatSummary(summary));
console.log(`time: ${((performance.now() - started) / 1000).toFixed(1)} s`);
process.exit(summary.failingSeeds.length === 0 ? 0 : 1);
