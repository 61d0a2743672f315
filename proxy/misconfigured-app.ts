// What a Worker with a broken configuration runs instead of the proxy: 500 with the reason to every request (with
// CORS, so the plugin can show it). Workers have no start-up step that could refuse to run (Node exits instead,
// node-main.ts), so the reason is logged on every request, where `wrangler tail` and the dashboard's logs show it
// (https://developers.cloudflare.com/workers/observability/logs/real-time-logs/).
import { Hono } from 'hono';
import { corsHeaders, inertHeaders } from './answer-headers';

export function createMisconfiguredApp(reason: string, log: (line: string) => void): Hono {
  const app = new Hono();
  app.use('*', inertHeaders);
  app.use('*', corsHeaders);
  app.all('*', (c) => {
    log(`Outpaint proxy misconfigured: ${reason}`);
    return c.json({ detail: `Proxy misconfigured: ${reason}` }, 500);
  });
  return app;
}
