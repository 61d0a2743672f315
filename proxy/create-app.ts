// The Outpaint CORS proxy. Figma's UI iframe has a null origin and BFL sends no CORS headers on its
// API or delivery URLs (docs/bfl-api.md, The essentials / Delivery URLs; docs/figma-iframe.md), so every request of the plugin
// goes to this one host. Web-standard Request/Response only: the same app runs on Node and Workers.
//
// URL scheme: the upstream's polling_url and result.sample are rewritten to
//   <proxy>/poll?u=<encodeURIComponent(upstream polling_url)>
//   <proxy>/delivery?u=<encodeURIComponent(upstream sample URL)>
// and the proxy only follows u values that pass upstream-policy.ts.
import { Hono, type Context } from 'hono';
import { readLimitedBodyAsync } from './read-limited-body';
import { tokensMatchAsync } from './team-token';
import { refuseReason, type FollowKind, type UpstreamPolicy } from './upstream-policy';

export type KeyMode =
  /** The plugin sends the user's own BFL key as x-key; the proxy forwards it to the API hosts. */
  | { kind: 'pass-through' }
  /** The plugin sends a team token as x-key; the proxy checks it and sends its own key instead. */
  | { kind: 'team'; teamToken: string; serverKey: string };

export interface ProxyLogEntry {
  method: string;
  route: 'submit' | 'credits' | 'poll' | 'delivery' | 'preflight' | 'other';
  status: number;
  ms: number;
}

export interface ProxyDeps {
  fetch: typeof fetch;
  /** Default https://api.bfl.ai. */
  upstream?: string;
  keyMode?: KeyMode;
  /** Submit bodies above this are refused with 413 (default 20 MB; docs/bfl-api.md, Outpainting request has no limit, FLUX.2 allows 20 MB). */
  maxBodyBytes?: number;
  /** Timeout for submit, poll and credits calls (default 30 s). */
  timeoutMs?: number;
  /** Timeout for a delivery download, headers and body (default 120 s). */
  deliveryTimeoutMs?: number;
  /** Delivery bodies above this are refused (declared) or cut off (streamed); default 32 MB. */
  maxDeliveryBytes?: number;
  /** Allowed host suffix for followed URLs (default '.bfl.ai'). */
  hostSuffix?: string;
  /** Receives one line per request: never URLs, keys, prompts or images. */
  log?: (entry: ProxyLogEntry) => void;
  now?: () => number;
}

export const DEFAULT_UPSTREAM = 'https://api.bfl.ai';
export const DEFAULT_MAX_BODY_BYTES = 20 * 1024 * 1024;
// The largest output is 4 MP (docs/bfl-api.md, Outpainting request): an incompressible 4 MP RGBA PNG is about 16.8 MB, so
// twice that leaves room while stopping a runaway body before it fills the plugin's memory.
export const DEFAULT_MAX_DELIVERY_BYTES = 32 * 1024 * 1024;
/** Submit, poll and credits answers are small JSON objects; anything bigger is not BFL's API. */
const MAX_JSON_ANSWER_BYTES = 1024 * 1024;
const OUTPAINT_PATH = '/v1/flux-tools/outpainting-v1';
const CREDITS_PATH = '/v1/credits';

const CORS_HEADERS: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  // Retry-After is not a CORS-safelisted response header; the client reads it on 429.
  'Access-Control-Expose-Headers': 'Retry-After',
};

