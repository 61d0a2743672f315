// Names esbuild provides at build time (scripts/build.mjs).

/**
 * The pixel worker's bundled source (ui/worker/pixel-worker.ts), gzip-compressed and base64-encoded, inlined by
 * scripts/build.mjs `define` (workerDefinesAsync); ui/pixels/built-worker-source.ts inflates it.
 */
declare const __PIXEL_WORKER_GZIP__: string;

/** package.json's version, inlined by scripts/build.mjs `define` (shown in Settings → Diagnostics). */
declare const __OUTPAINT_VERSION__: string;

/** A file inlined gzip-compressed by scripts/build.mjs's gzipBinaryPlugin (`import bytes from 'file?gzip'`). */
declare module '*?gzip' {
  const bytes: Uint8Array<ArrayBuffer>;
  export default bytes;
}
