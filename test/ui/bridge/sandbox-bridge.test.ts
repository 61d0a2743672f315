import { describe, expect, it } from 'vitest';
import type { AppError } from '../../../common/protocol/errors';
import type { SandboxMessage } from '../../../common/protocol/messages';
import { parseSandboxMessage } from '../../../common/protocol/parse-sandbox-message';
import { createSandboxPoster, listenToSandbox, type MessageSource } from '../../../ui/bridge/sandbox-bridge';
import { DEFAULT_SETTINGS } from '../../../common/settings';

class FakeWindow implements MessageSource {
  listeners = new Set<(event: MessageEvent) => void>();
  addEventListener(_type: 'message', listener: (event: MessageEvent) => void) {
    this.listeners.add(listener);
  }
  removeEventListener(_type: 'message', listener: (event: MessageEvent) => void) {
    this.listeners.delete(listener);
  }
  receive(data: unknown) {
    for (const l of this.listeners) l(new MessageEvent('message', { data }));
  }
}

describe('sandbox bridge', () => {
  it("wraps outgoing messages in Figma's pluginMessage envelope with target '*'", () => {
    const posted: [unknown, string][] = [];
    createSandboxPoster({ postMessage: (message, origin) => posted.push([message, origin]) })({ type: 'ui/ready' });
    expect(posted).toEqual([[{ pluginMessage: { type: 'ui/ready' } }, '*']]);
  });

  it('passes on valid sandbox messages and reports invalid ones without acting on them', () => {
    const win = new FakeWindow();
    const got: SandboxMessage[] = [];
    const rejected: AppError[] = [];
    const stop = listenToSandbox(
      win,
      parseSandboxMessage,
      (m) => got.push(m),
      (e) => rejected.push(e),
    );
    win.receive({ pluginMessage: { type: 'settings/loaded', settings: DEFAULT_SETTINGS }, pluginId: 'x' });
    win.receive({ pluginMessage: { type: 'image/bytes', hash: 'h', bytes: 'not bytes' } });
    win.receive({ somethingElse: true });
    win.receive('devtools noise');
    expect(got).toEqual([{ type: 'settings/loaded', settings: DEFAULT_SETTINGS }]);
    expect(rejected).toHaveLength(1);
    stop();
    win.receive({ pluginMessage: { type: 'settings/loaded', settings: DEFAULT_SETTINGS } });
    expect(got).toHaveLength(1);
  });
});
