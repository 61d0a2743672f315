// Validates what the UI iframe posts to the sandbox. The UI is the less trusted side: if it were
// ever navigated, any page could post to the sandbox (docs/figma-plugin-api.md, Messaging between sandbox and UI), so every field is checked.
import { UiMessageSchema, type UiMessage } from './messages';
import { parseWith, type ParseResult } from './parse-result';

export function parseUiMessage(value: unknown): ParseResult<UiMessage> {
  return parseWith('UI', UiMessageSchema, value);
}
