// Validates what the sandbox posts to the UI. The sandbox is trusted code, but the UI still checks
// the shape so a version mismatch (an old cached UI, a new sandbox) shows a message instead of a crash.
import type { Plan, QuarterTurns, Rect, Size, PlanLimit } from '../geometry/plan';
import type { Refusal, SelectionReport, Target, TargetImage } from '../selection/report';
import type { AppError, ErrorCode } from './errors';
import type { SandboxMessage, WriteOutcome } from './messages';
import {
  FieldError,
  nested,
  readArray,
  readBoolean,
  readBytes,
  readNumber,
  readOneOf,
  readRecord,
  readString,
  runParser,
  type Fields,
  type ParseResult,
} from './parse-fields';
import { readSettings } from './parse-settings';
import { readId } from './parse-ui-message';
import { readCreatedVariants, readLaunchRequest } from '../variants/parse-variant-messages';
import { MAX_SAVED_JOBS, readSavedJob } from '../batch/parse-saved-job';

/** Every ErrorCode, checked by the compiler both ways: adding a code to errors.ts fails here until listed. */
const ERROR_CODE_FLAGS: Record<ErrorCode, true> = {
  'no-selection': true, 'no-image': true, 'image-missing': true, tile: true, rotated: true, skewed: true,
  flipped: true, 'scaled-instance': true, stretched: true, covered: true, 'too-small': true, limits: true,
  hidden: true, 'bytes-unavailable': true, 'unsupported-format': true, 'node-deleted': true, 'node-changed': true,
  'write-failed': true, 'image-too-large': true, 'bad-message': true, 'storage-failed': true, 'api-key': true,
  'api-credits': true, 'api-invalid': true, 'api-rate-limited': true, 'api-moderated': true, 'api-failed': true,
  'api-not-found': true, 'api-timeout': true, 'api-server': true, 'submit-uncertain': true, network: true,
  expired: true, cancelled: true, 'decode-failed': true, 'size-mismatch': true, 'engine-failed': true, unexpected: true,
};
const ERROR_CODES = Object.keys(ERROR_CODE_FLAGS) as ErrorCode[];

const SANDBOX_MESSAGE_TYPES = [
  'settings/loaded',
  'selection/changed',
  'image/bytes',
  'image/failed',
  'job/started',
  'job/written',
  'job/failed',
  'variants/created',
  'artboard/extended',
  'workflow/failed',
  'launch/request',
  'jobs/saved',
  'job/stored',
] as const;

/** Selections beyond this are refused by the planner long before they reach the UI. */
const MAX_LIST_ITEMS = 10_000;
const MAX_NAME_CHARS = 10_000;
const MAX_TEXT_CHARS = 2_000;
/** Figma's 4096 cap on the output, and far beyond any API canvas (docs/bfl-api.md, Placement geometry). */
const MAX_PIXELS_SIDE = 1_000_000;

export function parseSandboxMessage(value: unknown): ParseResult<SandboxMessage> {
  return runParser('sandbox', () => readSandboxMessage(value));
}

function readSandboxMessage(value: unknown): SandboxMessage {
  const fields = readRecord(value, 'message');
  const type = readOneOf(fields, 'type', SANDBOX_MESSAGE_TYPES);
  switch (type) {
    case 'settings/loaded':
      return { type, settings: nested('settings', () => readSettings(fields.settings, 'settings')) };
    case 'selection/changed':
      return { type, selection: nested('selection', () => readSelectionReport(fields.selection)) };
    case 'image/bytes':
      return { type, hash: readHash(fields), bytes: readBytes(fields, 'bytes') };
    case 'image/failed':
      return { type, hash: readHash(fields), error: nested('error', () => readAppError(fields.error)) };
    case 'job/started':
      return { type, id: readId(fields, 'id'), target: nested('target', () => readTarget(fields.target)) };
    case 'job/written':
      return { type, id: readId(fields, 'id'), outcome: nested('outcome', () => readWriteOutcome(fields.outcome)) };
    case 'job/failed':
      return { type, id: readId(fields, 'id'), error: nested('error', () => readAppError(fields.error)) };
    case 'variants/created':
      return { type, id: readId(fields, 'id'), frames: readCreatedVariants(fields) };
    case 'artboard/extended':
      return { type, id: readId(fields, 'id'), nodeId: readId(fields, 'nodeId') };
    case 'workflow/failed':
      return { type, id: readId(fields, 'id'), error: nested('error', () => readAppError(fields.error)) };
    case 'launch/request':
      return { type, request: nested('request', () => readLaunchRequest(fields.request)) };
    case 'jobs/saved':
      return { type, jobs: readArray(fields, 'jobs', MAX_SAVED_JOBS, (item, field) => nested(field, () => readSavedJob(item))) };
    case 'job/stored':
      return { type, taskId: readId(fields, 'taskId'), stored: readBoolean(fields, 'stored') };
    default:
      return assertNever(type);
  }
}

