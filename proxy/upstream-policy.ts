// Which URLs the proxy will fetch. polling_url and result.sample come from the upstream's answers,
// but /poll and /delivery take them from the caller, so without this check the proxy would be an open
// proxy and an SSRF hole. BFL's hosts are https on *.bfl.ai (docs/bfl-api.md, Hosts and regions / Delivery URLs); in development the
// configured upstream's exact origin (e.g. the fake on http://127.0.0.1:PORT) is allowed as well.

export interface UpstreamPolicy {
  /** Origin of the configured upstream, e.g. https://api.bfl.ai or http://127.0.0.1:8788. */
  upstreamOrigin: string;
  /** Hosts allowed besides the upstream's origin, by suffix (default '.bfl.ai'). */
  hostSuffix: string;
}

export type FollowKind = 'poll' | 'delivery';

const MAX_URL_LENGTH = 4096;

/** null when the proxy may fetch `raw`; otherwise why not, for a 400 answer. */
export function refuseReason(raw: string | undefined, kind: FollowKind, policy: UpstreamPolicy): string | null {
  if (raw === undefined || raw === '') return 'Missing u parameter';
  if (raw.length > MAX_URL_LENGTH) return 'URL too long';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'Not an absolute URL';
  }
  // Checked before the origin: a blob: URL's origin is that of the URL inside it, so
  // blob:<upstream>/v1/get_result would otherwise pass as the upstream itself.
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'Only https URLs are followed';
  if (url.username !== '' || url.password !== '') return 'URLs with credentials are refused';
  if (kind === 'poll' && !url.pathname.endsWith('/v1/get_result')) return 'Only get_result polling URLs are followed';
  if (url.origin === policy.upstreamOrigin) return null;
  if (url.protocol !== 'https:') return 'Only https URLs are followed';
  if (url.port !== '') return 'Only the default https port is followed';
  if (isIpLiteral(url.hostname)) return 'IP addresses are refused';
  if (!url.hostname.endsWith(policy.hostSuffix)) return `Only *${policy.hostSuffix} hosts are followed`;
  return null;
}

function isIpLiteral(hostname: string): boolean {
  // The URL parser already turns 0x7f.1, 2130706433 and friends into dotted IPv4, and IPv6 into [..].
  return hostname.startsWith('[') || /^\d{1,3}(\.\d{1,3}){3}$/.test(hostname);
}
