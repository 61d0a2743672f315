// Team deployments hold the real BFL key on the server; the plugin presents a team token instead. Hono's
// timingSafeEqual (https://github.com/honojs/hono/blob/main/src/utils/buffer.ts, the helper behind its bearer-auth
// middleware, https://hono.dev/docs/middleware/builtin/bearer-auth) compares SHA-256 digests of both strings and then
// the strings themselves, each without an early exit, so the answer time does not reveal where a guess first differs.
// Workers have no node:crypto timingSafeEqual; this runs on both.
import { timingSafeEqual } from 'hono/utils/buffer';

export async function tokensMatchAsync(presented: string, expected: string): Promise<boolean> {
  if (expected === '') return false;
  return timingSafeEqual(presented, expected);
}
