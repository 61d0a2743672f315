// Client for FLUX Outpainting (docs/bfl-api.md, Submit, poll, download / Credits / Client checklist). Framework-free: fetch, the clock and
// sleep are passed in, so it runs in the UI iframe, in Node tests and in a real browser unchanged.
import type { FluxMode } from '../../common/settings';
import { BflError, cancelledError } from './bfl-error';
import { MESSAGES, fitNotify, serverMessage, submitUncertainMessage, timeoutMessage, withDetail } from './bfl-messages';
import { bytesToBase64 } from './bytes-to-base64';
import type { PollNudge } from './poll-nudge';
import { createTaskLimiter, type TaskLimiter } from './task-limiter';

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface BflClientOptions {
  /** The proxy (or a BFL-compatible API in development); requests go to `${baseUrl}/v1/…`. */
  baseUrl: string;
  /** Sent as x-key to the submit, credits and polling endpoints, never to delivery URLs. */
  apiKey: string;
  fetch: FetchLike;
  now: () => number;
  sleepAsync: (ms: number) => Promise<void>;
  /** First poll interval; BFL's examples poll every 0.5–1.5 s (docs/bfl-api.md, Submit, poll, download). */
  pollIntervalMs?: number;
  /** Polls back off ×1.5 up to this cap. */
  maxPollIntervalMs?: number;
  /** Give up polling (and retrying 429s on submit) after this long. */
  timeoutMs?: number;
  /** Longest wait for one HTTP request, body included (default 60 s; downloads get twice that). */
  requestTimeoutMs?: number;
  /** Share one limiter between clients so the whole UI stays under the 24-task ceiling. */
  limiter?: TaskLimiter;
  /** Shared between clients: a task seen Ready wakes the other pollers (poll-nudge.ts). */
  pollNudge?: PollNudge;
}

export type OutputFormat = 'png' | 'jpeg' | 'webp';

export interface OutpaintRequest {
  /** The reference image file (PNG or JPEG bytes) at the exact pixel size it takes on the canvas. */
  image: Uint8Array;
  width: number;
  height: number;
  /** Left/top of the reference on the canvas, in canvas pixels; null lets the API centre it. */
  offsetX: number | null;
  offsetY: number | null;
  autoCrop?: boolean;
  mode?: FluxMode;
  /** Experimental in the API; empty or whitespace is not sent. */
  prompt?: string;
  outputFormat?: OutputFormat;
  safetyTolerance?: number;
  disablePup?: boolean;
}

export interface SubmittedTask {
  id: string;
  /** Exactly as the API returned it: it may point at a regional cluster (docs/bfl-api.md, The essentials). */
  pollingUrl: string;
  cost: number | null;
  inputMp: number | null;
  outputMp: number | null;
}

export interface PollOutcome {
  sampleUrl: string;
}

export type OutpaintStage =
  | { kind: 'queued' }
  | { kind: 'submitting' }
  /** `pollingUrl` lets the caller save the task the moment it is accepted, to fetch it after a close (docs/bfl-api.md, Polling and statuses). */
  | { kind: 'submitted'; taskId: string; pollingUrl: string; cost: number | null }
  | { kind: 'generating'; status: string; progress: number | null }
  | { kind: 'downloading' };

export interface OutpaintResult {
  bytes: Uint8Array;
  cost: number | null;
  taskId: string;
  inputMp: number | null;
  outputMp: number | null;
}

export interface BflClient {
  submitOutpaintAsync(req: OutpaintRequest, signal?: AbortSignal): Promise<SubmittedTask>;
  /**
   * `acceptedAt`: when the submit was answered (this client's clock), for a task accepted just now: its first poll
   * comes one interval after that, as a task is never done the moment it is accepted. Without it (a reopened
   * panel's task), the first poll goes at once.
   */
  pollUntilDoneAsync(
    pollingUrl: string,
    signal?: AbortSignal,
    onStatus?: (status: string, progress: number | null) => void,
    options?: { acceptedAt?: number },
  ): Promise<PollOutcome>;
  downloadAsync(url: string, signal?: AbortSignal): Promise<Uint8Array>;
  getCreditsAsync(signal?: AbortSignal): Promise<number>;
  outpaintAsync(
    req: OutpaintRequest,
    options?: { signal?: AbortSignal; onStage?: (stage: OutpaintStage) => void },
  ): Promise<OutpaintResult>;
}

// Named once for the client and the proxy.
export { CREDITS_PATH, OUTPAINT_PATH } from '../../common/bfl-endpoints';
import { CREDITS_PATH, OUTPAINT_PATH } from '../../common/bfl-endpoints';

