// The sandbox on a thread of its own, for the bench (scripts/bench-batch.mjs): the figma fake, its file and the real
// controller in a worker, the panel in the calling thread. Figma runs a plugin's code apart from its UI (the UI is an
// iframe, docs/figma-platform.md, and each posted message is structured-cloned across); in one thread the sandbox's
// work would queue behind the panel's and be counted as the panel's. No vitest imports: bundled into the worker.
import { SETTINGS_KEY } from '../../../../plugin/controller';
import type { UiMessage } from '../../../../common/protocol/messages';
import type { Settings } from '../../../../common/settings';
import { createTestController } from '../../../plugin/controller-harness';
import { createFigmaFake } from '../../../fakes/figma-fake';
import { addFrameAsync, type FrameSpec, type SandboxBridge } from './engine-harness';

/** What the panel's thread sends the sandbox's thread. */
export type ToSandboxThread =
  | { kind: 'open'; frames: FrameSpec[]; settings: Settings; selectionDebounceMs: number }
  | { kind: 'ui'; seq: number; message: UiMessage }
  | { kind: 'close' };

/** What the sandbox's thread answers. */
export type FromSandboxThread =
  { kind: 'opened'; nodeIds: string[] } | { kind: 'delivered'; seq: number } | { kind: 'sandbox'; message: unknown };

/** The two ends of a worker's message port, as the worker and its creator each see it. */
export interface ThreadPort<In, Out> {
  postMessage(message: Out): void;
  on(event: 'message', handler: (message: In) => void): void;
  off(event: 'message', handler: (message: In) => void): void;
}

/**
 * The worker's side: on 'open', a new file with these frames (all selected), the settings in clientStorage and a
 * controller on it (the previous file's closed); then every 'ui' message goes to the sandbox and everything it posts
 * comes back. One worker serves a bench's whole run, so its code is as warm as the panel's.
 */
export function serveSandboxThread(port: ThreadPort<ToSandboxThread, FromSandboxThread>): void {
  /** The open file; messages come only after 'opened' (openSandboxThreadAsync waits for it). */
  let fake: ReturnType<typeof createFigmaFake> | null = null;
  let dispose = (): void => {};

  async function openAsync(open: Extract<ToSandboxThread, { kind: 'open' }>): Promise<string[]> {
    dispose();
    const file = createFigmaFake();
    fake = file;
    const nodeIds: string[] = [];
    for (const spec of open.frames) nodeIds.push((await addFrameAsync(file, spec)).frame.id);
    file.currentPage.selection = file.currentPage.children.slice();
    await file.clientStorage.setAsync(SETTINGS_KEY, open.settings);
    const original = file.ui.postMessage.bind(file.ui);
    file.ui.postMessage = (raw: unknown): void => {
      original(raw);
      port.postMessage({ kind: 'sandbox', message: raw });
    };
    const controller = createTestController(file, { selectionDebounceMs: open.selectionDebounceMs });
    dispose = () => {
      controller.dispose();
      file.ui.postMessage = original;
    };
    return nodeIds;
  }

  port.on('message', (message) => {
    switch (message.kind) {
      case 'open':
        void openAsync(message).then((nodeIds) => port.postMessage({ kind: 'opened', nodeIds }));
        return;
      case 'ui':
        void fake?.ui.sendFromUi(message.message).then(() => port.postMessage({ kind: 'delivered', seq: message.seq }));
        return;
      case 'close':
        dispose();
        return;
    }
  });
}

/**
 * The panel's side: opens the file on the sandbox thread and returns the bridge a panel talks through
 * (engine-harness.ts, openSplitPanelAsync) with the new frames' ids.
 */
export async function openSandboxThreadAsync(
  port: ThreadPort<FromSandboxThread, ToSandboxThread>,
  open: Omit<Extract<ToSandboxThread, { kind: 'open' }>, 'kind'>,
): Promise<{ bridge: SandboxBridge; nodeIds: string[]; close(): void }> {
  const listeners = new Set<(raw: unknown) => void>();
  const delivered = new Map<number, () => void>();
  let seq = 0;
  let opened: ((nodeIds: string[]) => void) | null = null;
  const onMessage = (message: FromSandboxThread): void => {
    if (message.kind === 'opened') opened?.(message.nodeIds);
    else if (message.kind === 'delivered') {
      delivered.get(message.seq)?.();
      delivered.delete(message.seq);
    } else for (const listener of [...listeners]) listener(message.message);
  };
  port.on('message', onMessage);
  const nodeIds = await new Promise<string[]>((resolve) => {
    opened = resolve;
    port.postMessage({ kind: 'open', ...open });
  });
  const bridge: SandboxBridge = {
    send(message) {
      const id = (seq += 1);
      return new Promise<void>((resolve) => {
        delivered.set(id, resolve);
        port.postMessage({ kind: 'ui', seq: id, message });
      });
    },
    listen(handler) {
      listeners.add(handler);
      return () => void listeners.delete(handler);
    },
  };
  return {
    bridge,
    nodeIds,
    close() {
      port.postMessage({ kind: 'close' });
      port.off('message', onMessage);
    },
  };
}
