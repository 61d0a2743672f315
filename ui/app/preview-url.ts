// URLs for the panel's <img> previews, made from the bytes the sandbox or the pipeline hands over. Figma's iframe
// policy is not documented and may refuse `blob:` images (only `default-src data:` is ever seen in its error
// texts: https://developers.figma.com/docs/plugins/making-network-requests), so the panel checks once whether a
// blob: image loads and otherwise uses data: URLs (docs/figma-iframe.md). Until that check has answered, data:
// URLs are used: they work under every policy a plugin UI can run under.
import type { ImageFormat } from '../../common/selection/report';
import { sniffImageFormat } from '../../common/pixels/read-image-header';
import { bytesToBase64 } from '../api/bytes-to-base64';

export type PreviewUrlMode = 'blob' | 'data' | 'checking';

export const PREVIEW_MIME: Record<ImageFormat, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  unknown: 'application/octet-stream',
};

/** A 1×1 transparent PNG: what the check loads as a blob: image. */
const PROBE_PNG = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='),
  (c) => c.charCodeAt(0),
);

export interface PreviewUrls {
  readonly mode: () => PreviewUrlMode;
  make(bytes: Uint8Array, format: ImageFormat): string;
  revoke(url: string): void;
  /** A blob: load was refused after all (a CSP violation reported it): use data: URLs from now on. */
  blobRefused(): void;
}

export interface PreviewUrlDeps {
  /** Resolves true when a blob: URL of `bytes` loads as an image here. */
  blobImageLoadsAsync(bytes: Uint8Array<ArrayBuffer>): Promise<boolean>;
  /** Told when the check answers, or a refusal turns blob: URLs off (diagnostics). */
  onModeChange?(mode: PreviewUrlMode): void;
}

/** Blob needs ArrayBuffer-backed bytes; messages always deliver those, so the copy is only a fallback. */
export function blobBytes(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const { buffer } = bytes;
  return buffer instanceof ArrayBuffer
    ? new Uint8Array(buffer, bytes.byteOffset, bytes.byteLength)
    : new Uint8Array(bytes);
}

export function createPreviewUrls(deps: PreviewUrlDeps): PreviewUrls {
  let mode: PreviewUrlMode = 'checking';
  const setMode = (next: PreviewUrlMode): void => {
    if (next === mode) return;
    mode = next;
    deps.onModeChange?.(next);
  };
  void deps.blobImageLoadsAsync(PROBE_PNG).then(
    (loads) => {
      if (mode === 'checking') setMode(loads ? 'blob' : 'data');
    },
    () => setMode('data'),
  );
  return {
    mode: () => mode,
    make(bytes, format) {
      // The selection may not know the format yet (the sandbox plans from sizes alone): the file's signature does.
      const sniffed = format === 'unknown' ? sniffImageFormat(bytes) : null;
      const type = sniffed ? `image/${sniffed}` : PREVIEW_MIME[format];
      if (mode === 'blob') return URL.createObjectURL(new Blob([blobBytes(bytes)], { type }));
      return `data:${type};base64,${bytesToBase64(bytes)}`;
    },
    revoke(url) {
      if (url.startsWith('blob:')) URL.revokeObjectURL(url);
    },
    blobRefused() {
      setMode('data');
    },
  };
}

/** Loads a blob: URL into an Image; false on error, on a CSP refusal, or after 3 s without an answer. */
export function browserBlobImageLoadsAsync(bytes: Uint8Array<ArrayBuffer>): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    let url: string;
    try {
      url = URL.createObjectURL(new Blob([bytes], { type: 'image/png' }));
    } catch {
      resolve(false);
      return;
    }
    const image = new Image();
    const done = (loads: boolean): void => {
      clearTimeout(timer);
      URL.revokeObjectURL(url);
      resolve(loads);
    };
    const timer = setTimeout(() => done(false), 3_000);
    image.onload = () => done(image.naturalWidth === 1);
    image.onerror = () => done(false);
    image.src = url;
  });
}
