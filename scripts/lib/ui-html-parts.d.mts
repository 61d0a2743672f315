/** Every base64 run long enough to be an inlined file. */
export function base64Runs(source: string): string[];
/** ui.html's inlined parts: the base64 runs holding wasm and the worker, and the worker's source inflated. */
export function inlinedParts(uiHtml: string): { wasmRuns: string[]; workerRuns: string[]; workerSource: string };
