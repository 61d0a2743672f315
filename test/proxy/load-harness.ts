// Loopback load on the proxy, shared by test/proxy/load.test.ts (bounded, asserts no errors and flat
// memory) and scripts/bench-proxy.mjs (prints latency and memory; never asserted). One run is: N jobs
// through the real client (submit + poll), P pollers hammering the same tasks' polling URLs, then N
// concurrent streamed downloads of the fake's large delivery body, checked by sha256 chunk by chunk so
// the load generator itself never holds a whole image. Memory is sampled from /proc for the process
// that runs the proxy (a Node child, or workerd), not for this process.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Miniflare } from 'miniflare';
import { createBflClient, type FetchLike } from '../../ui/api/bfl-client';
import { createTaskLimiter } from '../../ui/api/task-limiter';
import { startFakeBflAsync, type FakeBfl } from '../fake-bfl/fake-bfl-server';
import { makeReferencePngAsync, realSleepAsync } from '../fake-bfl/test-images';
import { bundleProxyWorkerAsync, WORKERD_COMPATIBILITY_DATE } from '../support/workerd-proxy';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const LOAD_KEY = 'test-key';

export interface LoadPlan {
  /** Concurrent jobs (submit + poll); each then downloads its result. ≤ 24 (the API's ceiling). */
  jobs: number;
  /** Concurrent pollers, each polling one of the jobs' tasks `pollsEach` times. */
  pollers: number;
  pollsEach: number;
}

export interface LoadTarget {
  name: string;
  /** Everything the target process printed so far (Node child only). */
  output?: () => string;
  /** Where the client sends its requests: the proxy, or the fake itself for the direct baseline. */
  baseUrl: string;
  /** Process whose memory is sampled (null: not sampled). */
  pid: number | null;
  closeAsync(): Promise<void>;
}

export interface LoadReport {
  errors: string[];
  submitMs: number[];
  pollMs: number[];
  downloadMs: number[];
  downloadsOk: number;
  bytesDownloaded: number;
  /** RSS of the target process just before the downloads, and the highest RSS seen while they ran. */
  rssBeforeDownloads: number | null;
  rssPeakDuringDownloads: number | null;
}

/** The strict fake, serving `deliveryBytes` random (incompressible) bytes on every delivery link. */
export async function startLoadFakeAsync(
  deliveryBytes: number,
  latencyMs = 200,
): Promise<{ fake: FakeBfl; deliverySha256: string }> {
  const body = new Uint8Array(randomBytes(deliveryBytes));
  const fake = await startFakeBflAsync({ latencyMs, deliveryBody: body, keys: [LOAD_KEY] });
  return { fake, deliverySha256: createHash('sha256').update(body).digest('hex') };
}

export function directTarget(fake: FakeBfl): LoadTarget {
  return { name: 'direct to the fake', baseUrl: fake.url, pid: null, closeAsync: async () => {} };
}

export interface NodeProxyOptions {
  /** Keep the one-line-per-request log (default: --quiet). */
  log?: boolean;
  /** Extra environment, e.g. BFL_API_KEY and TEAM_TOKEN for team mode (proxy/proxy-config.ts). */
  env?: Record<string, string>;
  timeoutMs?: number;
}

/** `proxy/node-main.ts` as its own Node process (tsx as an import hook, so the pid is the proxy's). */
export function startNodeProxyProcessAsync(upstream: string, options: NodeProxyOptions = {}): Promise<LoadTarget> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const args = [
    '--import',
    'tsx',
    'proxy/node-main.ts',
    '--port',
    '0',
    '--upstream',
    upstream,
    ...(options.log ? [] : ['--quiet']),
  ];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  const closeAsync = (): Promise<void> =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      void closeAsync();
      reject(new Error(`the Node proxy printed no URL within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1] && child.pid !== undefined) {
        clearTimeout(timer);
        resolve({ name: 'proxy on Node', baseUrl: match[1], pid: child.pid, output: () => output, closeAsync });
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => void (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the Node proxy exited with ${code}:\n${output}`));
    });
  });
}

/** proxy/worker.ts in workerd through Miniflare, reached over its own loopback socket. */
export async function startWorkerdProxyProcessAsync(upstream: string): Promise<LoadTarget> {
  const script = await bundleProxyWorkerAsync();
  const before = new Set(childWorkerdPids());
  const mf = new Miniflare({
    modules: true,
    script,
    compatibilityDate: WORKERD_COMPATIBILITY_DATE,
    bindings: { UPSTREAM: upstream },
  });
  const url = await mf.ready;
  const pid = childWorkerdPids().find((p) => !before.has(p)) ?? null;
  return { name: 'proxy on workerd', baseUrl: url.origin, pid, closeAsync: () => mf.dispose() };
}

/** workerd processes started by this process (Miniflare spawns workerd as a direct child). */
function childWorkerdPids(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const match = /^\d+ \((.*)\) \S (\d+)/.exec(stat);
      if (match?.[1] === 'workerd' && Number(match[2]) === process.pid) pids.push(Number(entry));
    } catch {
      // the process ended while listing
    }
  }
  return pids;
}

