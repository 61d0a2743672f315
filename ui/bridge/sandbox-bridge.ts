// The iframe side of Figma's messaging (docs/figma-plugin-api.md, Messaging between sandbox and UI): send with
// parent.postMessage({pluginMessage}, '*'), receive event.data.pluginMessage. Every inbound message is
// validated before anything acts on it.
import type { AppError } from '../../common/protocol/errors';
import type { SandboxMessage, UiMessage } from '../../common/protocol/messages';

export type ParseSandboxMessage = (
  data: unknown,
) => { ok: true; message: SandboxMessage } | { ok: false; error: AppError };

export interface MessageSource {
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

export interface MessageSink {
  postMessage(message: unknown, targetOrigin: string): void;
}

/** Returns the function that sends one message to the sandbox. */
export function createSandboxPoster(parent: MessageSink): (message: UiMessage) => void {
  // '*' is required: the iframe's origin is null (https://developers.figma.com/docs/plugins/creating-ui).
  return (message) => parent.postMessage({ pluginMessage: message }, '*');
}

/** Listens for sandbox messages; returns the function that stops listening. */
export function listenToSandbox(
  source: MessageSource,
  parse: ParseSandboxMessage,
  onMessage: (message: SandboxMessage) => void,
  onRejected: (error: AppError) => void,
): () => void {
  const listener = (event: MessageEvent) => {
    const data: unknown = event.data;
    // Other frames (devtools, extensions) post too; only Figma's envelope is ours.
    if (typeof data !== 'object' || data === null || !('pluginMessage' in data)) return;
    const parsed = parse(data.pluginMessage);
    if (parsed.ok) onMessage(parsed.message);
    else onRejected(parsed.error);
  };
  source.addEventListener('message', listener);
  return () => source.removeEventListener('message', listener);
}
