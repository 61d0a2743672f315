// The worker side of threaded-fetch.mjs: runs each request with Node's http client (lighter than its fetch, as a
// browser's native network stack is) on keep-alive connections, and answers with the whole body, transferred (not
// copied) back to the calling thread.
import http from 'node:http';
import https from 'node:https';
import { parentPort } from 'node:worker_threads';

const agents = { 'http:': new http.Agent({ keepAlive: true }), 'https:': new https.Agent({ keepAlive: true }) };
/** @type {Map<number, () => void>} */
const running = new Map();

parentPort.on('message', (message) => {
  if (message.type === 'abort') {
    running.get(message.id)?.();
    return;
  }
  const { id, url, method, headers, body } = message;
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  let settled = false;
  const fail = (error, aborted = false) => {
    if (settled) return;
    settled = true;
    running.delete(id);
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error), aborted });
  };
  const req = client.request(target, { method, headers: Object.fromEntries(headers), agent: agents[target.protocol] });
  running.set(id, () => {
    req.destroy();
    fail('aborted', true);
  });
  req.on('error', (error) => fail(error));
  req.on('response', (res) => {
    const chunks = [];
    res.on('data', (chunk) => chunks.push(chunk));
    res.on('error', (error) => fail(error));
    res.on('end', () => {
      if (settled) return;
      settled = true;
      running.delete(id);
      const whole = Buffer.concat(chunks);
      // Transferred as is when the body has its own buffer (any body over Node's 4 KB pool); copied out of the pool otherwise.
      const own = whole.byteOffset === 0 && whole.byteLength === whole.buffer.byteLength;
      const bytes = own ? whole.buffer : whole.buffer.slice(whole.byteOffset, whole.byteOffset + whole.byteLength);
      const answerHeaders = [];
      for (let i = 0; i < res.rawHeaders.length; i += 2) answerHeaders.push([res.rawHeaders[i], res.rawHeaders[i + 1]]);
      parentPort.postMessage(
        { id, status: res.statusCode, statusText: res.statusMessage ?? '', headers: answerHeaders, body: bytes },
        [bytes],
      );
    });
  });
  req.end(body ?? undefined);
});
