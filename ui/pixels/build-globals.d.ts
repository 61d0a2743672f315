// Names esbuild provides at build time (scripts/build.mjs).

/** The pixel worker's bundled source (ui/worker/pixel-worker.ts), inlined by scripts/build.mjs `define`. */
declare const __PIXEL_WORKER_SOURCE__: string;

/** package.json's version, inlined by scripts/build.mjs `define` (shown in Settings → Diagnostics). */
declare const __OUTPAINT_VERSION__: string;

/** A file inlined gzip-compressed by scripts/build.mjs's gzipBinaryPlugin (`import bytes from 'file?gzip'`). */
declare module '*?gzip' {
  const bytes: Uint8Array<ArrayBuffer>;
  export default bytes;
}
