// Reads an upstream answer's body up to `limit` bytes; null when it is larger. Content-Length is checked first so an
// honest oversize body is refused before any of it is read; a missing or lying header is caught while reading.
// Rejects with the signal's reason when `signal` fires mid-read (a stalled upstream), cancelling the body.
import { untilAbortedAsync } from './upstream-deadline';

export async function readLimitedBodyAsync(
  source: Response,
  limit: number,
  signal: AbortSignal,
): Promise<Uint8Array<ArrayBuffer> | null> {
  const declared = Number(source.headers.get('content-length') ?? '0');
  if (Number.isFinite(declared) && declared > limit) {
    await source.body?.cancel().catch(() => {});
    return null;
  }
  if (!source.body) return new Uint8Array(0);
  const reader = source.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await untilAbortedAsync(reader.read(), signal);
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => {});
        return null;
      }
      chunks.push(value);
    }
  } catch (error) {
    await reader.cancel().catch(() => {});
    throw error;
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
