// What scripts/build.mjs inlines into ui.html gzip-compressed, as long base64 strings: the PNG codec's wasm (the
// `?gzip` binary loader) and the pixel worker's source (workerDefinesAsync). Told apart by what they inflate to.
// Shared by the bench's size table (bench-bundle.mjs) and the security scan (test/security/support/build-bundles.ts).
import { gunzipSync } from 'node:zlib';

const WASM_MAGIC = Buffer.from([0, 0x61, 0x73, 0x6d]); // "\0asm"

/** Every base64 run long enough to be an inlined file; nothing else in the bundles is that long. */
export function base64Runs(source) {
  return [...source.matchAll(/[A-Za-z0-9+/]{10000,}={0,2}/g)].map((m) => m[0]);
}

/** ui.html's inlined parts: the base64 runs holding wasm, and the worker's source inflated ('' when absent). */
export function inlinedParts(uiHtml) {
  const wasmRuns = [];
  const workerRuns = [];
  let workerSource = '';
  for (const run of base64Runs(uiHtml)) {
    const bytes = gunzipSync(Buffer.from(run, 'base64'));
    if (bytes.subarray(0, 4).equals(WASM_MAGIC)) wasmRuns.push(run);
    else {
      workerRuns.push(run);
      workerSource = bytes.toString('utf8');
    }
  }
  return { wasmRuns, workerRuns, workerSource };
}
