// Inflates gzip bytes the build inlined compressed (scripts/build.mjs): the PNG codec's wasm and the pixel worker's
// source. DecompressionStream is Baseline 2023 and not limited to secure contexts, so Figma's plugin iframe has it
// (https://developer.mozilla.org/en-US/docs/Web/API/DecompressionStream); a realm without it rejects here.

export async function gunzipAsync(gzipped: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer> {
  const inflated = new Blob([gzipped]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(inflated).arrayBuffer();
}
