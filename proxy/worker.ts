// Cloudflare Workers entry (`wrangler deploy`, see README.md). Configuration comes from the
// Worker's environment: vars UPSTREAM, HOST_SUFFIX, MAX_BODY_BYTES, MAX_DELIVERY_BYTES; secrets BFL_API_KEY and
// TEAM_TOKEN (both set = team mode with a server-held key; neither = pass-through of the user's key).
import type { Hono } from 'hono';
import { createApp, type KeyMode } from './create-app';

export interface WorkerEnv {
  UPSTREAM?: string;
  HOST_SUFFIX?: string;
  MAX_BODY_BYTES?: string;
  MAX_DELIVERY_BYTES?: string;
  BFL_API_KEY?: string;
  TEAM_TOKEN?: string;
}

let cached: { env: WorkerEnv; app: Hono } | null = null;

export function keyModeFromEnv(env: WorkerEnv): KeyMode {
  if (env.BFL_API_KEY && env.TEAM_TOKEN) return { kind: 'team', teamToken: env.TEAM_TOKEN, serverKey: env.BFL_API_KEY };
  return { kind: 'pass-through' };
}

function appFor(env: WorkerEnv): Hono {
  if (cached && cached.env === env) return cached.app;
  const maxBody = Number(env.MAX_BODY_BYTES);
  const maxDelivery = Number(env.MAX_DELIVERY_BYTES);
  const app = createApp({
    fetch: (input, init) => fetch(input, init),
    ...(env.UPSTREAM ? { upstream: env.UPSTREAM } : {}),
    ...(env.HOST_SUFFIX ? { hostSuffix: env.HOST_SUFFIX } : {}),
    ...(Number.isFinite(maxBody) && maxBody > 0 ? { maxBodyBytes: maxBody } : {}),
    ...(Number.isFinite(maxDelivery) && maxDelivery > 0 ? { maxDeliveryBytes: maxDelivery } : {}),
    keyMode: keyModeFromEnv(env),
  });
  cached = { env, app };
  return app;
}

export default {
  fetch(request: Request, env: WorkerEnv): Response | Promise<Response> {
    return appFor(env).fetch(request, env);
  },
};
