// The proxy as an attacker reaches it, on both runtimes it ships on, with a scripted upstream that
// records every request the proxy makes: in-process through app.request() (Node), and inside workerd
// through Miniflare, whose outboundService sees each fetch() exactly as workerd sends it. Recording
// on the wire (not in the policy) is what shows that a refused URL was never contacted.
import { Miniflare, Response as MiniflareResponse, type Request as MiniflareRequest } from 'miniflare';
import { createApp, type ProxyDeps, type ProxyLogEntry } from '../../../proxy/create-app';
import { bundleProxyWorkerAsync, dispatchToWorkerAsync, WORKERD_COMPATIBILITY_DATE } from '../../support/workerd-proxy';

export interface UpstreamCall {
  url: string;
  method: string;
  headers: Record<string, string>;
}

/** What the scripted upstream answers; default 200 `{}`. */
export type UpstreamAnswer = (call: UpstreamCall) => Response | Promise<Response>;

export interface ProxySetup {
  upstream: string;
  answer?: UpstreamAnswer;
  teamToken?: string;
  serverKey?: string;
  maxBodyBytes?: number;
}

export interface ProxyUnderTest {
  runtime: string;
  /** A request to the proxy at `http://proxy.test${pathAndQuery}`. */
  requestAsync(pathAndQuery: string, init?: RequestInit): Promise<Response>;
  readonly calls: UpstreamCall[];
  readonly log: ProxyLogEntry[];
  closeAsync(): Promise<void>;
}

export const PROXY_ORIGIN = 'http://proxy.test';
const defaultAnswer: UpstreamAnswer = () => Response.json({});

export function startNodeProxy(setup: ProxySetup, extra: Partial<ProxyDeps> = {}): ProxyUnderTest {
  const calls: UpstreamCall[] = [];
  const log: ProxyLogEntry[] = [];
  const answer = setup.answer ?? defaultAnswer;
  const app = createApp({
    fetch: async (input, init) => {
      const request = new Request(input, init);
      const call = { url: request.url, method: request.method, headers: Object.fromEntries(request.headers.entries()) };
      calls.push(call);
      return answer(call);
    },
    upstream: setup.upstream,
    log: (entry) => log.push(entry),
    ...(setup.maxBodyBytes === undefined ? {} : { maxBodyBytes: setup.maxBodyBytes }),
    ...(setup.teamToken && setup.serverKey
      ? { keyMode: { kind: 'team', teamToken: setup.teamToken, serverKey: setup.serverKey } }
      : {}),
    ...extra,
  });
  return {
    runtime: 'Node',
    requestAsync: async (pathAndQuery, init) => app.request(`${PROXY_ORIGIN}${pathAndQuery}`, init),
    calls,
    log,
    closeAsync: async () => {},
  };
}

/** Streams a body into Miniflare's Response chunk by chunk (an endless body must stay endless). */
async function* chunksOf(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    yield value;
  }
}

/** proxy/worker.ts bundled as wrangler would and run by workerd; every outbound fetch goes to `answer`. */
export async function startWorkerdProxyAsync(
  setup: ProxySetup,
  extraBindings: Record<string, string> = {},
): Promise<ProxyUnderTest> {
  const calls: UpstreamCall[] = [];
  const answer = setup.answer ?? defaultAnswer;
  const mf = new Miniflare({
    modules: true,
    script: await bundleProxyWorkerAsync(),
    compatibilityDate: WORKERD_COMPATIBILITY_DATE,
    bindings: {
      UPSTREAM: setup.upstream,
      ...(setup.maxBodyBytes === undefined ? {} : { MAX_BODY_BYTES: String(setup.maxBodyBytes) }),
      ...(setup.teamToken && setup.serverKey ? { TEAM_TOKEN: setup.teamToken, BFL_API_KEY: setup.serverKey } : {}),
      ...extraBindings,
    },
    outboundService: async (request: MiniflareRequest) => {
      const call = { url: request.url, method: request.method, headers: Object.fromEntries(request.headers.entries()) };
      calls.push(call);
      const res = await answer(call);
      const headers: [string, string][] = [];
      res.headers.forEach((value, name) => headers.push([name, value]));
      return new MiniflareResponse(res.body === null ? null : chunksOf(res.body), { status: res.status, headers });
    },
  });
  await mf.ready;
  return {
    runtime: 'workerd',
    requestAsync: async (pathAndQuery, init) => {
      const before = calls.length;
      const res = await dispatchToWorkerAsync(mf, `${PROXY_ORIGIN}${pathAndQuery}`, init);
      // Under load, Miniflare's loopback between workerd and this process has dropped a request before it
      // reached the scripted upstream (2 runs in about 10 full suites here): the worker's fetch threw and it
      // answered "Upstream unreachable". That is the test rig, not the proxy; no test scripts that answer
      // on workerd, and a request the upstream did see is never repeated.
      if (res.status !== 502 || calls.length !== before) return res;
      const body: unknown = await res
        .clone()
        .json()
        .catch(() => null);
      const unreachable =
        typeof body === 'object' && body !== null && 'detail' in body && body.detail === 'Upstream unreachable';
      if (!unreachable) return res;
      console.warn(
        `workerd: ${init?.method ?? 'GET'} ${pathAndQuery.slice(0, 60)} never reached the upstream; sent once more`,
      );
      return dispatchToWorkerAsync(mf, `${PROXY_ORIGIN}${pathAndQuery}`, init);
    },
    calls,
    // The worker has no log sink (Workers logs go to `wrangler tail`); Node covers the log contract.
    log: [],
    closeAsync: () => mf.dispose(),
  };
}
