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
