// The Outpaint CORS proxy. Figma's UI iframe has a null origin and BFL sends no CORS headers on its
// API or delivery URLs (docs/bfl-api.md, The essentials / Delivery URLs; docs/figma-iframe.md), so every request of the plugin
// goes to this one host. Web-standard Request/Response only: the same app runs on Node and Workers.
//
// URL scheme: the upstream's polling_url and result.sample are rewritten to
//   <proxy>/poll?u=<encodeURIComponent(upstream polling_url)>
//   <proxy>/delivery?u=<encodeURIComponent(upstream sample URL)>
// and the proxy only follows u values that pass upstream-policy.ts. The key goes with submit, credits and poll,
// to BFL's API hosts only; never with a delivery.
import { Hono, type Context } from 'hono';
import { BFL_API_ORIGIN, CREDITS_PATH, OUTPAINT_PATH } from '../common/bfl-endpoints';
import { corsHeaders, inertHeaders } from './answer-headers';
import { forwardRequestBodyAsync } from './forward-request-body';
import { isRecord, jsonResponse } from './json-response';
import type { KeyMode } from './key-mode';
import { relayDelivery } from './relay-delivery';
import { relayJsonAsync, rewriteField } from './relay-json';
import { tokensMatchAsync } from './team-token';
import { startDeadline, type UpstreamDeadline } from './upstream-deadline';
import { checkFollow, policyForUpstream } from './upstream-policy';

export type { KeyMode };

export interface ProxyLogEntry {
  method: string;
  route: 'submit' | 'credits' | 'poll' | 'delivery' | 'preflight' | 'other';
  status: number;
  ms: number;
}

export interface ProxyDeps {
  fetch: typeof fetch;
  /** API origin (default https://api.bfl.ai): an API host of BFL's, or a loopback development fake. Anything else throws. */
  upstream?: string;
  keyMode?: KeyMode;
  /** Submit bodies above this are refused with 413 (default 20 MB; docs/bfl-api.md, Outpainting request has no limit, FLUX.2 allows 20 MB). */
  maxBodyBytes?: number;
  /** Time for the upstream to answer submit, poll and credits, once the request is sent (default 30 s). */
  timeoutMs?: number;
  /** Time for a submit body to arrive from the caller while it streams upstream (default 120 s), else 408. */
  bodyTimeoutMs?: number;
  /** Time for a delivery download, headers and body (default 120 s). */
  deliveryTimeoutMs?: number;
  /** Delivery bodies above this are refused (declared) or cut off (streamed); default 32 MB. */
  maxDeliveryBytes?: number;
  /** Receives one line per request: never URLs, keys, prompts or images. */
  log?: (entry: ProxyLogEntry) => void;
  now?: () => number;
}

const DEFAULT_MAX_BODY_BYTES = 20 * 1024 * 1024;
// The largest output is 4 MP (docs/bfl-api.md, Outpainting request): an incompressible 4 MP RGBA PNG is about 16.8 MB, so
// twice that leaves room while stopping a runaway body before it fills the plugin's memory.
const DEFAULT_MAX_DELIVERY_BYTES = 32 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_BODY_TIMEOUT_MS = 120_000;
const DEFAULT_DELIVERY_TIMEOUT_MS = 120_000;