const DEFAULT_POLL_MS = 1000;
const DEFAULT_MAX_POLL_MS = 5000;
const DEFAULT_TIMEOUT_MS = 5 * 60_000;
/** A Retry-After longer than this is not waited for in one go; the retry budget still bounds it. */
const MAX_RETRY_AFTER_MS = 60_000;
const DOWNLOAD_RETRIES = 2;
const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;

export function createBflClient(options: BflClientOptions): BflClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const pollMs = options.pollIntervalMs ?? DEFAULT_POLL_MS;
  const maxPollMs = Math.max(pollMs, options.maxPollIntervalMs ?? DEFAULT_MAX_POLL_MS);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const limiter = options.limiter ?? createTaskLimiter();
  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const { now } = options;

  const apiHeaders = (): Record<string, string> => ({ 'x-key': options.apiKey, accept: 'application/json' });

  /** Sleeps `ms`, or less when `wakeEarly` resolves first; rejects when `signal` aborts. */
  const sleepAsync = async (ms: number, signal?: AbortSignal, wakeEarly?: Promise<void>): Promise<void> => {
    if (signal?.aborted) throw cancelledError();
    const slept = wakeEarly ? Promise.race([options.sleepAsync(ms), wakeEarly]) : options.sleepAsync(ms);
    if (!signal) return slept;
    let onAbort = (): void => {};
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(cancelledError());
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      await Promise.race([slept, aborted]);
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  };

  /**
   * fetch plus reading the whole body under one per-request timeout, so a request that hangs (no
   * answer, or a body that stalls) cannot outlive the client's time budget. An abort by the caller
   * becomes 'cancelled'; any other failure, the timeout included, becomes null (a network failure).
   * The answer comes back as a buffered Response, so callers can read it freely.
   */
  const fetchOrNullAsync = async (
    url: string,
    init: RequestInit,
    signal?: AbortSignal,
    limitMs = requestTimeoutMs,
  ): Promise<Response | null> => {
    if (signal?.aborted) throw cancelledError();
    const controller = new AbortController();
    const onAbort = (): void => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    // A plain timer, not the injected sleep: it is a safety net against hung sockets, not the poll clock.
    const timer = setTimeout(() => controller.abort(), limitMs);
    try {
      const res = await options.fetch(url, { ...init, signal: controller.signal });
      const nullBody = res.status === 204 || res.status === 205 || res.status === 304;
      const bytes = nullBody ? null : new Uint8Array(await res.arrayBuffer());
      return new Response(bytes, { status: res.status, statusText: res.statusText, headers: res.headers });
    } catch {
      if (signal?.aborted) throw cancelledError();
      return null;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  };

  const submitOutpaintAsync = async (req: OutpaintRequest, signal?: AbortSignal): Promise<SubmittedTask> => {
    const body = JSON.stringify(buildOutpaintBody(req));
    const deadline = now() + timeoutMs;
    let backoff = pollMs;
    for (;;) {
      const res = await fetchOrNullAsync(
        `${base}${OUTPAINT_PATH}`,
        { method: 'POST', headers: { ...apiHeaders(), 'Content-Type': 'application/json' }, body },
        signal,
      );
      // The POST may have reached BFL and created a paid task even if no answer came back, so a
      // blind resubmit could pay twice (docs/bfl-api.md, HTTP errors "Important ambiguity").
      if (!res) throw new BflError('submit-uncertain', submitUncertainMessage('network error'));
      if (res.status === 429) {
        // A 429 is a clear refusal: nothing was created, so waiting and retrying is safe (§6).
        // Never below the poll interval, so "Retry-After: 0" cannot turn into a tight loop.
        const wait = Math.max(pollMs, retryAfterMs(res, now()) ?? backoff);
        backoff = Math.min(backoff * 2, MAX_RETRY_AFTER_MS);
        if (now() + wait > deadline) throw new BflError('api-rate-limited', MESSAGES.rateLimited);
        await sleepAsync(wait, signal);
        continue;
      }
      if (res.status >= 500 || res.status === 408) {
        throw new BflError('submit-uncertain', submitUncertainMessage(`HTTP ${res.status}`));
      }
      if (!res.ok) throw await errorForStatusAsync(res);
      const json = await readJsonAsync(res);
      const task = parseSubmitResponse(json);
      if (!task) throw new BflError('submit-uncertain', submitUncertainMessage('unreadable answer'));
      if (!isTrustedApiUrl(task.pollingUrl, base)) throw new BflError('api-failed', MESSAGES.pollingUrl);
      return task;
    }
  };

  const pollUntilDoneAsync = async (
    pollingUrl: string,
    signal?: AbortSignal,
    onStatus?: (status: string, progress: number | null) => void,
    how: { acceptedAt?: number } = {},
  ): Promise<PollOutcome> => {
    // x-key goes to the polling host too, so refuse hosts that are neither the endpoint nor BFL's.
    if (!isTrustedApiUrl(pollingUrl, base)) throw new BflError('api-failed', MESSAGES.pollingUrl);
    const deadline = now() + timeoutMs;
    let interval = pollMs;
    let failureDelay = pollMs;
    let lastFailure: BflError | null = null;

    // One last poll once the budget is spent: when it ran out while the computer slept (or the tab was throttled),
    // the first poll after waking is the only one that knows the task's state, and a finished task is fetched at
    // once rather than offered as "Check again".
    let lastLookTaken = false;
    let lastPollAt = now();
    /** `nudged`: another task's Ready may end the wait early, though not before `pollMs` after this task's last poll. */
    const waitAsync = async (ms: number, nudged = false): Promise<void> => {
      const left = deadline - now();
      if (left <= 0) {
        if (lastLookTaken) throw lastFailure ?? new BflError('api-timeout', timeoutMessage(timeoutMs));
        lastLookTaken = true;
        return;
      }
      const nudge = nudged ? options.pollNudge : undefined;
      let stopListening = (): void => {};
      const early = nudge
        ? new Promise<void>((resolve) => (stopListening = nudge.listen(resolve))).then(() =>
            options.sleepAsync(Math.max(0, lastPollAt + pollMs - now())),
          )
        : undefined;
      try {
        await sleepAsync(Math.min(ms, left), signal, early);
      } finally {
        stopListening();
      }
    };

    // BFL's own examples sleep before every poll, the first included (docs/bfl-api.md, Submit, poll, download): a task
    // just accepted is still Pending, and in a batch those first polls would only slow the submits still going out.
    // The interval runs from the submit's answer, not from whatever the panel did since (recording the task), so a
    // task is looked at on the same beat however busy the panel was. A resumed task is polled at once: it may have
    // finished while the panel was closed.
    if (how.acceptedAt !== undefined) {
      lastPollAt = Math.min(now(), how.acceptedAt);
      await waitAsync(Math.min(pollMs, Math.max(0, lastPollAt + pollMs - now())), true);
    }
    for (;;) {
      lastPollAt = now();
      const res = await fetchOrNullAsync(pollingUrl, { method: 'GET', headers: apiHeaders() }, signal);
      // Polls are idempotent, so network errors, 429 and 5xx are retried with a growing delay.
      const transient = !res || res.status === 429 || res.status === 408 || res.status >= 500;
      if (transient) {
        lastFailure = res
          ? new BflError('api-server', serverMessage(res.status))
          : new BflError('network', MESSAGES.network);
        const wait = (res && retryAfterMs(res, now())) ?? failureDelay;
        failureDelay = Math.min(failureDelay * 2, maxPollMs * 4);
        await waitAsync(wait);
        continue;
      }
      if (res.status === 404) throw new BflError('api-not-found', MESSAGES.notFound);
      if (!res.ok) throw await errorForStatusAsync(res);
      const body = await readJsonAsync(res);
      if (!isRecord(body)) {
        lastFailure = new BflError('api-server', MESSAGES.endpoint);
        await waitAsync(failureDelay);
        continue;
      }
      lastFailure = null;
      failureDelay = pollMs;
      const status = typeof body['status'] === 'string' ? body['status'] : 'Unknown';
      switch (status) {
        case 'Ready': {
          const result = body['result'];
          const sample = isRecord(result) ? result['sample'] : undefined;
          if (typeof sample !== 'string' || sample === '') throw new BflError('api-failed', MESSAGES.noSample);
          onStatus?.(status, 1);
          options.pollNudge?.nudge();
          return { sampleUrl: sample };
        }
        case 'Request Moderated':
        case 'Content Moderated':
          throw new BflError('api-moderated', moderationMessage(status, body['details']));
        case 'Error':
        case 'Failed':
          throw new BflError('api-failed', failureMessage(body['details']));
        case 'Task not found':
          throw new BflError('api-not-found', MESSAGES.notFound);
        default:
          // Pending, Reasoning, Generating and statuses added later all mean "not done yet" (§4.3).
          onStatus?.(status, normaliseProgress(body['progress']));
          // The interval runs from when this poll was sent, not from its answer: a slow answer (a busy network, a
          // busy panel) would otherwise stretch every interval and find a finished task later and later.
          await waitAsync(Math.max(0, lastPollAt + interval - now()), true);
          interval = Math.min(interval * 1.5, maxPollMs);
      }
    }
  };

  const downloadAsync = async (url: string, signal?: AbortSignal): Promise<Uint8Array> => {
    let attempt = 0;
    for (;;) {
      // No x-key and no custom headers: delivery URLs are pre-signed, and the key must never reach
      // the CDN (docs/bfl-api.md, Authentication); a plain GET also needs no CORS preflight.
      const res = await fetchOrNullAsync(url, { method: 'GET' }, signal, requestTimeoutMs * 2);
      if (res && res.ok) {
        return new Uint8Array(await res.arrayBuffer());
      } else if (res && (res.status === 403 || res.status === 404 || res.status === 410)) {
        // Signed URLs die 10 minutes after completion; Azure SAS answers 403 (docs/bfl-api.md, Delivery URLs).
        throw new BflError('expired', MESSAGES.expired);
      } else if (res && res.status < 500 && res.status !== 429 && res.status !== 408) {
        throw await errorForStatusAsync(res);
      }
      attempt += 1;
      if (attempt > DOWNLOAD_RETRIES) {
        throw res ? new BflError('api-server', serverMessage(res.status)) : new BflError('network', MESSAGES.network);
      }
      await sleepAsync(pollMs * attempt, signal);
    }
  };

  const getCreditsAsync = async (signal?: AbortSignal): Promise<number> => {
    const res = await fetchOrNullAsync(`${base}${CREDITS_PATH}`, { method: 'GET', headers: apiHeaders() }, signal);
    if (!res) throw new BflError('network', MESSAGES.network);
    if (res.status >= 500) throw new BflError('api-server', serverMessage(res.status));
    if (!res.ok) throw await errorForStatusAsync(res);
    const body = await readJsonAsync(res);
    const credits = isRecord(body) ? body['credits'] : undefined;
    if (typeof credits !== 'number' || !Number.isFinite(credits)) throw new BflError('api-server', MESSAGES.endpoint);
    return credits;
  };

  const outpaintAsync: BflClient['outpaintAsync'] = async (req, { signal, onStage } = {}) => {
    onStage?.({ kind: 'queued' });
    // The slot is held from submit until the task stops being "active" at BFL (it finishes).
    const release = await limiter.acquireAsync(signal);
    let task: SubmittedTask;
    let outcome: PollOutcome;
    try {
      onStage?.({ kind: 'submitting' });
      task = await submitOutpaintAsync(req, signal);
      const acceptedAt = now();
      onStage?.({ kind: 'submitted', taskId: task.id, pollingUrl: task.pollingUrl, cost: task.cost });
      outcome = await pollUntilDoneAsync(
        task.pollingUrl,
        signal,
        (status, progress) => onStage?.({ kind: 'generating', status, progress }),
        { acceptedAt },
      );
    } finally {
      release();
    }
    onStage?.({ kind: 'downloading' });
    const bytes = await downloadAsync(outcome.sampleUrl, signal);
    return { bytes, cost: task.cost, taskId: task.id, inputMp: task.inputMp, outputMp: task.outputMp };
  };

  return { submitOutpaintAsync, pollUntilDoneAsync, downloadAsync, getCreditsAsync, outpaintAsync };
}