/** Resident set size of `pid` in bytes (Linux /proc), or null when it cannot be read. */
export function rssBytes(pid: number): number | null {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

function startRssSampler(pid: number | null, everyMs = 20): () => number | null {
  if (pid === null) return () => null;
  let peak = rssBytes(pid) ?? 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, rssBytes(pid) ?? 0);
  }, everyMs);
  return () => {
    clearInterval(timer);
    return Math.max(peak, rssBytes(pid) ?? 0);
  };
}

function routeOf(url: string): 'submit' | 'poll' | 'other' {
  if (url.includes('/v1/flux-tools/outpainting-v1')) return 'submit';
  if (url.includes('get_result')) return 'poll';
  return 'other';
}

/** Reads a body to its end chunk by chunk; its size and sha256, never holding it whole. */
async function streamDigestAsync(res: Response): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  let bytes = 0;
  const reader = res.body?.getReader();
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      hash.update(value);
    }
  }
  return { bytes, sha256: hash.digest('hex') };
}

export async function runLoadAsync(target: LoadTarget, plan: LoadPlan, deliverySha256: string): Promise<LoadReport> {
  const report: LoadReport = {
    errors: [],
    submitMs: [],
    pollMs: [],
    downloadMs: [],
    downloadsOk: 0,
    bytesDownloaded: 0,
    rssBeforeDownloads: null,
    rssPeakDuringDownloads: null,
  };
  const timedFetch: FetchLike = async (url, init) => {
    const started = performance.now();
    const res = await fetch(url, init);
    const route = routeOf(url);
    if (route === 'submit') report.submitMs.push(performance.now() - started);
    if (route === 'poll') report.pollMs.push(performance.now() - started);
    return res;
  };
  const client = createBflClient({
    baseUrl: target.baseUrl,
    apiKey: LOAD_KEY,
    fetch: timedFetch,
    now: Date.now,
    sleepAsync: realSleepAsync,
    pollIntervalMs: 20,
    maxPollIntervalMs: 50,
    timeoutMs: 60_000,
    limiter: createTaskLimiter(24),
  });
  const { png } = await makeReferencePngAsync(64, 48);

  const pollingUrls = Array.from({ length: plan.jobs }, () => {
    let resolve: (url: string | null) => void = () => {};
    const promise = new Promise<string | null>((r) => {
      resolve = r;
    });
    return { promise, resolve };
  });
  const jobs = Array.from({ length: plan.jobs }, async (_, i) => {
    try {
      const task = await client.submitOutpaintAsync({
        image: png,
        width: 128,
        height: 96,
        offsetX: i % 64,
        offsetY: 0,
      });
      pollingUrls[i]?.resolve(task.pollingUrl);
      return (await client.pollUntilDoneAsync(task.pollingUrl)).sampleUrl;
    } catch (error) {
      pollingUrls[i]?.resolve(null);
      report.errors.push(`job ${i}: ${describeError(error)}`);
      return null;
    }
  });
  const pollers = Array.from({ length: plan.pollers }, async (_, i) => {
    const url = await pollingUrls[i % plan.jobs]?.promise;
    if (!url) return;
    for (let n = 0; n < plan.pollsEach; n++) {
      const started = performance.now();
      try {
        const res = await fetch(url, { headers: { 'x-key': LOAD_KEY, accept: 'application/json' } });
        const body: unknown = await res.json();
        report.pollMs.push(performance.now() - started);
        const status = typeof body === 'object' && body !== null && 'status' in body ? body.status : undefined;
        if (res.status !== 200 || (status !== 'Pending' && status !== 'Ready'))
          report.errors.push(`poller ${i}: HTTP ${res.status} ${String(status)}`);
      } catch (error) {
        report.errors.push(`poller ${i}: ${describeError(error)}`);
      }
    }
  });
  const sampleUrls = await Promise.all(jobs);
  await Promise.all(pollers);

  // Every download starts together, so all of them are in flight at once.
  report.rssBeforeDownloads = target.pid === null ? null : rssBytes(target.pid);
  const stopSampler = startRssSampler(target.pid);
  await Promise.all(
    sampleUrls.map(async (url, i) => {
      if (url === null) return;
      const started = performance.now();
      try {
        const res = await fetch(url);
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        const { bytes, sha256 } = await streamDigestAsync(res);
        report.downloadMs.push(performance.now() - started);
        report.bytesDownloaded += bytes;
        if (sha256 === deliverySha256) report.downloadsOk += 1;
        else report.errors.push(`download ${i}: ${bytes} bytes with the wrong sha256`);
      } catch (error) {
        report.errors.push(`download ${i}: ${describeError(error)}`);
      }
    }),
  );
  report.rssPeakDuringDownloads = stopSampler();
  return report;
}

/** The error and its cause (undici puts the socket error, e.g. ECONNRESET, in `cause`). */
function describeError(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${String(error)}${cause}`;
}

/** The p-th percentile (0–100) by nearest rank; NaN for no samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}
