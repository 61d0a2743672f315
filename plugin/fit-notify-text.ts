// figma.notify shows at most 100 characters (docs/figma-plugin-api.md, Other APIs): longer text is cut by Figma
// mid-word, so shorten it here with an ellipsis instead.
import { NOTIFY_MAX_CHARS } from '../common/protocol/errors';

export function fitNotifyText(text: string): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= NOTIFY_MAX_CHARS) return clean;
  return `${clean.slice(0, NOTIFY_MAX_CHARS - 1).trimEnd()}…`;
}