/** Only the documented FluxOutpaintingInputs fields (docs/bfl-api.md, Outpainting request); unknown fields may be a 422. */
export function buildOutpaintBody(req: OutpaintRequest): Record<string, unknown> {
  const body: Record<string, unknown> = {
    input_image: bytesToBase64(req.image),
    width: req.width,
    height: req.height,
  };
  if (req.offsetX !== null) body['reference_offset_x'] = req.offsetX;
  if (req.offsetY !== null) body['reference_offset_y'] = req.offsetY;
  body['auto_crop'] = req.autoCrop ?? false;
  body['mode'] = req.mode ?? 'high';
  const prompt = req.prompt?.trim();
  if (prompt) body['prompt'] = prompt;
  body['output_format'] = req.outputFormat ?? 'png';
  if (req.safetyTolerance !== undefined) body['safety_tolerance'] = req.safetyTolerance;
  if (req.disablePup !== undefined) body['disable_pup'] = req.disablePup;
  return body;
}

/** The endpoint's own origin, or https on a *.bfl.ai host with the default port and no userinfo. */
export function isTrustedApiUrl(url: string, baseUrl: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.username !== '' || parsed.password !== '') return false;
  try {
    if (parsed.origin === new URL(baseUrl).origin) return true;
  } catch {
    // a malformed baseUrl trusts nothing but BFL itself
  }
  return parsed.protocol === 'https:' && parsed.port === '' && parsed.hostname.endsWith('.bfl.ai');
}

