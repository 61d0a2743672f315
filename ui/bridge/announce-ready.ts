// Says 'ui/ready' until the sandbox answers. In Figma the sandbox runs before the iframe loads, so the first
// one is heard (docs/figma-plugin-api.md, Messaging between sandbox and UI); a host that loads the UI first (a test page, the playground) would
// otherwise lose it and leave the panel on "Connecting…" forever. Repeats are harmless: the sandbox
// answers with settings and the selection, which the reducer simply takes again.
import type { UiMessage } from '../../common/protocol/messages';

export interface AnnounceReadyDeps {
  post(message: UiMessage): void;
  sleepAsync(ms: number): Promise<void>;
  /** True once any sandbox message has arrived. */
  answered(): boolean;
  intervalMs?: number;
  maxTries?: number;
}

/** Resolves true when the sandbox answered, false after the last try. */
export async function announceReadyAsync(deps: AnnounceReadyDeps): Promise<boolean> {
  const interval = deps.intervalMs ?? 1000;
  const tries = deps.maxTries ?? 30;
  for (let i = 0; i < tries; i++) {
    if (deps.answered()) return true;
    deps.post({ type: 'ui/ready' });
    await deps.sleepAsync(interval);
  }
  return deps.answered();
}
