// The proxy's configuration from its environment, read the same way on Node (process.env, node-main.ts) and on
// Cloudflare Workers (vars and secrets, worker.ts), so the variable names are named here once. A setting that is
// half there or malformed is an error, never a silent fallback: one team secret without the other used to run the
// proxy in pass-through mode and forward team tokens to BFL as keys.
import { BFL_API_ORIGIN } from '../common/bfl-endpoints';
import { policyForUpstream } from './upstream-policy';
import type { KeyMode } from './key-mode';

export const ENV_NAMES = {
  /** API origin: https://api.bfl.ai (default), a regional https://api.<region>.bfl.ai, or a loopback fake. */
  upstream: 'UPSTREAM',
  /** Largest submit body in bytes (default 20 MB). */
  maxBodyBytes: 'MAX_BODY_BYTES',
  /** Largest delivered image in bytes (default 32 MB). */
  maxDeliveryBytes: 'MAX_DELIVERY_BYTES',
  /** Team mode, with TEAM_TOKEN: the BFL key the proxy sends upstream. A secret. */
  serverKey: 'BFL_API_KEY',
  /** Team mode, with BFL_API_KEY: the token the plugin presents instead of a key. A secret. */
  teamToken: 'TEAM_TOKEN',
} as const;

export type ProxyEnv = { readonly [name in (typeof ENV_NAMES)[keyof typeof ENV_NAMES]]?: string | undefined };

export interface ProxyConfig {
  upstream: string;
  keyMode: KeyMode;
  maxBodyBytes?: number;
  maxDeliveryBytes?: number;
}

export type ProxyConfigResult = { config: ProxyConfig; error?: undefined } | { config?: undefined; error: string };

/** Shorter team tokens are refused: the token is all that stands between the internet and the team's key. */
export const MIN_TEAM_TOKEN_LENGTH = 16;

export function readProxyConfig(env: ProxyEnv): ProxyConfigResult {
  const serverKey = env[ENV_NAMES.serverKey] ?? '';
  const teamToken = env[ENV_NAMES.teamToken] ?? '';
  if ((serverKey === '') !== (teamToken === '')) {
    const [set, unset] =
      serverKey === '' ? [ENV_NAMES.teamToken, ENV_NAMES.serverKey] : [ENV_NAMES.serverKey, ENV_NAMES.teamToken];
    return {
      error: `${set} is set but ${unset} is not. Set both for team mode (the proxy sends its own key), or neither for pass-through (each designer's own key).`,
    };
  }
  if (teamToken !== '' && teamToken.length < MIN_TEAM_TOKEN_LENGTH) {
    return {
      error: `${ENV_NAMES.teamToken} must be at least ${MIN_TEAM_TOKEN_LENGTH} characters (e.g. openssl rand -hex 24).`,
    };
  }
  if (teamToken !== '' && teamToken === serverKey)
    return { error: `${ENV_NAMES.teamToken} must differ from ${ENV_NAMES.serverKey}.` };

  const upstream = env[ENV_NAMES.upstream] || BFL_API_ORIGIN;
  const policy = policyForUpstream(upstream);
  if (typeof policy === 'string') return { error: `${ENV_NAMES.upstream}: ${policy}` };

  const config: ProxyConfig = {
    upstream,
    keyMode: teamToken === '' ? { kind: 'pass-through' } : { kind: 'team', teamToken, serverKey },
  };
  for (const [field, name] of [
    ['maxBodyBytes', ENV_NAMES.maxBodyBytes],
    ['maxDeliveryBytes', ENV_NAMES.maxDeliveryBytes],
  ] as const) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    if (!/^[1-9]\d{0,11}$/.test(raw)) return { error: `${name} must be a whole number of bytes, got "${raw}"` };
    config[field] = Number(raw);
  }
  return { config };
}