function parseSubmitResponse(json: unknown): SubmittedTask | null {
  if (!isRecord(json)) return null;
  const id = json['id'];
  const pollingUrl = json['polling_url'];
  if (typeof id !== 'string' || typeof pollingUrl !== 'string' || id === '' || pollingUrl === '') return null;
  return {
    id,
    pollingUrl,
    cost: numberOrNull(json['cost']),
    inputMp: numberOrNull(json['input_mp']),
    outputMp: numberOrNull(json['output_mp']),
  };
}

async function errorForStatusAsync(res: Response): Promise<BflError> {
  const detail = await readDetailAsync(res);
  switch (res.status) {
    case 401:
    case 403:
      return new BflError('api-key', MESSAGES.key);
    case 402:
      return new BflError('api-credits', MESSAGES.credits);
    case 413:
      return new BflError('api-invalid', MESSAGES.tooLarge);
    case 400:
    case 422:
      return new BflError(
        'api-invalid',
        withDetail('FLUX refused: ', detail || `HTTP ${res.status}`, ' (check the frame)'),
      );
    case 404:
    case 405:
      return new BflError('api-failed', MESSAGES.endpoint);
    default:
      return new BflError('api-failed', withDetail('FLUX answered ', detail || `HTTP ${res.status}`, '. Try again'));
  }
}

