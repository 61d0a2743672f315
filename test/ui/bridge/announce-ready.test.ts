import { describe, expect, it } from 'vitest';
import type { UiMessage } from '../../../common/protocol/messages';
import { announceReadyAsync } from '../../../ui/bridge/announce-ready';

describe('announce ready', () => {
  it('says ui/ready once when the sandbox answers at once', async () => {
    const sent: UiMessage[] = [];
    let answered = false;
    const ok = await announceReadyAsync({
      post: (m) => {
        sent.push(m);
        answered = true;
      },
      sleepAsync: async () => {},
      answered: () => answered,
    });
    expect(ok).toBe(true);
    expect(sent).toEqual([{ type: 'ui/ready' }]);
  });

  it('repeats ui/ready until a sandbox that loaded late answers', async () => {
    const sent: UiMessage[] = [];
    let sleeps = 0;
    const ok = await announceReadyAsync({
      post: (m) => sent.push(m),
      sleepAsync: async () => void sleeps++,
      answered: () => sleeps >= 3,
    });
    expect(ok).toBe(true);
    expect(sent).toHaveLength(3);
  });

  it('gives up after the last try when nobody answers', async () => {
    const sent: UiMessage[] = [];
    const ok = await announceReadyAsync({
      post: (m) => sent.push(m),
      sleepAsync: async () => {},
      answered: () => false,
      maxTries: 4,
    });
    expect(ok).toBe(false);
    expect(sent).toHaveLength(4);
  });
});
