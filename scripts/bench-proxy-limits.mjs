// Proxy bench, limits: the Node proxy's memory under clients that hold it, as a ratio to its idle RSS (issue #12
// item 3). The proxy runs as its own process (`proxy/node-main.ts`, pass-through mode) against a scripted upstream
// on loopback; RSS comes from /proc for the proxy's pid (test/proxy/load-harness.ts).
// - Slow bodies: N clients each declare a 20 MB submit, send most of it at once and then trickle, holding their
//   requests open; a proxy that buffered bodies would hold N × 20 MB.
// - HEADs: M concurrent HEAD /delivery on a 16 MB image; a HEAD must download nothing and hold no upstream socket.
// Usage: node scripts/bench-proxy-limits.mjs [--slow 10] [--heads 100]
import { connect } from 'node:net';
import { parseArgs } from 'node:util';
import { tsImport } from 'tsx/esm/api';

// Not strict: `npm run bench` passes its arguments to every part.
const { values } = parseArgs({
  strict: false,
  options: { slow: { type: 'string', default: '10' }, heads: { type: 'string', default: '100' } },
});
const slowClients = Number(values.slow);
const heads = Number(values.heads);
for (const [name, value] of [
  ['--slow', slowClients],
  ['--heads', heads],
]) {
  if (!Number.isInteger(value) || value < 1) {
    console.error(`${name} must be a whole number of at least 1`);
    process.exit(2);
  }
}

const harness = await tsImport('../test/proxy/load-harness.ts', import.meta.url);
const { startScriptedUpstreamAsync } = await tsImport('../test/proxy/scripted-upstream-server.ts', import.meta.url);
const MB = 1024 * 1024;
const BODY_BYTES = 20 * MB;
const SENT_AT_ONCE = 19 * MB;
const IMAGE = Buffer.alloc(16 * MB, 7);

const upstream = await startScriptedUpstreamAsync();
upstream.handle = (req, res) => {
  if (req.url?.startsWith('/delivery/')) {
    res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': String(IMAGE.length) });
    return req.method === 'HEAD' ? res.end() : res.end(IMAGE);
  }
  // Submits: read the body as it comes, answer once it is complete (the slow ones never are).
  req.resume();
  req.on('end', () => res.end('{"id":"t"}'));
};
const sleepAsync = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Highest RSS of `pid` while `work` runs, sampled every 20 ms. */
async function peakWhileAsync(pid, work) {
  const rss = () => harness.rssBytes(pid) ?? 0;
  let peak = rss();
  const timer = setInterval(() => (peak = Math.max(peak, rss())), 20);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, rss());
}

/** A fresh proxy process per scenario, so each ratio is against its own idle RSS. */
async function measureAsync(label, work) {
  const proxy = await harness.startNodeProxyProcessAsync(upstream.url);
  try {
    await sleepAsync(500);
    const idle = harness.rssBytes(proxy.pid) ?? 0;
    const peak = await peakWhileAsync(proxy.pid, () => work(proxy));
    return [label, idle, peak];
  } finally {
    await proxy.closeAsync();
  }
}

const rows = [];
let headNote = '';
try {
  rows.push(
    await measureAsync(
      `${slowClients} slow-body clients (20 MB declared, 19 MB sent, then a trickle for 3 s)`,
      async (proxy) => {
        const port = Number(new URL(proxy.baseUrl).port);
        const sockets = [];
        try {
          for (let i = 0; i < slowClients; i++) {
            const socket = connect(port, '127.0.0.1');
            socket.on('error', () => {});
            sockets.push(socket);
            socket.write(
              `POST /v1/flux-tools/outpainting-v1 HTTP/1.1\r\nHost: proxy\r\nx-key: any-key\r\nContent-Type: application/json\r\nContent-Length: ${BODY_BYTES}\r\n\r\n`,
            );
            socket.write(Buffer.alloc(SENT_AT_ONCE, 0x41));
          }
          for (let t = 0; t < 30; t++) {
            for (const socket of sockets) socket.write('A');
            await sleepAsync(100);
          }
        } finally {
          for (const socket of sockets) socket.destroy();
        }
      },
    ),
  );
  rows.push(
    await measureAsync(`${heads} concurrent HEAD /delivery of a 16 MB image`, async (proxy) => {
      const delivery = `${proxy.baseUrl}/delivery?u=${encodeURIComponent(`${upstream.url}/delivery/eu1/sample.png`)}`;
      const before = upstream.exchanges.length;
      await Promise.all(Array.from({ length: heads }, () => fetch(delivery, { method: 'HEAD' }).then((r) => r.status)));
      const exchanges = upstream.exchanges.slice(before);
      const downloaded = exchanges.reduce((sum, e) => sum + e.bytesWritten, 0);
      headNote = `HEADs: ${exchanges.filter((e) => e.method === 'HEAD').length}/${exchanges.length} went upstream as HEAD, ${downloaded} image bytes downloaded, ${await upstream.openConnectionsAsync()} upstream sockets still open (idle keep-alive).`;
    }),
  );

  console.log('Node proxy process RSS (pass-through mode, loopback; a fresh process per row):\n');
  const table = [
    ['load', 'idle MB', 'peak MB', 'peak / idle'],
    ...rows.map(([label, idle, peak]) => [
      label,
      (idle / MB).toFixed(0),
      (peak / MB).toFixed(0),
      `${(peak / idle).toFixed(2)}×`,
    ]),
  ];
  const widths = table[0].map((_, c) => Math.max(...table.map((r) => r[c].length)));
  for (const row of table) console.log(row.map((cell, c) => cell.padEnd(widths[c])).join('  '));
  console.log(`\n${headNote}`);
} finally {
  await upstream.closeAsync();
}
