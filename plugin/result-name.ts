// The name a designer sees on generated layers and frames, so nobody mistakes generated pixels for
// the original photo (docs/designer-expectations.md #6: "label generated layers as generated").
import type { ResultMeta } from '../common/protocol/messages';

export function resultName(meta: ResultMeta): string {
  const engine = meta.engine === 'flux' ? `FLUX ${meta.mode}` : 'offline';
  return `Outpainted · ${engine} · ${meta.createdAt.slice(0, 10)}`;
}
