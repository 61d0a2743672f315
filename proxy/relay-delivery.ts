// A delivery download as the plugin gets it: inert image bytes. The proxy's origin answers with CORS `*`, so
// anything it relays must not be able to act as a page: only PNG, JPEG and WebP are passed on (what
// output_format can produce, https://docs.bfl.ai/flux_tools/flux_outpainting), under the content type the proxy
// names itself; X-Content-Type-Options: nosniff and Content-Security-Policy: default-src 'none' come from the app's
// secure-headers middleware on every answer. Anything else is refused with 502.
//
// Content-Encoding: both runtimes' fetch() decode gzip themselves (undici on Node, workerd on Workers) but keep the
// upstream's Content-Encoding and compressed Content-Length headers, so a gzip body is relayed decoded with
// neither header (the length is then unknown and the answer is chunked). Other encodings are not decoded the same
// way on both runtimes (workerd leaves br and deflate as they are), so they are refused rather than relayed as
// bytes that are not the image.
import { jsonResponse } from './json-response';
import { untilAbortedAsync, type UpstreamDeadline } from './upstream-deadline';

const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/webp']);

export function relayDelivery(res: Response, deadline: UpstreamDeadline, maxBytes: number): Response {
  const refuse = (status: number, detail: string): Response => {
    deadline.clear();
    void res.body?.cancel().catch(() => {});
    return jsonResponse(status, { detail });
  };
  // Expired links are 403 from Azure SAS (docs/bfl-api.md, Delivery URLs); the client needs the status, not the XML.
  if (res.status < 200 || res.status >= 300) return refuse(res.status, `The delivery host answered ${res.status}`);
  if (res.status !== 200) return refuse(502, `The delivery host answered ${res.status} instead of an image`);
  const type = (res.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!IMAGE_TYPES.has(type)) return refuse(502, 'The delivery is not a PNG, JPEG or WebP image');
  const encoding = (res.headers.get('content-encoding') ?? '').trim().toLowerCase();
  if (encoding !== '' && encoding !== 'identity' && encoding !== 'gzip')
    return refuse(502, `The delivery uses a content encoding the proxy does not relay`);
  const declared = encoding === 'gzip' ? null : (res.headers.get('content-length') ?? null);
  if (declared !== null && !/^\d{1,15}$/.test(declared)) return refuse(502, 'The delivery declared an invalid length');
  if (declared !== null && Number(declared) > maxBytes)
    return refuse(502, `Upstream image larger than ${Math.round(maxBytes / 1048576)} MB`);

  const headers = new Headers({ 'Content-Type': type, 'Cache-Control': 'no-store' });
  if (declared !== null) headers.set('Content-Length', declared);
  if (res.body === null) {
    deadline.clear();
    return new Response(null, { status: 200, headers });
  }
  return new Response(relayBody(res.body, deadline, maxBytes), { status: 200, headers });
}

/**
 * Streams the image through, never holding it whole. The stream errors (a failed download, not a short image) past
 * `maxBytes` or when the deadline fires, and cancelling it (the client went away) cancels the upstream body at once.
 */
function relayBody(
  body: ReadableStream<Uint8Array>,
  deadline: UpstreamDeadline,
  maxBytes: number,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let seen = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await untilAbortedAsync(reader.read(), deadline.signal);
        if (done) {
          deadline.clear();
          return controller.close();
        }
        seen += value.byteLength;
        if (seen > maxBytes) throw new Error('Upstream image larger than the delivery limit');
        controller.enqueue(value);
      } catch (error) {
        deadline.clear();
        void reader.cancel(error).catch(() => {});
        controller.error(error);
      }
    },
    cancel(reason) {
      deadline.clear();
      return reader.cancel(reason);
    },
  });
}
