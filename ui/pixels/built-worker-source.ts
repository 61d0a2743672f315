// The pixel worker's source as the build inlined it: gzip-compressed and base64-encoded (scripts/build.mjs,
// workerDefinesAsync), so ui.html stays within its size budget. Inflated once per page, when the pipeline first
// starts a worker; a realm that cannot inflate it rejects, and the pipeline then runs on the main thread.
import { gunzipAsync } from './gunzip';

let source: Promise<string> | null = null;

export function builtWorkerSourceAsync(): Promise<string> {
  source ??= inflateAsync(__PIXEL_WORKER_GZIP__);
  source.catch(() => {
    source = null;
  });
  return source;
}

async function inflateAsync(base64: string): Promise<string> {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new TextDecoder().decode(await gunzipAsync(bytes));
}
