// Relays an API answer (submit, poll, credits): status, Retry-After and JSON, read whole (they are small) under
// the exchange's deadline. A body that stalls after its headers is a 504 with a message, not a 500.
import { isRecord, jsonResponse } from './json-response';
import { readLimitedBodyAsync } from './read-limited-body';
import type { UpstreamDeadline } from './upstream-deadline';
import { checkFollow, type FollowKind, type UpstreamPolicy } from './upstream-policy';

/** Submit, poll and credits answers are small JSON objects; anything bigger is not BFL's API. */
const MAX_JSON_ANSWER_BYTES = 1024 * 1024;

/** `rewrite` may refuse with a Response. Non-JSON bodies pass through with their status. */
export async function relayJsonAsync(
  res: Response,
  deadline: UpstreamDeadline,
  rewrite: (json: unknown) => unknown,
): Promise<Response> {
  const headers = new Headers({ 'Content-Type': res.headers.get('content-type') ?? 'application/json' });
  const retryAfter = res.headers.get('retry-after');
  if (retryAfter !== null) headers.set('Retry-After', retryAfter);
  let bytes: Uint8Array<ArrayBuffer> | null;
  try {
    bytes = await readLimitedBodyAsync(res, MAX_JSON_ANSWER_BYTES, deadline.signal);
  } catch {
    return deadline.expired() === 'answer'
      ? jsonResponse(504, { detail: 'Upstream stopped sending its answer and timed out' })
      : jsonResponse(502, { detail: 'Upstream answer broke off' });
  }
  if (bytes === null) return jsonResponse(502, { detail: 'Upstream answer too large' });
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

/** Points `json[field]` (an upstream URL) back at this proxy's /poll or /delivery, or refuses a URL it won't follow. */
export function rewriteField(
  json: unknown,
  field: string,
  kind: FollowKind,
  origin: string,
  policy: UpstreamPolicy,
): unknown {
  if (!isRecord(json)) return json;
  const value = json[field];
  if (typeof value !== 'string') return json;
  if (checkFollow(value, kind, policy).refusal !== undefined) {
    return jsonResponse(502, { detail: `Upstream sent a ${kind} URL the proxy will not follow` });
  }
  return { ...json, [field]: `${origin}/${kind}?u=${encodeURIComponent(value)}` };
}
