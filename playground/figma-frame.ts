// How Figma frames a plugin's UI, reproduced for the playground and every browser test.
//
// Figma desktop shows the UI as an `about:srcdoc` page inside a `data:` frame: the origin is `null` and the page
// is NOT a secure context, so `crypto.randomUUID`, `crypto.subtle`, `navigator.clipboard`, storage and cookies
// are missing (docs/figma-iframe.md; Chromium's own error texts from inside plugin iframes, e.g.
// https://github.com/CoreBunch/Core-Framework/issues/11 and https://github.com/getseline/seline-js/issues/3).
// A sandboxed srcdoc iframe on http://127.0.0.1 is a secure context (loopback counts as trustworthy), which hid
// exactly the bugs that stop the plugin in Figma. So the host page here loads a small relay document from a
// `data:` URL, posts the panel's HTML to it, and the relay shows that HTML in a srcdoc iframe and passes
// messages both ways, as Figma's frame does.
//
// The relay is plain script in a string: it runs in the data: frame, which shares nothing with this module.

/** The key of the relay's own control messages (never a `pluginMessage`). */
export const FRAME_CONTROL = 'outpaintFigmaFrame';

const RELAY_DOCUMENT = `<!doctype html><html><head><meta charset="utf-8"><style>
html,body{margin:0;height:100%;overflow:hidden;background:transparent}
iframe{display:block;border:0;width:100%;height:100%}
</style></head><body><script>
(() => {
  const KEY = ${JSON.stringify(FRAME_CONTROL)};
  let panel = null;
  addEventListener('message', (event) => {
    const data = event.data;
    if (event.source === parent) {
      if (data && typeof data === 'object' && data[KEY] === 'load') {
        if (panel) panel.remove();
        panel = document.createElement('iframe');
        panel.title = String(data.title || 'Plugin UI');
        panel.addEventListener('load', () => parent.postMessage({ [KEY]: 'loaded' }, '*'), { once: true });
        panel.srcdoc = String(data.html);
        document.body.append(panel);
        return;
      }
      if (panel && panel.contentWindow) panel.contentWindow.postMessage(data, '*');
      return;
    }
    if (panel && event.source === panel.contentWindow) parent.postMessage(data, '*');
  });
  parent.postMessage({ [KEY]: 'ready' }, '*');
})();
</script></body></html>`;

/** The `src` of the host's iframe: the relay as a data: URL. */
export function figmaFrameUrl(): string {
  return `data:text/html;charset=utf-8,${encodeURIComponent(RELAY_DOCUMENT)}`;
}

/**
 * Puts a Content-Security-Policy `<meta>` first in the panel's `<head>`, so it governs every script, worker,
 * wasm compile, image and fetch of the panel (Figma applies the policy it builds from `networkAccess`).
 */
export function withContentSecurityPolicy(html: string, policy: string | null): string {
  if (policy === null) return html;
  const meta = `<meta http-equiv="Content-Security-Policy" content="${policy.replace(/"/g, '&quot;')}">`;
  const head = /<head[^>]*>/i.exec(html);
  if (!head) return `${meta}${html}`;
  const at = head.index + head[0].length;
  return `${html.slice(0, at)}${meta}${html.slice(at)}`;
}

export interface FigmaFrameHost {
  /** Resolves once the panel's document has loaded (Figma queues messages until then). */
  loaded: Promise<void>;
  /** Sends one message to the panel, as Figma delivers `figma.ui.postMessage`. */
  post(message: unknown): void;
}

/**
 * Loads the relay into `iframe`, then the panel's HTML into the relay. `onMessage` gets what the panel posts
 * to its parent (the relay's control messages are filtered out).
 */
export function mountFigmaFrame(
  iframe: HTMLIFrameElement,
  html: string,
  onMessage: (data: unknown) => void,
): FigmaFrameHost {
  let markLoaded: () => void = () => {};
  const loaded = new Promise<void>((resolve) => (markLoaded = resolve));
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (event.source !== iframe.contentWindow) return;
    const data = event.data;
    if (typeof data === 'object' && data !== null && FRAME_CONTROL in data) {
      const control = (data as Record<string, unknown>)[FRAME_CONTROL];
      if (control === 'ready')
        iframe.contentWindow?.postMessage({ [FRAME_CONTROL]: 'load', html, title: iframe.title }, '*');
      if (control === 'loaded') markLoaded();
      return;
    }
    onMessage(data);
  });
  iframe.src = figmaFrameUrl();
  return {
    loaded,
    post(message) {
      iframe.contentWindow?.postMessage(message, '*');
    },
  };
}
