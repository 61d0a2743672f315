// Before a paid submit: is the endpoint there at all? A wrong or unreachable proxy address must say so, and must
// not be reported as "FLUX may have started this task": that warning is only true once the submit may have
// reached BFL (docs/bfl-api.md, HTTP errors "Important ambiguity"). A GET of the proxy's /health
// (proxy/create-app.ts) is free and creates nothing, so when it fails — connection refused, DNS failure, blocked by
// CORS (an address that is not the proxy), or a web page instead of an API — nothing was sent and retrying is safe.
import { BflError } from '../api/bfl-error';
import { NOTIFY_MAX_CHARS } from '../../common/protocol/errors';

/** Long enough for a slow network, short of the submit's own timeout. */
export const CHECK_TIMEOUT_MS = 15_000;

/** The address as a designer typed it, without the scheme, short enough for a 100-character message. */
function shownAddress(endpoint: string, room: number): string {
  let shown = endpoint.trim();
  try {
    const url = new URL(shown);
    shown = `${url.host}${url.pathname === '/' ? '' : url.pathname.replace(/\/+$/, '')}`;
  } catch {
    // Not a URL: shown as typed.
  }
  return shown.length <= room ? shown : `${shown.slice(0, Math.max(1, room - 1))}…`;
}

function fitted(before: string, endpoint: string, after: string): string {
  return `${before}${shownAddress(endpoint, NOTIFY_MAX_CHARS - before.length - after.length)}${after}`;
}

export function unreachableMessage(endpoint: string): string {
  return fitted("Can't reach the proxy at ", endpoint, ' — check the endpoint in Settings');
}

export function notProxyMessage(endpoint: string): string {
  return fitted('', endpoint, ' is a web page, not the Outpaint proxy — check the endpoint in Settings');
}

/**
 * Resolves when the endpoint answers like an API (the proxy's /health, or any non-HTML answer from a
 * BFL-compatible endpoint used in development); throws a 'network' BflError naming the address otherwise.
 * A cancel is rethrown as is.
 */
export async function checkEndpointAsync(
  endpoint: string,
  fetchLike: (url: string, init: RequestInit) => Promise<Response>,
  signal: AbortSignal,
): Promise<void> {
  const controller = new AbortController();
  const onAbort = (): void => controller.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => controller.abort(), CHECK_TIMEOUT_MS);
  let res: Response;
  try {
    // A simple GET (no custom header, no body): no CORS preflight, no key sent anywhere.
    res = await fetchLike(`${endpoint.trim().replace(/\/+$/, '')}/health`, {
      method: 'GET',
      signal: controller.signal,
    });
    await res.arrayBuffer().catch(() => undefined);
  } catch (thrown) {
    if (signal.aborted) throw thrown;
    throw new BflError('network', unreachableMessage(endpoint));
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
  }
  if ((res.headers.get('content-type') ?? '').toLowerCase().includes('text/html')) {
    throw new BflError('network', notProxyMessage(endpoint));
  }
}
