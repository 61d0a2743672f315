// A fetch whose HTTP work runs on a worker thread, for the benches that time the panel. In Figma the panel is a
// browser page: its fetch hands the request to the browser's network stack, which runs outside the page's thread.
// Node's fetch (undici) is JavaScript on the calling thread instead; in a one-thread harness its connection, parsing
// and body handling (~40 % of the panel's thread while a batch submits, by a CPU profile) would be counted as the
// plugin's own time. The page's share stays here: the request goes out as one structured-cloned message (as a body
// is copied to a browser's network process), and each answer comes back buffered, as a Response built on this
// thread. Usage: const net = createThreadedFetch(); net.fetch(url, init); … net.close().
import { Worker } from 'node:worker_threads';

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

export function createThreadedFetch() {
  const worker = new Worker(new URL('./fetch-thread.mjs', import.meta.url));
  // Held by the process only while a request is out, so a bench that forgets close() still exits.
  worker.unref();
  /** @type {Map<number, { resolve: (r: Response) => void, reject: (e: unknown) => void, done: () => void }>} */
  const pending = new Map();
  let ids = 0;

  worker.on('message', (reply) => {
    const call = pending.get(reply.id);
    if (!call) return;
    pending.delete(reply.id);
    if (pending.size === 0) worker.unref();
    call.done();
    if (reply.error !== undefined) {
      call.reject(
        reply.aborted ? new DOMException('This operation was aborted', 'AbortError') : new TypeError(reply.error),
      );
      return;
    }
    const body = NULL_BODY_STATUSES.has(reply.status) ? null : reply.body;
    call.resolve(new Response(body, { status: reply.status, statusText: reply.statusText, headers: reply.headers }));
  });
  worker.on('error', (error) => {
    for (const call of pending.values()) call.reject(error);
    pending.clear();
  });

  /** @type {(url: string | URL, init?: RequestInit) => Promise<Response>} */
  const threadedFetch = (url, init = {}) =>
    new Promise((resolve, reject) => {
      const signal = init.signal ?? undefined;
      if (signal?.aborted) {
        reject(new DOMException('This operation was aborted', 'AbortError'));
        return;
      }
      const body = init.body;
      if (body !== undefined && body !== null && typeof body !== 'string' && !ArrayBuffer.isView(body)) {
        reject(new TypeError('threaded fetch: only string and byte bodies are supported'));
        return;
      }
      const id = (ids += 1);
      const onAbort = () => worker.postMessage({ type: 'abort', id });
      signal?.addEventListener('abort', onAbort, { once: true });
      pending.set(id, { resolve, reject, done: () => signal?.removeEventListener('abort', onAbort) });
      worker.ref();
      worker.postMessage({
        type: 'fetch',
        id,
        url: String(url),
        method: init.method ?? 'GET',
        headers: [...new Headers(init.headers).entries()],
        body: body ?? null,
      });
    });

  return {
    fetch: threadedFetch,
    close: () => worker.terminate(),
  };
}
