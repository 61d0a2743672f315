// Proxy bench: the latency the proxy adds and its memory while streaming, on Node and on workerd.
// One loopback run per target against the strict fake (near-zero task latency): N jobs through the real
// client, P pollers, then N concurrent streamed downloads of a large delivery body (see
// test/proxy/load-harness.ts). Latency is time to response headers for submits and to the full body for
// polls and downloads; the ratio compares each proxy with calling the fake directly in the same run.
// Peak memory is the proxy process's highest RSS (/proc) while the downloads stream.
// Usage: node scripts/bench-proxy.mjs [--jobs 24] [--pollers 200] [--polls 5] [--mb 16]
import { parseArgs } from 'node:util';
import { tsImport } from 'tsx/esm/api';

const { values } = parseArgs({
  options: {
    jobs: { type: 'string', default: '24' },
    pollers: { type: 'string', default: '200' },
    polls: { type: 'string', default: '5' },
    mb: { type: 'string', default: '16' },
  },
});
const plan = {
  jobs: Math.min(24, Number(values.jobs)),
  pollers: Number(values.pollers),
  pollsEach: Number(values.polls),
};
const deliveryBytes = Number(values.mb) * 1024 * 1024;
for (const [name, value] of [
  ['--jobs', plan.jobs],
  ['--pollers', plan.pollers],
  ['--polls', plan.pollsEach],
  ['--mb', deliveryBytes],
]) {
  if (!Number.isInteger(value) || value < 1) {
    console.error(`${name} must be a whole number of at least 1`);
    process.exit(2);
  }
}

const harness = await tsImport('../test/proxy/load-harness.ts', import.meta.url);
const { fake, deliverySha256 } = await harness.startLoadFakeAsync(deliveryBytes, 50);
const MB = 1024 * 1024;
const fmt = (ms) => (Number.isFinite(ms) ? ms.toFixed(1) : '–');
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : '–');

const results = [];
try {
  for (const start of [
    async () => harness.directTarget(fake),
    () => harness.startNodeProxyProcessAsync(fake.url),
    () => harness.startWorkerdProxyProcessAsync(fake.url),
  ]) {
    const target = await start();
    try {
      // Warm-up (not recorded): JIT, the fake's wasm codec and connection pools, so the first target is not penalised.
      await harness.runLoadAsync(target, { jobs: 2, pollers: 4, pollsEach: 2 }, deliverySha256);
      const started = performance.now();
      const report = await harness.runLoadAsync(target, plan, deliverySha256);
      results.push({ target, report, wallMs: performance.now() - started });
    } finally {
      await target.closeAsync();
    }
  }
} finally {
  await fake.closeAsync();
}

console.log(
  `Load: ${plan.jobs} jobs, ${plan.pollers} pollers × ${plan.pollsEach} polls, ${plan.jobs} concurrent ${values.mb} MB downloads (loopback, fake task latency 50 ms)\n`,
);
const direct = results[0].report;
const rows = [['target', 'kind', 'requests', 'p50 ms', 'p99 ms', 'p50 vs direct', 'p99 vs direct']];
for (const { target, report } of results) {
  for (const [kind, key] of [
    ['submit', 'submitMs'],
    ['poll', 'pollMs'],
    ['download', 'downloadMs'],
  ]) {
    const p50 = harness.percentile(report[key], 50);
    const p99 = harness.percentile(report[key], 99);
    const isDirect = report === direct;
    rows.push([
      target.name,
      kind,
      String(report[key].length),
      fmt(p50),
      fmt(p99),
      isDirect ? '1.00×' : ratio(p50, harness.percentile(direct[key], 50)),
      isDirect ? '1.00×' : ratio(p99, harness.percentile(direct[key], 99)),
    ]);
  }
}
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
for (const row of rows) console.log(row.map((cell, c) => cell.padEnd(widths[c])).join('  '));

console.log('');
for (const { target, report, wallMs } of results) {
  const memory =
    report.rssPeakDuringDownloads === null
      ? 'memory not sampled (in-process fake)'
      : `RSS ${Math.round(report.rssBeforeDownloads / MB)} MB before downloads, peak ${Math.round(report.rssPeakDuringDownloads / MB)} MB (+${Math.round((report.rssPeakDuringDownloads - report.rssBeforeDownloads) / MB)} MB) while streaming ${Math.round(report.bytesDownloaded / MB)} MB`;
  console.log(
    `${target.name}: ${report.errors.length} errors, ${report.downloadsOk}/${plan.jobs} downloads intact, ${(wallMs / 1000).toFixed(1)} s; ${memory}`,
  );
  for (const error of report.errors.slice(0, 5)) console.log(`  ${error}`);
}
process.exit(results.some((r) => r.report.errors.length > 0) ? 1 : 0);
