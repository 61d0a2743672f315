// A strict local fake of the BFL API for FLUX Outpainting, built from docs/bfl-api.md, The strict fake. Every [cfg]
// switch of the spec is an option, so tests can pin down each unknown of the real API.
import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  decodeImageAsync,
  encodeImageAsync,
  renderOutpaint,
  type FakeOutputFormat,
  type RgbaImage,
} from './fake-image-codec';
import {
  parseJsonBody,
  validateOutpaintBody,
  type OutpaintFields,
  type ValidationItem,
} from './validate-outpaint-body';

export type TaskOutcome = 'ready' | 'request-moderated' | 'content-moderated' | 'error' | 'failed' | 'not-found';
export type FakeRoute = 'submit' | 'poll' | 'credits' | 'delivery';
export type FaultKind = 500 | 503 | 429 | 'drop';

export interface FaultRule {
  route: FakeRoute;
  /** 1-based count of requests on that route (authenticated or not). */
  nth: number;
  kind: FaultKind;
  /** Do the real work first (e.g. create the paid task), then fail: the "did it go through?" case. */
  afterEffect?: boolean;
}

export interface FakeBflOptions {
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Keys the fake accepts (default ['test-key']). */
  keys?: string[];
  /** Accepted keys whose account has no credits: every submit answers 402. */
  brokeKeys?: string[];
  /** Starting balance of every key, in credits (default 1000). */
  credits?: number;
  authErrorStatus?: 401 | 403;
  extraFields?: 'forbid' | 'ignore';
  laxIntegers?: boolean;
  semanticErrorStyle?: 'list' | 'string';
  undecodableStatus?: 400 | 422;
  centring?: 'floor' | 'round';
  concurrencyLimit?: number;
  /** Adds Retry-After: N to 429s (default: no header, like the documented API). */
  retryAfterSeconds?: number | null;
  cost?: (width: number, height: number, mode: 'high' | 'fast') => number;
  omitCost?: boolean;
  /** How long a task runs before its terminal status; per mode or one number (default fast 1500, high 4000). */
  latencyMs?: number | { high: number; fast: number };
  /** Delay before every HTTP answer. */
  responseDelayMs?: number;
  /** Non-terminal statuses shown after Pending, in order, e.g. ['Reasoning', 'Generating', 'Dreaming']. */
  extraStatuses?: string[];
  resultShape?: 'full' | 'sample-only';
  moderationDetails?: 'reasons' | 'null';
  errorDetails?: 'object' | 'string' | 'null';
  /** Outcome by prompt text or by sha256 (hex) of the input_image string. */
  scenarios?: Record<string, TaskOutcome>;
  defaultOutcome?: TaskOutcome;
  /** Path prefix of the "regional cluster" polling_url points at (default 'eu2'). */
  cluster?: string;
  /** Answer Task not found when a task is polled on another cluster prefix (default true). */
  wrongClusterNotFound?: boolean;
  /** Finished tasks become Task not found after this long (default 1 h). */
  taskTtlMs?: number;
  /** Signed delivery URLs expire this long after completion (default 600 000, docs/bfl-api.md, Delivery URLs). */
  deliveryTtlMs?: number;
  /** Refuse delivery requests that carry x-key (default true). */
  rejectKeyOnDelivery?: boolean;
  /**
   * Serve these bytes on every valid delivery link instead of the rendered image (same content type).
   * Load tests use it for a large body (e.g. 16 MB) that the real API could send for a 4 MP PNG.
   */
  deliveryBody?: Uint8Array;
  /**
   * Render a task's result this long (real ms) after accepting it, instead of when its delivery link is first
   * fetched. BFL's delivery links serve a file made while the task ran; rendering on the first fetch makes a batch's
   * downloads queue behind one another in this one process. Off by default: tests that never download stay cheap.
   */
  renderAheadMs?: number;
  cors?: 'none' | 'permissive';
  faults?: FaultRule[];
  /** Clock in ms (default Date.now); controls.advanceClock adds to it. */
  now?: () => number;
}

