// Validates what the UI iframe posts to the sandbox. The UI is the less trusted side: if it were
// ever navigated, any page could post to the sandbox (docs/figma-plugin-api.md, Messaging between sandbox and UI), so every field is checked.
import type { ResultMeta, UiMessage } from './messages';
import {
  FieldError,
  nested,
  readArray,
  readBoolean,
  readBytes,
  readNullableNumber,
  readNumber,
  readOneOf,
  readRecord,
  readString,
  runParser,
  type Fields,
  type ParseResult,
} from './parse-fields';
import { readSettings } from './parse-settings';
import { readCreateVariants, readExtendArtboard } from '../variants/parse-variant-messages';
import { MAX_SAVED_JOBS, readSavedJob } from '../batch/parse-saved-job';

/** Figma node ids ("12:345", "I1:2;3:4" inside instances) and job ids are short. */
export const MAX_ID_CHARS = 256;
/** The UI may say more than figma.notify shows; the sandbox truncates to 100 (docs/figma-plugin-api.md, Other APIs). */
export const MAX_NOTIFY_CHARS = 1000;
/** Figma images are at most 4096 px a side (docs/figma-plugin-api.md, Images: reading and creating). */
export const MAX_IMAGE_SIDE = 4096;
/** Panel sizes the UI may ask for; the sandbox clamps further. */
export const MAX_UI_SIDE = 4096;

const UI_MESSAGE_TYPES = ['ui/ready', 'settings/save', 'job/start', 'job/result', 'notify', 'ui/resize', 'variants/create', 'artboard/extend', 'job/save', 'job/forget', 'job/resume', 'image/request'] as const;

export function parseUiMessage(value: unknown): ParseResult<UiMessage> {
  return runParser('UI', () => readUiMessage(value));
}

function readUiMessage(value: unknown): UiMessage {
  const fields = readRecord(value, 'message');
  const type = readOneOf(fields, 'type', UI_MESSAGE_TYPES);
  switch (type) {
    case 'ui/ready':
      return { type };
    case 'settings/save':
      return { type, settings: nested('settings', () => readSettings(fields.settings, 'settings')) };
    case 'job/start':
      return { type, id: readId(fields, 'id'), nodeId: readId(fields, 'nodeId') };
    case 'job/result':
      return {
        type,
        id: readId(fields, 'id'),
        bytes: readBytes(fields, 'bytes'),
        meta: nested('meta', () => readResultMeta(fields.meta)),
      };
    case 'notify':
      return { type, message: readString(fields, 'message', 1, MAX_NOTIFY_CHARS), error: readBoolean(fields, 'error') };
    case 'ui/resize':
      return {
        type,
        width: readNumber(fields, 'width', 0, MAX_UI_SIDE),
        height: readNumber(fields, 'height', 0, MAX_UI_SIDE),
      };
    case 'variants/create':
      return { type, ...readCreateVariants(fields) };
    case 'artboard/extend':
      return { type, ...readExtendArtboard(fields) };
    case 'job/save':
      return { type, job: nested('job', () => readSavedJob(fields.job)) };
    case 'job/forget':
      return { type, taskIds: readArray(fields, 'taskIds', MAX_SAVED_JOBS, (item, field) => readId({ [field]: item }, field)) };
    case 'job/resume':
      return { type, id: readId(fields, 'id') };
    case 'image/request':
      return { type, hash: readString(fields, 'hash', 1, 256) };
    default:
      return assertNever(type);
  }
}

export function readId(fields: Fields, key: string): string {
  return readString(fields, key, 1, MAX_ID_CHARS);
}

export function readResultMeta(value: unknown): ResultMeta {
  const fields = readRecord(value, 'meta');
  return {
    engine: readOneOf(fields, 'engine', ['offline', 'flux']),
    mode: readOneOf(fields, 'mode', ['high', 'fast', 'offline']),
    createdAt: readIsoDate(fields, 'createdAt'),
    cost: readNullableNumber(fields, 'cost', 0, 1_000_000),
    width: readNumber(fields, 'width', 1, MAX_IMAGE_SIDE, { integer: true }),
    height: readNumber(fields, 'height', 1, MAX_IMAGE_SIDE, { integer: true }),
  };
}

function readIsoDate(fields: Fields, key: string): string {
  const text = readString(fields, key, 10, 40);
  // The date is written into a layer name; only an ISO-8601 date (and optional time) is allowed there.
  if (!/^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text) || Number.isNaN(Date.parse(text))) {
    throw new FieldError(key, 'not an ISO date');
  }
  return text;
}

function assertNever(value: never): never {
  throw new Error(`unhandled message type ${String(value)}`);
}
