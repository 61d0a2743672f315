// Field readers shared by the two message parsers. Every inbound message is untrusted
// (docs/figma-plugin-api.md, Messaging between sandbox and UI "Validate every inbound message"): each reader checks type and range and
// throws a FieldError naming the field, which the parsers turn into a 'bad-message' AppError.
import { appError, type AppError } from './errors';

export type ParseResult<T> = { ok: true; message: T } | { ok: false; error: AppError };

export type Fields = Record<string, unknown>;

export class FieldError extends Error {
  constructor(readonly field: string, readonly problem: string) {
    super(`${field}: ${problem}`);
  }
}

/** Largest image the protocol carries: 4096² RGBA stored uncompressed plus headroom. Larger is not an image Figma made. */
export const MAX_MESSAGE_BYTES = 96 * 1024 * 1024;

export function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function readRecord(value: unknown, field: string): Fields {
  if (!isRecord(value)) throw new FieldError(field, 'not an object');
  return value;
}

export function readString(fields: Fields, key: string, min: number, max: number): string {
  const value = fields[key];
  if (typeof value !== 'string') throw new FieldError(key, 'not a string');
  if (value.length < min || value.length > max) throw new FieldError(key, `length outside ${min}..${max}`);
  return value;
}

export function readNumber(
  fields: Fields,
  key: string,
  min: number,
  max: number,
  options: { integer?: boolean } = {},
): number {
  const value = fields[key];
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new FieldError(key, 'not a finite number');
  if (options.integer === true && !Number.isInteger(value)) throw new FieldError(key, 'not an integer');
  if (value < min || value > max) throw new FieldError(key, `outside ${min}..${max}`);
  return value;
}

export function readNullableNumber(fields: Fields, key: string, min: number, max: number): number | null {
  return fields[key] === null ? null : readNumber(fields, key, min, max);
}

export function readBoolean(fields: Fields, key: string): boolean {
  const value = fields[key];
  if (typeof value !== 'boolean') throw new FieldError(key, 'not a boolean');
  return value;
}

export function readOneOf<const T extends string>(fields: Fields, key: string, allowed: readonly T[]): T {
  const value = fields[key];
  const match = allowed.find((candidate) => candidate === value);
  if (match === undefined) throw new FieldError(key, `not one of ${allowed.join(', ')}`);
  return match;
}

/** Figma's postMessage carries Uint8Array and no other typed array (docs/figma-plugin-api.md, Messaging between sandbox and UI). */
export function readBytes(fields: Fields, key: string, max = MAX_MESSAGE_BYTES): Uint8Array {
  const value = fields[key];
  if (!(value instanceof Uint8Array)) throw new FieldError(key, 'not a Uint8Array');
  if (value.length === 0) throw new FieldError(key, 'empty');
  if (value.length > max) throw new FieldError(key, `more than ${max} bytes`);
  return value;
}

export function readArray<T>(
  fields: Fields,
  key: string,
  max: number,
  readItem: (item: unknown, field: string) => T,
): T[] {
  const value = fields[key];
  if (!Array.isArray(value)) throw new FieldError(key, 'not an array');
  if (value.length > max) throw new FieldError(key, `more than ${max} items`);
  return value.map((item: unknown, index) => readItem(item, `${key}[${index}]`));
}

export function nested<T>(field: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof FieldError) throw new FieldError(`${field}.${error.field}`, error.problem);
    throw error;
  }
}

/**
 * Runs a reader and turns any failure into data. Catches everything, not only FieldError: a hostile
 * object (a Proxy or a throwing getter posted by a navigated page) must not crash the plugin.
 */
export function runParser<T>(direction: string, read: () => T): ParseResult<T> {
  try {
    return { ok: true, message: read() };
  } catch (error) {
    const detail = error instanceof FieldError ? error.message : 'unreadable message';
    return { ok: false, error: appError('bad-message', badMessageText(direction, detail)) };
  }
}

function badMessageText(direction: string, detail: string): string {
  const text = `Ignored a malformed ${direction} message (${detail}). Reload the plugin if this persists.`;
  return text.length <= 200 ? text : `${text.slice(0, 197)}...`;
}