function readHash(fields: Fields): string {
  return readString(fields, 'hash', 1, 256);
}

export function readAppError(value: unknown): AppError {
  const fields = readRecord(value, 'error');
  return { code: readOneOf(fields, 'code', ERROR_CODES), message: readString(fields, 'message', 1, MAX_TEXT_CHARS) };
}

function readWriteOutcome(value: unknown): WriteOutcome {
  const fields = readRecord(value, 'outcome');
  const kind = readOneOf(fields, 'kind', ['written', 'placed-beside']);
  const nodeId = readId(fields, 'nodeId');
  switch (kind) {
    case 'written':
      return { kind, nodeId };
    case 'placed-beside':
      return { kind, nodeId, reason: nested('reason', () => readAppError(fields.reason)) };
    default:
      return assertNever(kind);
  }
}

export function readSelectionReport(value: unknown): SelectionReport {
  const fields = readRecord(value, 'selection');
  return {
    selectedCount: readNumber(fields, 'selectedCount', 0, MAX_LIST_ITEMS, { integer: true }),
    targets: readArray(fields, 'targets', MAX_LIST_ITEMS, (item, field) => nested(field, () => readTarget(item))),
    refusals: readArray(fields, 'refusals', MAX_LIST_ITEMS, (item, field) => nested(field, () => readRefusal(item))),
  };
}

function readRefusal(value: unknown): Refusal {
  const fields = readRecord(value, 'refusal');
  return {
    nodeId: readId(fields, 'nodeId'),
    nodeName: readString(fields, 'nodeName', 0, MAX_NAME_CHARS),
    error: nested('error', () => readAppError(fields.error)),
  };
}

export function readTarget(value: unknown): Target {
  const fields = readRecord(value, 'target');
  return {
    nodeId: readId(fields, 'nodeId'),
    nodeName: readString(fields, 'nodeName', 0, MAX_NAME_CHARS),
    kind: readOneOf(fields, 'kind', ['fill', 'layer']),
    imageNodeId: readId(fields, 'imageNodeId'),
    imageNodeName: readString(fields, 'imageNodeName', 0, MAX_NAME_CHARS),
    paintIndex: readNumber(fields, 'paintIndex', 0, MAX_LIST_ITEMS, { integer: true }),
    frame: nested('frame', () => readSize(fields.frame, false)),
    image: nested('image', () => readTargetImage(fields.image)),
    status: readOneOf(fields, 'status', ['ready', 'covered']),
    plan: nested('plan', () => readPlan(fields.plan)),
    notes: readArray(fields, 'notes', 100, (item, field) => readString({ [field]: item }, field, 0, MAX_TEXT_CHARS)),
    fingerprint: readString(fields, 'fingerprint', 1, MAX_TEXT_CHARS),
  };
}

function readTargetImage(value: unknown): TargetImage {
  const fields = readRecord(value, 'image');
  return {
    hash: readHash(fields),
    width: readNumber(fields, 'width', 1, MAX_PIXELS_SIDE, { integer: true }),
    height: readNumber(fields, 'height', 1, MAX_PIXELS_SIDE, { integer: true }),
    format: readOneOf(fields, 'format', ['png', 'jpeg', 'gif', 'unknown']),
  };
}

