// Where the proxy may send a request, and whether with a key. The key (the user's or the team's) goes only to
// BFL's API hosts, https://api.bfl.ai or one regional https://api.<region>.bfl.ai (docs/bfl-api.md, Hosts and
// regions), on exactly the documented paths. Delivery links (result.sample) are pre-signed and fetched without a
// key from any https host under .bfl.ai, since BFL says not to rely on one delivery host name (docs/bfl-api.md,
// Delivery URLs). /poll and /delivery take their URL from the caller, so without these checks the proxy would be an
// open proxy and an SSRF hole; URLs in upstream answers are checked the same way before they are rewritten.
//
// A URL is judged after the WHATWG URL parser has normalised it (https://url.spec.whatwg.org/#concept-basic-url-parser),
// and the proxy then fetches that normalised URL, so what is checked is what is fetched. On top of that, a polled
// URL's path must be written exactly as documented: no dot segments, no percent-encoded slashes or dots, no double
// slashes and no backslashes, which a real polling_url never has.
import { GET_RESULT_PATH } from '../common/bfl-endpoints';

/** api.bfl.ai, or api.<one region label>.bfl.ai such as api.eu.bfl.ai, api.us.bfl.ai, api.eu2.bfl.ai, api.us3.bfl.ai. */
const API_HOST = /^api(?:\.[a-z][a-z0-9]{1,15})?\.bfl\.ai$/;
/** Any host name under bfl.ai made of ordinary DNS labels (no empty label, no trailing dot). */
const BFL_HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+bfl\.ai$/;
/** Loopback names a development upstream (the fake BFL of test/fake-bfl) may use. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
/**
 * The development fake serves every BFL host from one origin and stands a regional host in with a path prefix
 * (/eu2/v1/get_result for api.eu2.bfl.ai), so on that origin one prefix segment is allowed.
 */
const DEVELOPMENT_POLL_PATH = /^(?:\/[a-z0-9-]{1,32})?\/v1\/get_result$/;
const MAX_URL_LENGTH = 4096;

export interface UpstreamPolicy {
  /** The API origin submit and credits go to: https://api.bfl.ai, a regional API host, or a loopback fake. */
  apiOrigin: string;
  /** True when apiOrigin is a loopback development fake, which then stands in for every BFL host. */
  development: boolean;
}

export type FollowKind = 'poll' | 'delivery';

export type FollowDecision = { url: URL; refusal?: undefined } | { url?: undefined; refusal: string };

/** The policy for a configured upstream, or why that upstream is not acceptable (a configuration error). */
export function policyForUpstream(raw: string): UpstreamPolicy | string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `the upstream must be an absolute URL such as https://api.bfl.ai, got "${raw}"`;
  }
  const bare =
    url.username === '' &&
    url.password === '' &&
    (url.pathname === '/' || url.pathname === '') &&
    url.search === '' &&
    url.hash === '';
  if (bare && url.protocol === 'https:' && url.port === '' && API_HOST.test(url.hostname))
    return { apiOrigin: url.origin, development: false };
  if (bare && (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_HOSTS.has(url.hostname))
    return { apiOrigin: url.origin, development: true };
  return `the upstream must be https://api.bfl.ai, a regional https://api.<region>.bfl.ai, or a loopback development server such as http://127.0.0.1:8788 (origin only), got "${raw}"`;
}

/** Whether the proxy may fetch `raw` for `kind`; the URL to fetch, or why not (for a 400 answer; never echoes `raw`). */
export function checkFollow(raw: string | undefined, kind: FollowKind, policy: UpstreamPolicy): FollowDecision {
  if (raw === undefined || raw === '') return { refusal: 'Missing u parameter' };
  if (raw.length > MAX_URL_LENGTH) return { refusal: 'URL too long' };
  // A special URL reads "\" as "/", so a backslash can move the host or path boundary (WHATWG URL, "special" schemes).
  if (raw.includes('\\')) return { refusal: 'URLs with backslashes are refused' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { refusal: 'Not an absolute URL' };
  }
  // Checked before the origin: a blob: URL's origin is that of the URL inside it, so blob:<upstream>/… would
  // otherwise pass as the upstream itself.
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { refusal: 'Only https URLs are followed' };
  if (url.username !== '' || url.password !== '') return { refusal: 'URLs with credentials are refused' };
  if (policy.development && url.origin === policy.apiOrigin) {
    if (kind === 'poll' && !pathWrittenAs(raw, url, DEVELOPMENT_POLL_PATH))
      return { refusal: 'Only get_result polling URLs are followed' };
    return { url };
  }
  if (url.protocol !== 'https:') return { refusal: 'Only https URLs are followed' };
  if (url.port !== '') return { refusal: 'Only the default https port is followed' };
  if (kind === 'poll') {
    if (!API_HOST.test(url.hostname))
      return { refusal: 'Only api.bfl.ai and its regional api.<region>.bfl.ai hosts are polled' };
    if (!pathWrittenAs(raw, url, GET_RESULT_PATH))
      return { refusal: `Only ${GET_RESULT_PATH} polling URLs are followed` };
    return { url };
  }
  if (!BFL_HOST.test(url.hostname)) return { refusal: 'Only *.bfl.ai delivery hosts are followed' };
  return { url };
}

/**
 * True when the parsed path matches `expected` and the caller wrote it that way: the raw text between the
 * authority and the query is the parsed path itself, so ".." or "%2e%2e" segments, "%2F", "//" and stray tabs that
 * the parser would resolve or keep are all refused.
 */
function pathWrittenAs(raw: string, url: URL, expected: string | RegExp): boolean {
  const matches = typeof expected === 'string' ? url.pathname === expected : expected.test(url.pathname);
  if (!matches) return false;
  const authority = /^https?:\/\/[^/?#]*/i.exec(raw);
  if (authority === null) return false;
  const rest = raw.slice(authority[0].length);
  const end = rest.search(/[?#]/);
  return (end === -1 ? rest : rest.slice(0, end)) === url.pathname;
}