export function createApp(deps: ProxyDeps): Hono {
  const upstream = (deps.upstream ?? DEFAULT_UPSTREAM).replace(/\/+$/, '');
  const policy: UpstreamPolicy = { upstreamOrigin: new URL(upstream).origin, hostSuffix: deps.hostSuffix ?? '.bfl.ai' };
  const keyMode = deps.keyMode ?? { kind: 'pass-through' };
  const maxBody = deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const timeoutMs = deps.timeoutMs ?? 30_000;
  const deliveryTimeoutMs = deps.deliveryTimeoutMs ?? 120_000;
  const maxDelivery = deps.maxDeliveryBytes ?? DEFAULT_MAX_DELIVERY_BYTES;
  const now = deps.now ?? Date.now;
  const app = new Hono();

  app.use('*', async (c, next) => {
    const started = now();
    await next();
    for (const [name, value] of Object.entries(CORS_HEADERS)) c.res.headers.set(name, value);
    deps.log?.({ method: c.req.method, route: routeName(c.req.method, c.req.path), status: c.res.status, ms: now() - started });
  });

  // Preflight for x-key + JSON POSTs from the null-origin plugin iframe; '*' is what Figma requires
  // (https://www.figma.com/plugin-docs/making-network-requests/).
  app.options('*', () =>
    new Response(null, {
      status: 204,
      headers: {
        'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
        'Access-Control-Allow-Headers': 'x-key, content-type, accept',
        'Access-Control-Max-Age': '600',
      },
    }),
  );

  app.get('/health', (c) => c.json({ service: 'outpaint-proxy', upstream: policy.upstreamOrigin }));

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

  const fetchUpstreamAsync = async (url: string, init: RequestInit, ms: number): Promise<Response> => {
    let res: Response;
    try {
      // redirect 'manual': a redirect to another host would bypass the URL policy.
      res = await deps.fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(ms) });
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      return jsonResponse(timedOut ? 504 : 502, { detail: timedOut ? 'Upstream timed out' : 'Upstream unreachable' });
    }
    if (res.status >= 300 && res.status < 400) {
      await res.body?.cancel();
      return jsonResponse(502, { detail: 'Upstream redirected; the proxy does not follow redirects' });
    }
    return res;
  };

  const apiHeaders = (key: string, json: boolean): Record<string, string> => ({
    'x-key': key,
    accept: 'application/json',
    ...(json ? { 'Content-Type': 'application/json' } : {}),
  });

  app.post(OUTPAINT_PATH, async (c) => {
    const key = await upstreamKeyAsync(c);
    if (key instanceof Response) return key;
    const body = await readLimitedBodyAsync(c.req.raw, maxBody);
    if (body === null) return c.json({ detail: `Request body larger than ${Math.round(maxBody / 1048576)} MB` }, 413);
    const res = await fetchUpstreamAsync(`${upstream}${OUTPAINT_PATH}`, { method: 'POST', headers: apiHeaders(key, true), body }, timeoutMs);
    return relayJsonAsync(res, (json) => rewriteField(json, 'polling_url', 'poll', proxyOrigin(c), policy));
  });

  app.get(CREDITS_PATH, async (c) => {
    const key = await upstreamKeyAsync(c);
    if (key instanceof Response) return key;
    const res = await fetchUpstreamAsync(`${upstream}${CREDITS_PATH}`, { method: 'GET', headers: apiHeaders(key, false) }, timeoutMs);
    return relayJsonAsync(res, (json) => json);
  });

  app.get('/poll', async (c) => {
    const target = c.req.query('u');
    const refusal = refuseReason(target, 'poll', policy);
    if (refusal !== null || target === undefined) return c.json({ detail: refusal }, 400);
    const key = await upstreamKeyAsync(c);
    if (key instanceof Response) return key;
    const res = await fetchUpstreamAsync(target, { method: 'GET', headers: apiHeaders(key, false) }, timeoutMs);
    return relayJsonAsync(res, (json) => {
      const result = isRecord(json) ? json['result'] : undefined;
      if (!isRecord(result)) return json;
      const rewritten = rewriteField(result, 'sample', 'delivery', proxyOrigin(c), policy);
      return rewritten instanceof Response ? rewritten : { ...(json as Record<string, unknown>), result: rewritten };
    });
  });

  app.get('/delivery', async (c) => {
    const target = c.req.query('u');
    const refusal = refuseReason(target, 'delivery', policy);
    if (refusal !== null || target === undefined) return c.json({ detail: refusal }, 400);
    // No x-key and no caller headers: delivery URLs are pre-signed (docs/bfl-api.md, Authentication).
    const res = await fetchUpstreamAsync(target, { method: 'GET' }, deliveryTimeoutMs);
    const declared = Number(res.headers.get('content-length') ?? '0');
    if (Number.isFinite(declared) && declared > maxDelivery) {
      await res.body?.cancel();
      return c.json({ detail: `Upstream image larger than ${Math.round(maxDelivery / 1048576)} MB` }, 502);
    }
    const headers = new Headers({ 'Cache-Control': 'no-store' });
    for (const name of ['content-type', 'content-length']) {
      const value = res.headers.get(name);
      if (value !== null) headers.set(name, value);
    }
    // Streamed through: the image is never held whole in the proxy.
    return new Response(res.body === null ? null : res.body.pipeThrough(byteLimit(maxDelivery)), { status: res.status, headers });
  });

  app.notFound((c) => c.json({ detail: 'Not Found' }, 404));
  app.onError((_error, c) => c.json({ detail: 'Proxy error' }, 500));
  return app;
}

/** Relays status, Retry-After and JSON; `rewrite` may refuse with a Response. Non-JSON bodies pass through. */
async function relayJsonAsync(res: Response, rewrite: (json: unknown) => unknown): Promise<Response> {
  const headers = new Headers({ 'Content-Type': res.headers.get('content-type') ?? 'application/json' });
  const retryAfter = res.headers.get('retry-after');
  if (retryAfter !== null) headers.set('Retry-After', retryAfter);
  const bytes = await readLimitedBodyAsync(res, MAX_JSON_ANSWER_BYTES);
  if (bytes === null) {
    await res.body?.cancel().catch(() => {});
    return jsonResponse(502, { detail: 'Upstream answer too large' });
  }
  const text = new TextDecoder().decode(bytes);
  if (!res.ok) return new Response(text, { status: res.status, headers });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return new Response(text, { status: res.status, headers });
  }
  const out = rewrite(json);
  if (out instanceof Response) return out;
  headers.set('Content-Type', 'application/json');
  return new Response(JSON.stringify(out), { status: res.status, headers });
}

function rewriteField(
  json: unknown,
  field: string,
  kind: FollowKind,
  origin: string,
  policy: UpstreamPolicy,
): Record<string, unknown> | Response | unknown {
  if (!isRecord(json)) return json;
  const value = json[field];
  if (typeof value !== 'string') return json;
  const refusal = refuseReason(value, kind, policy);
  if (refusal !== null) return jsonResponse(502, { detail: `Upstream sent a ${kind} URL the proxy will not follow` });
  return { ...json, [field]: `${origin}/${kind}?u=${encodeURIComponent(value)}` };
}

/** Passes bytes through until `limit`, then errors the stream: the client sees a failed download, not a truncated image. */
function byteLimit(limit: number): TransformStream<Uint8Array, Uint8Array> {
  let seen = 0;
  return new TransformStream({
    transform(chunk, controller) {
      seen += chunk.byteLength;
      if (seen > limit) controller.error(new Error('Upstream image larger than the delivery limit'));
      else controller.enqueue(chunk);
    },
  });
}

function proxyOrigin(c: Context): string {
  return new URL(c.req.url).origin;
}

function routeName(method: string, path: string): ProxyLogEntry['route'] {
  if (method === 'OPTIONS') return 'preflight';
  if (path === OUTPAINT_PATH) return 'submit';
  if (path === CREDITS_PATH) return 'credits';
  if (path === '/poll') return 'poll';
  if (path === '/delivery') return 'delivery';
  return 'other';
}

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
