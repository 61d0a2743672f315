// Putting a frame back after Extend when its outpaint failed or was cancelled: "Extend and outpaint" is one action
// for the designer, so a run that wrote nothing must not leave a bigger, half-empty frame behind. Extend records
// what it changed (plugin/extend-artboard.ts); 'artboard/restore' undoes exactly that, without a commitUndo of its
// own, so the extend and its reversal stay inside the one undo step Extend opened
// (https://developers.figma.com/docs/plugins/api/properties/figma-commitundo). A frame the designer has changed
// since (another size) is left as it is: their edit wins over ours.
import type { SandboxMessage } from '../common/protocol/messages';
import type { CreatedNode, SandboxFigma, SandboxNode } from './sandbox-figma';

export type ExtendRecord =
  | {
      kind: 'resize';
      nodeId: string;
      before: { width: number; height: number; x: number; y: number };
      /** The fills as they were, or null when Extend did not touch them (an image layer). */
      fills: ReadonlyArray<Paint> | null;
      children: ReadonlyArray<{ id: string; x: number; y: number }>;
      /** The size Extend gave the frame: a frame no longer at this size was changed by the designer. */
      after: { width: number; height: number };
    }
  /** The frame Extend made beside the original: removed as a whole. */
  | { kind: 'new'; nodeId: string; frame: CreatedNode };

export interface ExtendRecords {
  remember(record: ExtendRecord): void;
  /** Puts the frame back (or removes the new frame); true when something was put back. */
  restoreAsync(nodeId: string): Promise<boolean>;
}

export const RESTORE_MESSAGES = {
  restored: 'Nothing was generated, so the frame is back to its size.',
  removed: 'Nothing was generated, so the new frame was removed.',
  leftAsIs: 'Nothing was generated. The frame was changed since, so it was left as it is.',
} as const;

export function restoredMessage(id: string, record: ExtendRecord | undefined, restored: boolean): SandboxMessage {
  const message = !restored
    ? RESTORE_MESSAGES.leftAsIs
    : record?.kind === 'new'
      ? RESTORE_MESSAGES.removed
      : RESTORE_MESSAGES.restored;
  return { type: 'artboard/restored', id, restored, message };
}

const same = (a: number, b: number | undefined): boolean => b !== undefined && Math.abs(a - b) < 1e-6;

export function createExtendRecords(
  figma: Pick<SandboxFigma, 'getNodeByIdAsync'>,
  options: { warn(message: string): void; leaveUndo(nodeId: string): void },
): ExtendRecords & { recordOf(nodeId: string): ExtendRecord | undefined } {
  const records = new Map<string, ExtendRecord>();

  const putBack = (node: SandboxNode, record: Extract<ExtendRecord, { kind: 'resize' }>): boolean => {
    if (!same(record.after.width, node.width) || !same(record.after.height, node.height)) return false;
    const resize = node.resizeWithoutConstraints ?? node.resize;
    if (!resize) return false;
    resize.call(node, record.before.width, record.before.height);
    if (record.fills !== null) node.fills = record.fills;
    const byId = new Map((node.children ?? []).map((child) => [child.id, child]));
    for (const saved of record.children) {
      const child = byId.get(saved.id);
      if (!child || child.removed) continue;
      child.x = saved.x;
      child.y = saved.y;
    }
    node.x = record.before.x;
    node.y = record.before.y;
    return true;
  };

  return {
    remember(record) {
      records.set(record.nodeId, record);
    },
    recordOf: (nodeId) => records.get(nodeId),
    async restoreAsync(nodeId) {
      const record = records.get(nodeId);
      if (!record) return false;
      records.delete(nodeId);
      options.leaveUndo(nodeId);
      const node = await figma.getNodeByIdAsync(nodeId);
      if (!node || node.removed) return false;
      try {
        if (record.kind === 'new') {
          record.frame.remove();
          return true;
        }
        return putBack(node, record);
      } catch (error) {
        options.warn(
          `Outpaint could not put the frame back: ${error instanceof Error ? error.message : String(error)}`,
        );
        return false;
      }
    },
  };
}
