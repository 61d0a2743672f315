// Validates what the sandbox posts to the UI. The sandbox is trusted code, but the UI still checks
// the shape so a version mismatch (an old cached UI, a new sandbox) shows a message instead of a crash.
import { SandboxMessageSchema, type SandboxMessage } from './messages';
import { parseWith, type ParseResult } from './parse-result';

export function parseSandboxMessage(value: unknown): ParseResult<SandboxMessage> {
  return parseWith('sandbox', SandboxMessageSchema, value);
}
