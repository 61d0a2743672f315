// Issue #7 item 5, CI-sized: the proxy under loopback load (24 concurrent jobs, 200 pollers, 24
// concurrent 16 MB downloads on Node; a smaller mix on workerd) must answer everything correctly, every
// image byte-exact. Speed and memory are not asserted here: on a busy machine RSS moves with everything else
// running, so scripts/bench-proxy.mjs prints p50/p99 and the RSS growth while streaming, as ratios. That the
// delivery streams rather than buffers is asserted by behaviour in create-app.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeBfl } from '../fake-bfl/fake-bfl-server';
import {
  runLoadAsync,
  startLoadFakeAsync,
  startNodeProxyProcessAsync,
  startWorkerdProxyProcessAsync,
  type LoadTarget,
} from './load-harness';

const MB = 1024 * 1024;
const DELIVERY_BYTES = 16 * MB;

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

  it(`answers ${plan.jobs} jobs, ${plan.pollers} pollers and ${plan.jobs} concurrent 16 MB downloads without an error, every image byte-exact`, async () => {
    const report = await runLoadAsync(proxy, plan, deliverySha256);
    expect(report.errors).toEqual([]);
    expect(report.submitMs.length).toBe(plan.jobs);
    expect(report.pollMs.length).toBeGreaterThanOrEqual(plan.pollers * plan.pollsEach + plan.jobs);
    expect(report.downloadsOk).toBe(plan.jobs);
    expect(report.bytesDownloaded).toBe(plan.jobs * DELIVERY_BYTES);
    expect(proxy.pid).not.toBeNull();
    // The fake saw every download, with no key on any of them.
    expect(fake.state.requestsOn('delivery').every((r) => r.headers['x-key'] === undefined)).toBe(true);
  }, 120_000);
});
