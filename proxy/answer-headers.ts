// Headers on every answer of the proxy, from Hono's own middleware.
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';

/**
 * CORS for the null-origin plugin iframe: '*' is what Figma requires
 * (https://www.figma.com/plugin-docs/making-network-requests/), preflight allows the x-key + JSON POST, and
 * Retry-After (not CORS-safelisted) is exposed because the client reads it on 429
 * (https://hono.dev/docs/middleware/builtin/cors). A preflight on any path is answered 204 here.
 */
export const corsHeaders = cors({
  origin: '*',
  allowMethods: ['GET', 'POST', 'OPTIONS'],
  allowHeaders: ['x-key', 'content-type', 'accept'],
  exposeHeaders: ['Retry-After'],
  maxAge: 600,
});

/**
 * Every answer is inert: X-Content-Type-Options: nosniff and a CSP that allows nothing, so nothing served from the
 * proxy's origin (which answers CORS '*') can run as a page (https://hono.dev/docs/middleware/builtin/secure-headers).
 * Cross-Origin-Resource-Policy stays off because the plugin reads these answers cross-origin; HSTS is the
 * operator's call for their own domain.
 */
export const inertHeaders = secureHeaders({
  contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  crossOriginResourcePolicy: false,
  crossOriginOpenerPolicy: false,
  strictTransportSecurity: false,
});