export function createApp(deps: ProxyDeps): Hono {
  const policy = policyForUpstream(deps.upstream ?? BFL_API_ORIGIN);
  if (typeof policy === 'string') throw new Error(`Outpaint proxy: ${policy}`);
  const keyMode = deps.keyMode ?? { kind: 'pass-through' };
  const maxBody = deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const bodyTimeoutMs = deps.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
  const deliveryTimeoutMs = deps.deliveryTimeoutMs ?? DEFAULT_DELIVERY_TIMEOUT_MS;
  const maxDelivery = deps.maxDeliveryBytes ?? DEFAULT_MAX_DELIVERY_BYTES;
  const now = deps.now ?? Date.now;
  const app = new Hono();

  app.use('*', async (c, next) => {
    const started = now();
    await next();
    deps.log?.({
      method: c.req.method,
      route: routeName(c.req.method, c.req.path),
      status: c.res.status,
      ms: now() - started,
    });
  });
  app.use('*', inertHeaders);
  app.use('*', corsHeaders);

  app.get('/health', (c) => c.json({ service: 'outpaint-proxy', upstream: policy.apiOrigin }));

  /** The key to send upstream, or a refusal when the caller's credentials are missing or wrong. */
  const upstreamKeyAsync = async (c: Context): Promise<string | Response> => {
    const presented = c.req.header('x-key') ?? '';
    if (keyMode.kind === 'pass-through') {
      if (presented === '') return c.json({ detail: 'Not authenticated - missing x-key' }, 403);
      return presented;
    }
    if (!(await tokensMatchAsync(presented, keyMode.teamToken))) {
      return c.json({ detail: 'Not authenticated - invalid team token' }, 403);
    }
    return keyMode.serverKey;
  };

  /** The upstream's answer, or the proxy's own answer when it could not get one (never a redirect). */
  const fetchUpstreamAsync = async (
    url: string,
    init: RequestInit,
    deadline: UpstreamDeadline,
    onError?: () => Response | null,
  ): Promise<Response | { answer: Response }> => {
    let res: Response;
    try {
      // redirect 'manual': a redirect to another host would bypass the URL policy.
      res = await deps.fetch(url, { ...init, redirect: 'manual', signal: deadline.signal });
    } catch {
      deadline.clear();
      const own = onError?.();
      if (own) return { answer: own };
      if (deadline.expired() === 'body')
        return {
          answer: jsonResponse(408, { detail: `Request body did not arrive within ${seconds(bodyTimeoutMs)} s` }),
        };
      if (deadline.expired() === 'answer') return { answer: jsonResponse(504, { detail: 'Upstream timed out' }) };
      return { answer: jsonResponse(502, { detail: 'Upstream unreachable' }) };
    }
    if (res.status >= 300 && res.status < 400) {
      deadline.clear();
      await res.body?.cancel().catch(() => {});
      return { answer: jsonResponse(502, { detail: 'Upstream redirected; the proxy does not follow redirects' }) };
    }
    return res;
  };

  const apiHeaders = (key: string, json: boolean): Record<string, string> => ({
    'x-key': key,
    accept: 'application/json',
    ...(json ? { 'Content-Type': 'application/json' } : {}),
  });

  /** One key-carrying API call, relayed as JSON; the URL has passed upstream-policy.ts or is the configured API origin. */
  const callApiAsync = async (
    url: string,
    init: RequestInit,
    deadline: UpstreamDeadline,
    rewrite: (json: unknown) => unknown,
    onError?: () => Response | null,
  ) => {
    try {
      const res = await fetchUpstreamAsync(url, init, deadline, onError);
      if (!(res instanceof Response)) return res.answer;
      // An upstream may answer before the whole body is sent (a refusal); its answer is then on the answer clock.
      if (deadline.phase() === 'body') deadline.enter('answer', timeoutMs);
      return await relayJsonAsync(res, deadline, rewrite);
    } finally {
      deadline.clear();
    }
  };

  app.post(OUTPAINT_PATH, async (c) => {
    const key = await upstreamKeyAsync(c);
    if (key instanceof Response) return key;
    const tooLarge = () => c.json({ detail: `Request body larger than ${Math.round(maxBody / 1048576)} MB` }, 413);
    const deadline = startDeadline(c.req.raw.signal, 'body', bodyTimeoutMs);
    const body = await forwardRequestBodyAsync(c.req.raw, maxBody, deadline.signal).catch(() => 'broken' as const);
    if (body === 'broken' || body === 'too-large') {
      deadline.clear();
      if (body === 'too-large') return tooLarge();
      if (deadline.expired() === 'body')
        return c.json({ detail: `Request body did not arrive within ${seconds(bodyTimeoutMs)} s` }, 408);
      return c.json({ detail: 'Request body broke off' }, 400);
    }
    // The answer's clock starts once the whole body is on its way: a slow uplink is not an upstream timeout. From then
    // on BFL may be creating (and charging for) the task, which cancelling cannot undo, so a caller that leaves no
    // longer aborts it: the answer is awaited (at most the answer timeout) as if the caller were there. Before that, a
    // caller that leaves aborts the unfinished request, and no task is made.
    void body.sent.then(() => {
      deadline.outliveCaller();
      deadline.enter('answer', timeoutMs);
    });
    const headers = {
      ...apiHeaders(key, true),
      ...(body.length === null ? {} : { 'Content-Length': String(body.length) }),
    };
    // duplex 'half' is how a streamed request body is sent with fetch (https://fetch.spec.whatwg.org/#dom-requestinit-duplex).
    const init: RequestInit & { duplex: 'half' } = { method: 'POST', headers, body: body.body, duplex: 'half' };
    return callApiAsync(
      `${policy.apiOrigin}${OUTPAINT_PATH}`,
      init,
      deadline,
      (json) => rewriteField(json, 'polling_url', 'poll', proxyOrigin(c), policy),
      () => (body.overflowed() ? tooLarge() : null),
    );
  });

  app.get(CREDITS_PATH, async (c) => {
    const key = await upstreamKeyAsync(c);
    if (key instanceof Response) return key;
    const deadline = startDeadline(c.req.raw.signal, 'answer', timeoutMs);
    return callApiAsync(
      `${policy.apiOrigin}${CREDITS_PATH}`,
      { method: 'GET', headers: apiHeaders(key, false) },
      deadline,
      (json) => json,
    );
  });

  app.get('/poll', async (c) => {
    const target = checkFollow(c.req.query('u'), 'poll', policy);
    if (target.refusal !== undefined) return c.json({ detail: target.refusal }, 400);
    const key = await upstreamKeyAsync(c);
    if (key instanceof Response) return key;
    const deadline = startDeadline(c.req.raw.signal, 'answer', timeoutMs);
    return callApiAsync(target.url.href, { method: 'GET', headers: apiHeaders(key, false) }, deadline, (json) => {
      const result = isRecord(json) ? json['result'] : undefined;
      if (!isRecord(result)) return json;
      const rewritten = rewriteField(result, 'sample', 'delivery', proxyOrigin(c), policy);
      return rewritten instanceof Response ? rewritten : { ...(json as Record<string, unknown>), result: rewritten };
    });
  });

  app.get('/delivery', async (c) => {
    const target = checkFollow(c.req.query('u'), 'delivery', policy);
    if (target.refusal !== undefined) return c.json({ detail: target.refusal }, 400);
    // No x-key and no caller headers: delivery URLs are pre-signed (docs/bfl-api.md, Authentication). A HEAD stays a
    // HEAD upstream, so it downloads nothing (Hono answers HEAD with the GET route and drops the body unread).
    const deadline = startDeadline(c.req.raw.signal, 'answer', deliveryTimeoutMs);
    const res = await fetchUpstreamAsync(
      target.url.href,
      { method: c.req.method === 'HEAD' ? 'HEAD' : 'GET' },
      deadline,
    );
    if (!(res instanceof Response)) return res.answer;
    return relayDelivery(res, deadline, maxDelivery);
  });

  app.notFound((c) => c.json({ detail: 'Not Found' }, 404));
  app.onError((_error, c) => c.json({ detail: 'Proxy error' }, 500));
  return app;
}

function proxyOrigin(c: Context): string {
  return new URL(c.req.url).origin;
}

function seconds(ms: number): number {
  return Math.round(ms / 100) / 10;
}

function routeName(method: string, path: string): ProxyLogEntry['route'] {
  if (method === 'OPTIONS') return 'preflight';
  if (path === OUTPAINT_PATH) return 'submit';
  if (path === CREDITS_PATH) return 'credits';
  if (path === '/poll') return 'poll';
  if (path === '/delivery') return 'delivery';
  return 'other';
}