export interface RecordedRequest {
  route: FakeRoute | 'options' | 'other';
  method: string;
  /** Path and query as received. */
  url: string;
  headers: Record<string, string>;
}

export interface RecordedSubmission {
  key: string;
  /** sha256 of the raw body: two equal hashes mean the same request was sent twice. */
  bodySha256: string;
  fields: string[];
  status: number;
  taskId: string | null;
}

export interface FakeTaskView {
  id: string;
  key: string;
  width: number;
  height: number;
  offsetX: number;
  offsetY: number;
  mode: 'high' | 'fast';
  outcome: TaskOutcome;
  cost: number;
}

export interface FakeBflState {
  readonly requests: RecordedRequest[];
  readonly submissions: RecordedSubmission[];
  readonly tasks: ReadonlyMap<string, FakeTaskView>;
  /** Tasks accepted (200) per key. */
  tasksSubmittedByKey(key: string): number;
  /** The highest number of simultaneously active tasks for one key seen so far. */
  readonly maxActiveObserved: number;
  activeTasks(key: string): number;
  credits(key: string): number;
  /** Delivery requests that carried an x-key header. */
  readonly deliveryRequestsWithKey: number;
  requestsOn(route: RecordedRequest['route']): RecordedRequest[];
}

export interface FakeBflControls {
  setCredits(key: string, credits: number): void;
  addFault(rule: FaultRule): void;
  setScenario(trigger: string, outcome: TaskOutcome): void;
  setLatency(latency: number | { high: number; fast: number }): void;
  advanceClock(ms: number): void;
}

export interface FakeBfl {
  url: string;
  port: number;
  state: FakeBflState;
  controls: FakeBflControls;
  closeAsync(): Promise<void>;
}

interface Task extends FakeTaskView {
  cluster: string;
  createdAt: number;
  latency: number;
  seed: number;
  format: FakeOutputFormat;
  reference: RgbaImage;
  rendered: Promise<Uint8Array> | null;
}

const MAX_BODY_BYTES = 64 * 1024 * 1024;
const FOUR_MP = 4_194_304;
const CONTENT_TYPES: Record<FakeOutputFormat, string> = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' };

