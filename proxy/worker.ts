// Cloudflare Workers entry (`wrangler deploy`, see README.md). Configuration comes from the Worker's environment
// under the names in proxy-config.ts, the same as on Node: vars UPSTREAM, MAX_BODY_BYTES, MAX_DELIVERY_BYTES;
// secrets BFL_API_KEY and TEAM_TOKEN (both set = team mode with a server-held key; neither = pass-through of the
// user's key; one alone = every request answers 500 and logs why).
import type { Hono } from 'hono';
import { createApp } from './create-app';
import { createMisconfiguredApp } from './misconfigured-app';
import { readProxyConfig, type ProxyEnv } from './proxy-config';

export type WorkerEnv = ProxyEnv;

let cached: { env: WorkerEnv; app: Hono } | null = null;

function appFor(env: WorkerEnv): Hono {
  if (cached && cached.env === env) return cached.app;
  const { config, error } = readProxyConfig(env);
  const app =
    config === undefined
      ? createMisconfiguredApp(error, (line) => console.error(line))
      : createApp({
          fetch: (input, init) => fetch(input, init),
          upstream: config.upstream,
          keyMode: config.keyMode,
          ...(config.maxBodyBytes === undefined ? {} : { maxBodyBytes: config.maxBodyBytes }),
          ...(config.maxDeliveryBytes === undefined ? {} : { maxDeliveryBytes: config.maxDeliveryBytes }),
        });
  cached = { env, app };
  return app;
}

export default {
  fetch(request: Request, env: WorkerEnv): Response | Promise<Response> {
    return appFor(env).fetch(request, env);
  },
};
