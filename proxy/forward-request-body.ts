// The submit body on its way upstream, never held whole. Anyone can send a body in pass-through mode (the proxy
// cannot check a user's key without calling BFL), so holding 20 MB per request let ten clients take half a gigabyte.
// - A declared Content-Length over the limit is refused before a byte is read.
// - A declared body within the limit is streamed upstream with its length; the runtime's HTTP parser keeps it to
//   that length.
// - A body without a length is read up to a small head: if it ends there it goes upstream whole, with its length
//   (and an oversize one is refused before anything is sent); otherwise it streams, counted, and is cut off the
//   moment it passes the limit, which fails the upstream request before it is complete.

import { untilAbortedAsync } from './upstream-deadline';

/** Bodies without a declared length are held up to this much before streaming starts. */
export const SMALL_BODY_BYTES = 1024 * 1024;

export interface ForwardedBody {
  body: Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array>;
  /** The length to declare upstream, when known. */
  length: number | null;
  /** True once a streamed body went past the limit (its upstream request then fails). */
  overflowed(): boolean;
  /** Resolves when the last byte has been handed on. */
  sent: Promise<void>;
}

/** Rejects when `signal` fires while the head of a body without a length is being read (a client that stalls). */
export async function forwardRequestBodyAsync(
  request: Request,
  limit: number,
  signal: AbortSignal,
): Promise<ForwardedBody | 'too-large'> {
  const declared = parseLength(request.headers.get('content-length'));
  if (declared !== null && declared > limit) return 'too-large';
  if (request.body === null) return whole([], 0);
  const reader = request.body.getReader();
  const head: Uint8Array[] = [];
  let seen = 0;
  if (declared === null) {
    const headLimit = Math.min(limit, SMALL_BODY_BYTES);
    while (seen <= headLimit) {
      const { done, value } = await untilAbortedAsync(reader.read(), signal).catch(async (error: unknown) => {
        await reader.cancel().catch(() => {});
        throw error;
      });
      if (done) return whole(head, seen);
      seen += value.byteLength;
      head.push(value);
    }
    if (seen > limit) {
      await reader.cancel().catch(() => {});
      return 'too-large';
    }
  }
  let overflowed = false;
  let markSent: () => void = () => {};
  const sent = new Promise<void>((resolve) => {
    markSent = resolve;
  });
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = head.shift();
      if (next !== undefined) return controller.enqueue(next);
      const { done, value } = await reader.read();
      if (done) {
        markSent();
        return controller.close();
      }
      seen += value.byteLength;
      if (seen > limit) {
        overflowed = true;
        await reader.cancel().catch(() => {});
        return controller.error(new Error('Request body larger than the limit'));
      }
      controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  return { body, length: declared, overflowed: () => overflowed, sent };
}

function whole(chunks: Uint8Array[], size: number): ForwardedBody {
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { body, length: size, overflowed: () => false, sent: Promise.resolve() };
}

function parseLength(value: string | null): number | null {
  return value !== null && /^\d{1,15}$/.test(value.trim()) ? Number(value.trim()) : null;
}