export function defaultCost(width: number, height: number, mode: 'high' | 'fast'): number {
  return Math.ceil((width * height) / 1_048_576) * (mode === 'high' ? 10 : 5);
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export async function startFakeBflAsync(options: FakeBflOptions = {}): Promise<FakeBfl> {
  const keys = new Set(options.keys ?? ['test-key']);
  const broke = new Set(options.brokeKeys ?? []);
  const startingCredits = options.credits ?? 1000;
  const balances = new Map<string, number>();
  const scenarios = new Map<string, TaskOutcome>(Object.entries(options.scenarios ?? {}));
  const faults: FaultRule[] = [...(options.faults ?? [])];
  const routeCounts = new Map<FakeRoute, number>();
  const tasks = new Map<string, Task>();
  const requests: RecordedRequest[] = [];
  const submissions: RecordedSubmission[] = [];
  const acceptedByKey = new Map<string, number>();
  const cluster = options.cluster ?? 'eu2';
  const secret = randomBytes(32);
  let latency = options.latencyMs ?? { high: 4000, fast: 1500 };
  let clockOffset = 0;
  let maxActiveObserved = 0;
  let deliveryRequestsWithKey = 0;
  let baseUrl = '';

  const now = (): number => (options.now ?? Date.now)() + clockOffset;
  const balance = (key: string): number => balances.get(key) ?? (broke.has(key) ? 0 : startingCredits);
  const latencyFor = (mode: 'high' | 'fast'): number => (typeof latency === 'number' ? latency : latency[mode]);
  const isActive = (task: Task): boolean => now() < task.createdAt + task.latency;
  const activeTasks = (key: string): number => [...tasks.values()].filter((t) => t.key === key && isActive(t)).length;

  /** Pending renders ahead of delivery (options.renderAheadMs), cleared when the server closes. */
  const renderAhead = new Set<ReturnType<typeof setTimeout>>();
  /** The task's delivered bytes, rendered once: ahead of time or on the first fetch of its link. */
  const renderedAsync = (task: Task): Promise<Uint8Array> =>
    (task.rendered ??= options.deliveryBody
      ? Promise.resolve(options.deliveryBody)
      : encodeImageAsync(
          renderOutpaint(task.reference, task.width, task.height, task.offsetX, task.offsetY),
          task.format,
        ));

  const cors = (res: ServerResponse): void => {
    if (options.cors !== 'permissive') return;
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Expose-Headers', 'Retry-After');
  };
  const sendJson = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
    cors(res);
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const sendAzureError = (res: ServerResponse, code: string, message: string): void => {
    cors(res);
    res.writeHead(403, { 'Content-Type': 'application/xml' });
    res.end(`<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`);
  };
  const semanticError = (res: ServerResponse, status: number, msg: string, input: unknown): void => {
    if (options.semanticErrorStyle === 'string') return sendJson(res, status, { detail: msg });
    sendJson(res, status, { detail: [{ type: 'value_error', loc: ['body'], msg: `Value error, ${msg}`, input }] });
  };

  const authenticate = (req: IncomingMessage, res: ServerResponse): string | null => {
    const key = headerValue(req, 'x-key');
    if (key !== null && [...keys].some((k) => safeEqual(k, key))) return key;
    sendJson(res, options.authErrorStatus ?? 403, { detail: 'Not authenticated - Invalid Authentication' });
    return null;
  };

  /** Counts the request on its route and answers a scheduled fault; true when the caller must stop. */
  const takeFault = (
    route: FakeRoute,
    phase: 'before' | 'after',
    req: IncomingMessage,
    res: ServerResponse,
  ): boolean => {
    const count = phase === 'before' ? (routeCounts.get(route) ?? 0) + 1 : (routeCounts.get(route) ?? 0);
    if (phase === 'before') routeCounts.set(route, count);
    const rule = faults.find(
      (f) => f.route === route && f.nth === count && (f.afterEffect === true) === (phase === 'after'),
    );
    if (!rule) return false;
    if (rule.kind === 'drop') {
      req.socket.destroy();
    } else if (rule.kind === 429) {
      sendJson(res, 429, { detail: 'Too many active tasks' }, retryAfterHeader());
    } else {
      sendJson(res, rule.kind, { detail: rule.kind === 503 ? 'Service Unavailable' : 'Internal Server Error' });
    }
    return true;
  };
  const retryAfterHeader = (): Record<string, string> =>
    options.retryAfterSeconds == null ? {} : { 'Retry-After': String(options.retryAfterSeconds) };

  const handleSubmitAsync = async (req: IncomingMessage, res: ServerResponse, raw: string): Promise<void> => {
    if (takeFault('submit', 'before', req, res)) return;
    const key = authenticate(req, res);
    if (key === null) return;
    const record: RecordedSubmission = { key, bodySha256: sha256Hex(raw), fields: [], status: 0, taskId: null };
    submissions.push(record);
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      record.status = status;
      sendJson(res, status, body, headers);
    };
    if (broke.has(key)) return answer(402, { detail: 'Insufficient credits' });

    const parsed = parseJsonBody(raw);
    if (!parsed.ok) return answer(422, { detail: [parsed.error] });
    record.fields = Object.keys(parsed.value);
    const validated = validateOutpaintBody(parsed.value, {
      extraFields: options.extraFields ?? 'forbid',
      laxIntegers: options.laxIntegers ?? false,
    });
    if (!validated.ok) return answer(422, { detail: validated.errors });
    const fields = validated.fields;

    const fail = (status: number, msg: string): void => {
      record.status = status;
      semanticError(res, status, msg, null);
    };
    if (fields.width * fields.height > FOUR_MP) {
      return fail(422, `width * height must not exceed 4194304 px (4 MP), got ${fields.width * fields.height}`);
    }
    const reference = await loadReferenceAsync(fields);
    if (reference === 'unreachable') return fail(422, 'input_image URL could not be fetched');
    if (reference === 'url-in-fast-mode')
      return fail(422, 'input_image must be base64 in fast mode; image URLs are not supported');
    if (reference === null)
      return fail(options.undecodableStatus ?? 422, 'input_image could not be decoded as an image');

    const centre = (canvas: number, size: number): number =>
      options.centring === 'round' ? Math.round((canvas - size) / 2) : Math.floor((canvas - size) / 2);
    const ox = fields.offsetX ?? centre(fields.width, reference.width);
    const oy = fields.offsetY ?? centre(fields.height, reference.height);
    const outside = ox < 0 || oy < 0 || ox + reference.width > fields.width || oy + reference.height > fields.height;
    const disjoint =
      ox >= fields.width || oy >= fields.height || ox + reference.width <= 0 || oy + reference.height <= 0;
    if (disjoint) return fail(422, 'reference image lies entirely outside the canvas');
    if (outside && !fields.autoCrop) {
      return fail(422, 'reference extends beyond the canvas: set auto_crop or change offsets');
    }
    if (fields.mode === 'fast') {
      const placedW = Math.min(fields.width, ox + reference.width) - Math.max(0, ox);
      const placedH = Math.min(fields.height, oy + reference.height) - Math.max(0, oy);
      if (placedW < 64 || placedH < 64)
        return fail(422, 'fast mode needs the placed reference to be at least 64 px per side');
      if (Math.max(placedW / placedH, placedH / placedW) > 8)
        return fail(422, 'fast mode needs a reference aspect ratio of at most 8:1');
    }

    if (activeTasks(key) >= (options.concurrencyLimit ?? 24)) {
      return answer(
        429,
        {
          detail: `You have reached the limit of ${options.concurrencyLimit ?? 24} active tasks. Wait for a task to finish.`,
        },
        retryAfterHeader(),
      );
    }
    const cost = (options.cost ?? defaultCost)(fields.width, fields.height, fields.mode);
    if (balance(key) < cost) return answer(402, { detail: 'Insufficient credits' });
    balances.set(key, balance(key) - cost);

    const id = randomUUID();
    const task: Task = {
      id,
      key,
      width: fields.width,
      height: fields.height,
      offsetX: ox,
      offsetY: oy,
      mode: fields.mode,
      outcome:
        scenarios.get(fields.prompt ?? '\u0000') ??
        scenarios.get(sha256Hex(fields.inputImage)) ??
        options.defaultOutcome ??
        'ready',
      cost,
      cluster,
      createdAt: now(),
      latency: latencyFor(fields.mode),
      seed: Number.parseInt(id.slice(0, 8), 16),
      format: fields.outputFormat,
      reference,
      rendered: null,
    };
    tasks.set(id, task);
    if (options.renderAheadMs !== undefined && task.outcome === 'ready') {
      const timer = setTimeout(() => {
        renderAhead.delete(timer);
        void renderedAsync(task);
      }, options.renderAheadMs);
      renderAhead.add(timer);
    }
    acceptedByKey.set(key, (acceptedByKey.get(key) ?? 0) + 1);
    maxActiveObserved = Math.max(maxActiveObserved, activeTasks(key));
    record.taskId = id;
    record.status = 200;
    if (takeFault('submit', 'after', req, res)) return;
    const body: Record<string, unknown> = { id, polling_url: `${baseUrl}/${cluster}/v1/get_result?id=${id}` };
    if (!options.omitCost) {
      body['cost'] = cost;
      body['input_mp'] = round2((reference.width * reference.height) / 1e6);
      body['output_mp'] = round2((fields.width * fields.height) / 1e6);
    }
    sendJson(res, 200, body);
  };

  const loadReferenceAsync = async (
    fields: OutpaintFields,
  ): Promise<RgbaImage | null | 'unreachable' | 'url-in-fast-mode'> => {
    if (/^https?:\/\//i.test(fields.inputImage)) {
      if (fields.mode === 'fast') return 'url-in-fast-mode';
      try {
        const res = await fetch(fields.inputImage);
        if (!res.ok) return 'unreachable';
        return decodeImageAsync(new Uint8Array(await res.arrayBuffer()));
      } catch {
        return 'unreachable';
      }
    }
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(fields.inputImage)) return null;
    return decodeImageAsync(new Uint8Array(Buffer.from(fields.inputImage, 'base64')));
  };

  const handlePoll = (req: IncomingMessage, res: ServerResponse, url: URL, pathCluster: string | null): void => {
    if (takeFault('poll', 'before', req, res)) return;
    const key = authenticate(req, res);
    if (key === null) return;
    const id = url.searchParams.get('id');
    if (id === null) {
      sendJson(res, 422, { detail: [{ type: 'missing', loc: ['query', 'id'], msg: 'Field required', input: null }] });
      return;
    }
    const task = tasks.get(id);
    const notFound = (): void => sendJson(res, 200, { id, status: 'Task not found' });
    if (!task || task.key !== key) return notFound();
    if ((options.wrongClusterNotFound ?? true) && pathCluster !== task.cluster) return notFound();
    const elapsed = now() - task.createdAt;
    if (elapsed >= task.latency + (options.taskTtlMs ?? 3_600_000)) return notFound();

    if (elapsed < task.latency) {
      const steps = ['Pending', ...(options.extraStatuses ?? [])];
      const fraction = elapsed / task.latency;
      const status = steps[Math.min(steps.length - 1, Math.floor(fraction * steps.length))] ?? 'Pending';
      const progress = Math.round((0.1 + 0.8 * fraction) * 100) / 100;
      sendJson(res, 200, { id, status, result: null, progress, details: null, preview: null });
      return;
    }
    const finishedAt = task.createdAt + task.latency;
    const base = { id, progress: null, preview: null };
    switch (task.outcome) {
      case 'ready': {
        const sample = signedDeliveryUrl(task, finishedAt);
        const result =
          options.resultShape === 'sample-only'
            ? { sample }
            : {
                sample,
                seed: task.seed,
                start_time: task.createdAt / 1000,
                end_time: finishedAt / 1000,
                duration: task.latency / 1000,
              };
        if (takeFault('poll', 'after', req, res)) return;
        sendJson(res, 200, {
          ...base,
          status: 'Ready',
          result,
          details: null,
          ...(options.omitCost ? {} : { cost: task.cost }),
        });
        return;
      }
      case 'request-moderated':
      case 'content-moderated': {
        const details =
          options.moderationDetails === 'null' ? null : { 'Moderation Reasons': ['Derivative Works Filter'] };
        const status = task.outcome === 'request-moderated' ? 'Request Moderated' : 'Content Moderated';
        sendJson(res, 200, { ...base, status, result: null, details });
        return;
      }
      case 'error':
      case 'failed': {
        const message = 'Internal generation error';
        const details =
          options.errorDetails === 'string' ? message : options.errorDetails === 'null' ? null : { error: message };
        sendJson(res, 200, { ...base, status: task.outcome === 'error' ? 'Error' : 'Failed', result: null, details });
        return;
      }
      case 'not-found':
        notFound();
    }
  };

  const signedDeliveryUrl = (task: Task, finishedAt: number): string => {
    const path = `/delivery/${task.cluster}/results/${task.id}/sample.${task.format === 'jpeg' ? 'jpeg' : task.format}`;
    const se = new Date(finishedAt + (options.deliveryTtlMs ?? 600_000)).toISOString();
    return `${baseUrl}${path}?se=${encodeURIComponent(se)}&sp=r&sig=${sign(path, se)}`;
  };
  const sign = (path: string, se: string): string => createHmac('sha256', secret).update(`${path}|${se}`).digest('hex');

  const handleDeliveryAsync = async (
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    id: string,
  ): Promise<void> => {
    if (takeFault('delivery', 'before', req, res)) return;
    if (headerValue(req, 'x-key') !== null) {
      deliveryRequestsWithKey += 1;
      if (options.rejectKeyOnDelivery ?? true) {
        return sendAzureError(
          res,
          'AuthenticationFailed',
          'Delivery URLs are pre-signed: the request must not carry x-key.',
        );
      }
    }
    const se = url.searchParams.get('se') ?? '';
    const sig = url.searchParams.get('sig') ?? '';
    const task = tasks.get(id);
    if (!task || !safeEqual(sig, sign(url.pathname, se))) {
      return sendAzureError(res, 'AuthenticationFailed', 'Signature did not match.');
    }
    if (!(Date.parse(se) >= now()))
      return sendAzureError(res, 'AuthenticationFailed', 'Signed expiry time has passed.');
    const bytes = await renderedAsync(task);
    cors(res);
    res.writeHead(200, { 'Content-Type': CONTENT_TYPES[task.format], 'Content-Length': String(bytes.length) });
    res.end(bytes);
  };

  const handleAsync = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    const method = req.method ?? 'GET';
    const pollMatch = /^(?:\/([A-Za-z0-9-]+))?\/v1\/get_result$/.exec(url.pathname);
    const deliveryMatch = /^\/delivery\/[A-Za-z0-9-]+\/results\/([0-9a-f-]+)\/sample\.(?:png|jpeg|webp)$/.exec(
      url.pathname,
    );
    const route: RecordedRequest['route'] =
      method === 'OPTIONS'
        ? 'options'
        : url.pathname === '/v1/flux-tools/outpainting-v1'
          ? 'submit'
          : url.pathname === '/v1/credits'
            ? 'credits'
            : pollMatch
              ? 'poll'
              : deliveryMatch
                ? 'delivery'
                : 'other';
    requests.push({ route, method, url: req.url ?? '/', headers: flattenHeaders(req) });
    const raw = await readBodyAsync(req);
    if (options.responseDelayMs) await new Promise((r) => setTimeout(r, options.responseDelayMs));
    if (raw === null) return sendJson(res, 413, { detail: 'Request body too large' });

    if (method === 'OPTIONS') {
      if (options.cors !== 'permissive') return sendJson(res, 405, { detail: 'Method Not Allowed' });
      res.writeHead(204, {
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
        'Access-Control-Allow-Headers': 'x-key, content-type, accept',
        'Access-Control-Max-Age': '600',
      });
      res.end();
      return;
    }
    const expected: Record<FakeRoute, string> = { submit: 'POST', credits: 'GET', poll: 'GET', delivery: 'GET' };
    if (route === 'options' || route === 'other') return sendJson(res, 404, { detail: 'Not Found' });
    if (method !== expected[route]) return sendJson(res, 405, { detail: 'Method Not Allowed' });
    switch (route) {
      case 'submit':
        return handleSubmitAsync(req, res, raw);
      case 'poll':
        return handlePoll(req, res, url, pollMatch?.[1] ?? null);
      case 'credits': {
        if (takeFault('credits', 'before', req, res)) return;
        const key = authenticate(req, res);
        if (key !== null) sendJson(res, 200, { credits: balance(key) });
        return;
      }
      case 'delivery':
        return handleDeliveryAsync(req, res, url, deliveryMatch?.[1] ?? '');
    }
  };

  const server = createServer((req, res) => {
    handleAsync(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, { detail: 'Internal Server Error' });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;

  const state: FakeBflState = {
    requests,
    submissions,
    tasks,
    tasksSubmittedByKey: (key) => acceptedByKey.get(key) ?? 0,
    get maxActiveObserved() {
      return maxActiveObserved;
    },
    activeTasks,
    credits: balance,
    get deliveryRequestsWithKey() {
      return deliveryRequestsWithKey;
    },
    requestsOn: (route) => requests.filter((r) => r.route === route),
  };
  const controls: FakeBflControls = {
    setCredits: (key, credits) => void balances.set(key, credits),
    addFault: (rule) => void faults.push(rule),
    setScenario: (trigger, outcome) => void scenarios.set(trigger, outcome),
    setLatency: (next) => {
      latency = next;
    },
    advanceClock: (ms) => {
      clockOffset += ms;
    },
  };
  return {
    url: baseUrl,
    port: address.port,
    state,
    controls,
    closeAsync: () =>
      new Promise<void>((resolve) => {
        for (const timer of renderAhead) clearTimeout(timer);
        renderAhead.clear();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function headerValue(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  if (Array.isArray(value)) return value[0] ?? null;
  return value ?? null;
}

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function readBodyAsync(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

export type { ValidationItem };