/** Design-unit sizes may be fractional; pixel sizes are whole. */
function readSize(value: unknown, integer: boolean): Size {
  const fields = readRecord(value, 'size');
  return {
    width: readNumber(fields, 'width', 0, MAX_PIXELS_SIDE, { integer }),
    height: readNumber(fields, 'height', 0, MAX_PIXELS_SIDE, { integer }),
  };
}

function readRect(value: unknown): Rect {
  const fields = readRecord(value, 'rect');
  return {
    x: readNumber(fields, 'x', -MAX_PIXELS_SIDE, MAX_PIXELS_SIDE),
    y: readNumber(fields, 'y', -MAX_PIXELS_SIDE, MAX_PIXELS_SIDE),
    width: readNumber(fields, 'width', 0, MAX_PIXELS_SIDE),
    height: readNumber(fields, 'height', 0, MAX_PIXELS_SIDE),
  };
}

export function readPlan(value: unknown): Plan {
  const fields = readRecord(value, 'plan');
  const side = (key: string): number => readNumber(fields, key, 0, MAX_PIXELS_SIDE, { integer: true });
  const offset = (key: string): number => readNumber(fields, key, -MAX_PIXELS_SIDE, MAX_PIXELS_SIDE, { integer: true });
  const ratio = (key: string): number => readNumber(fields, key, 0, MAX_PIXELS_SIDE);
  return {
    width: side('width'),
    height: side('height'),
    offsetX: offset('offsetX'),
    offsetY: offset('offsetY'),
    autoCrop: readBoolean(fields, 'autoCrop'),
    quarterTurns: readQuarterTurns(fields),
    crop: nested('crop', () => readRect(fields.crop)),
    reference: nested('reference', () => readSize(fields.reference, true)),
    scale: ratio('scale'),
    density: ratio('density'),
    limitedBy: readArray(fields, 'limitedBy', 3, (item, field) => readPlanLimit(item, field)),
    output: nested('output', () => readPlanOutput(fields.output)),
    fastMode: nested('fastMode', () => readFastMode(fields.fastMode)),
    megapixels: readNumber(fields, 'megapixels', 0, MAX_PIXELS_SIDE),
  };
}

function readQuarterTurns(fields: Fields): QuarterTurns {
  const turns = readNumber(fields, 'quarterTurns', 0, 3, { integer: true });
  switch (turns) {
    case 0:
    case 1:
    case 2:
    case 3:
      return turns;
    default:
      throw new FieldError('quarterTurns', 'not 0..3');
  }
}

function readPlanLimit(value: unknown, field: string): PlanLimit {
  return readOneOf({ [field]: value }, field, ['api-min-side', 'api-max-pixels', 'figma-max-side']);
}

function readPlanOutput(value: unknown): Plan['output'] {
  const fields = readRecord(value, 'output');
  return {
    width: readNumber(fields, 'width', 0, MAX_PIXELS_SIDE, { integer: true }),
    height: readNumber(fields, 'height', 0, MAX_PIXELS_SIDE, { integer: true }),
    offsetX: readNumber(fields, 'offsetX', -MAX_PIXELS_SIDE, MAX_PIXELS_SIDE, { integer: true }),
    offsetY: readNumber(fields, 'offsetY', -MAX_PIXELS_SIDE, MAX_PIXELS_SIDE, { integer: true }),
    scale: readNumber(fields, 'scale', 0, MAX_PIXELS_SIDE),
  };
}

function readFastMode(value: unknown): Plan['fastMode'] {
  const fields = readRecord(value, 'fastMode');
  return {
    allowed: readBoolean(fields, 'allowed'),
    problems: readArray(fields, 'problems', 100, (item, field) => readString({ [field]: item }, field, 0, MAX_TEXT_CHARS)),
  };
}

function assertNever(value: never): never {
  throw new Error(`unhandled message type ${String(value)}`);
}