/** FastAPI bodies carry `detail` as a string or as a list of {loc, msg} (docs/bfl-api.md, HTTP errors). */
async function readDetailAsync(res: Response): Promise<string> {
  let text = '';
  try {
    text = await res.text();
  } catch {
    return '';
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return text.trim().startsWith('<') ? '' : text.trim().slice(0, 200);
  }
  return detailText(isRecord(json) ? json['detail'] : undefined);
}

export function detailText(detail: unknown): string {
  if (typeof detail === 'string') return detail;
  if (Array.isArray(detail)) {
    return detail
      .map((item) => {
        if (!isRecord(item)) return typeof item === 'string' ? item : '';
        const msg = typeof item['msg'] === 'string' ? item['msg'] : '';
        const loc = Array.isArray(item['loc']) ? item['loc'].filter((part) => part !== 'body').join('.') : '';
        // Pydantic prefixes semantic errors with "Value error, ", which tells a designer nothing.
        const text = msg.replace(/^Value error, /, '');
        return loc ? `${loc}: ${text}` : text;
      })
      .filter(Boolean)
      .join('; ');
  }
  return '';
}

function moderationMessage(status: string, details: unknown): string {
  const reasons = isRecord(details) ? details['Moderation Reasons'] : undefined;
  const list = Array.isArray(reasons) ? reasons.filter((r): r is string => typeof r === 'string') : [];
  const what = status === 'Request Moderated' ? 'FLUX moderated the input' : 'FLUX moderated the result';
  if (list.length === 0) return fitNotify(`${what}. Try another image or prompt`);
  return withDetail(`${what} (`, list.join(', '), '). Try another image or prompt');
}

function failureMessage(details: unknown): string {
  let text = '';
  if (typeof details === 'string') text = details;
  else if (isRecord(details)) {
    const error = details['error'] ?? details['message'];
    text = typeof error === 'string' ? error : '';
  }
  if (!text) return 'FLUX could not finish this task. Run Outpaint again';
  return withDetail('FLUX could not finish (', text, '). Run Outpaint again');
}

/** Progress arrives as a 0..1 fraction; some clients saw percentages, so values above 1 are scaled. */
export function normaliseProgress(value: unknown): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  const fraction = value > 1 ? value / 100 : value;
  return Math.min(1, Math.max(0, fraction));
}

/** Retry-After in delta-seconds or as an HTTP date (RFC 9110 §10.2.3); null when absent or unreadable. */
export function retryAfterMs(res: Response, nowMs: number): number | null {
  const header = res.headers.get('retry-after');
  if (header === null || header.trim() === '') return null;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - nowMs;
  if (!Number.isFinite(ms)) return null;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms));
}

async function readJsonAsync(res: Response): Promise<unknown> {
  try {
    return await res.json();
  } catch {
    return undefined;
  }
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
