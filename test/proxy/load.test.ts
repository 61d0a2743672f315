// Issue #7 item 5, CI-sized: the proxy under loopback load (24 concurrent jobs, 200 pollers, 24
// concurrent 16 MB downloads on Node; a smaller mix on workerd) must answer everything correctly, and
// its memory must stay flat while the images stream: far below what buffering them would take. Speed
// is not asserted here; scripts/bench-proxy.mjs prints p50/p99 against calling the fake directly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeBfl } from '../fake-bfl/fake-bfl-server';
import { runLoadAsync, startLoadFakeAsync, startNodeProxyProcessAsync, startWorkerdProxyProcessAsync, type LoadTarget } from './load-harness';

const MB = 1024 * 1024;
const DELIVERY_BYTES = 16 * MB;
/** Buffering even 4 of the 16 MB images would pass this; streaming stays far below it. */
const MAX_RSS_GROWTH = 64 * MB;

let fake: FakeBfl;
let deliverySha256 = '';

beforeAll(async () => {
  ({ fake, deliverySha256 } = await startLoadFakeAsync(DELIVERY_BYTES));
});
afterAll(async () => {
  await fake?.closeAsync();
});

describe.each([
  ['Node', startNodeProxyProcessAsync, { jobs: 24, pollers: 200, pollsEach: 5 }],
  ['workerd', startWorkerdProxyProcessAsync, { jobs: 8, pollers: 50, pollsEach: 5 }],
] as const)('proxy on %s under loopback load', (_runtime, startAsync, plan) => {
  let proxy: LoadTarget;
  beforeAll(async () => {
    proxy = await startAsync(fake.url);
  }, 120_000);
  afterAll(async () => {
    await proxy?.closeAsync();
  });

  it(
    `answers ${plan.jobs} jobs, ${plan.pollers} pollers and ${plan.jobs} concurrent 16 MB downloads without an error, streaming`,
    async () => {
      const report = await runLoadAsync(proxy, plan, deliverySha256);
      expect(report.errors).toEqual([]);
      expect(report.submitMs.length).toBe(plan.jobs);
      expect(report.pollMs.length).toBeGreaterThanOrEqual(plan.pollers * plan.pollsEach + plan.jobs);
      expect(report.downloadsOk).toBe(plan.jobs);
      expect(report.bytesDownloaded).toBe(plan.jobs * DELIVERY_BYTES);
      expect(proxy.pid).not.toBeNull();
      expect(report.rssBeforeDownloads).not.toBeNull();
      const growth = (report.rssPeakDuringDownloads ?? Infinity) - (report.rssBeforeDownloads ?? 0);
      console.log(`${proxy.name}: RSS ${Math.round((report.rssBeforeDownloads ?? 0) / MB)} MB → peak ${Math.round((report.rssPeakDuringDownloads ?? 0) / MB)} MB while streaming ${(plan.jobs * DELIVERY_BYTES) / MB} MB`);
      expect(growth).toBeLessThan(MAX_RSS_GROWTH);
      // The fake saw every download, with no key on any of them.
      expect(fake.state.requestsOn('delivery').every((r) => r.headers['x-key'] === undefined)).toBe(true);
    },
    120_000,
  );
});
