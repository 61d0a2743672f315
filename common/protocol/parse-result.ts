// Runs a protocol schema over an untrusted value and turns the first problem into data: a 'bad-message' AppError that
// names the field ("selection.targets[0].plan.quarterTurns: not one of (0 | 1 | 2 | 3)"), never an exception.
import * as v from 'valibot';
import { appError, type AppError } from './errors';

export type ParseResult<T> = { ok: true; message: T } | { ok: false; error: AppError };

/**
 * Stop at the first issue (https://valibot.dev/guides/parse-data/, abortEarly): the warning names one field, and a
 * hostile value is not walked to its end once something is wrong.
 */
export const FIRST_ISSUE = { abortEarly: true } as const;

/**
 * Parses `value` with `schema`. Catches everything, not only invalid data: a hostile object (a Proxy or a throwing
 * getter posted by a navigated page) must not crash the plugin.
 */
export function parseWith<TSchema extends v.GenericSchema>(
  direction: string,
  schema: TSchema,
  value: unknown,
): ParseResult<v.InferOutput<TSchema>> {
  let detail: string;
  try {
    const result = v.safeParse(schema, value, FIRST_ISSUE);
    if (result.success) return { ok: true, message: result.output };
    detail = describeIssue(result.issues[0]);
  } catch {
    detail = 'unreadable message';
  }
  return { ok: false, error: appError('bad-message', badMessageText(direction, detail)) };
}

/** "field.path[0].name: problem", worded from the issue's kind (https://valibot.dev/guides/issues/) and never echoing the value. */
export function describeIssue(issue: v.BaseIssue<unknown>): string {
  return `${fieldPath(issue.path)}: ${problemOf(issue)}`;
}

function fieldPath(path: v.BaseIssue<unknown>['path']): string {
  let text = '';
  for (const item of path ?? []) {
    const key = String(item.key);
    text += item.type === 'array' ? `[${key}]` : text === '' ? key : `.${key}`;
  }
  return text === '' ? 'message' : text;
}

function problemOf(issue: v.BaseIssue<unknown>): string {
  if (issue.expected === 'Object') return 'not an object';
  const unit = typeof issue.input === 'string' ? 'characters' : issue.input instanceof Uint8Array ? 'bytes' : 'items';
  const requirement = String(issue.requirement);
  switch (issue.type) {
    case 'object':
      return 'missing';
    case 'string':
      return 'not a string';
    case 'number':
    case 'finite':
      return 'not a finite number';
    case 'integer':
      return 'not an integer';
    case 'boolean':
      return 'not a boolean';
    case 'array':
      return 'not an array';
    case 'instance':
      return `not a ${issue.expected ?? 'known object'}`;
    case 'picklist':
    case 'literal':
    case 'variant':
      return `not one of ${issue.expected ?? 'the allowed values'}`;
    case 'min_length':
      return requirement === '1' ? 'empty' : `fewer than ${requirement} ${unit}`;
    case 'max_length':
      return `more than ${requirement} ${unit}`;
    case 'min_value':
      return `below ${requirement}`;
    case 'max_value':
      return `above ${requirement}`;
    default:
      // check() and regex() carry their own words.
      return issue.message;
  }
}

/** The detail is shortened, never the advice after it: a long list of allowed values must not cut "Reload the plugin". */
const MAX_DETAIL_CHARS = 120;

function badMessageText(direction: string, detail: string): string {
  const short = detail.length <= MAX_DETAIL_CHARS ? detail : `${detail.slice(0, MAX_DETAIL_CHARS - 3)}...`;
  return `Ignored a malformed ${direction} message (${short}). Reload the plugin if this persists.`;
}
