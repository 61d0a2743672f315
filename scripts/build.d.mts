export interface BuildReport {
  ms: number;
  codeBytes: number;
  uiBytes: number;
  /** The pixel worker's source, inlined in ui.html. */
  workerBytes: number;
}
export function buildAll(): Promise<BuildReport>;
/** esbuild plugin: `import bytes from 'file?gzip'` inlines the file gzip-compressed as a Uint8Array. */
export const gzipBinaryPlugin: import('esbuild').Plugin;
/** The most dist/ui.html may weigh, in bytes (issue #11). */
export const UI_BUDGET_BYTES: number;
/** esbuild `define`s that carry a pixel worker's source into a page script, gzip-compressed (ui/pixels/built-worker-source.ts). */
export function workerDefinesAsync(workerSource: string): Promise<Record<string, string>>;
