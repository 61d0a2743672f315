// The Content Security Policies the panel is tested under. Figma builds the plugin iframe's policy from the
// manifest's `networkAccess` but does not document it; the one seen in its own error text is `default-src data:`
// plus the listed domains (https://developers.figma.com/docs/plugins/making-network-requests). Inline script and
// style must be allowed (every plugin UI is one self-contained HTML file), so the plausible policies differ in
// what they leave out: blob: URLs, workers, WebAssembly. Each must still write a correct result through the
// fallback it leaves (docs/figma-iframe.md).

export const CSP_NAMES = ['allow-all', 'no-blob', 'no-worker-src', 'no-wasm', 'data-only'] as const;
export type CspName = (typeof CSP_NAMES)[number];

export function isCspName(value: string): value is CspName {
  return (CSP_NAMES as readonly string[]).includes(value);
}

/** The policy for `name`; `proxyOrigin` is the one host the panel may reach (the manifest's allowedDomains). */
export function figmaCsp(name: CspName, proxyOrigin: string): string | null {
  const proxy = proxyOrigin === '' ? '' : ` ${proxyOrigin}`;
  switch (name) {
    case 'allow-all':
      return null;
    case 'no-blob':
      // `*` matches no scheme but http(s), so blob: is refused for images, workers and fetches alike.
      return `default-src * data: 'unsafe-inline' 'wasm-unsafe-eval'`;
    case 'no-worker-src':
      return `default-src * data: blob: 'unsafe-inline' 'wasm-unsafe-eval'; worker-src 'none'`;
    case 'no-wasm':
      return `default-src * data: blob: 'unsafe-inline'`;
    case 'data-only':
      // Figma's documented fallback, with the inline script and style a plugin UI needs: no blob:, no wasm.
      return `default-src data:${proxy}; script-src 'unsafe-inline' data:; style-src 'unsafe-inline' data:`;
  }
}
