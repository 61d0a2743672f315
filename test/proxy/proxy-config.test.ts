// Issue #12 item 4: configuration errors are loud. proxy/proxy-config.ts reads the same variable names on Node and
// Workers; a half-set team mode, a short team token, an upstream that is not BFL's API or a loopback fake, or a
// malformed limit is an error with a message naming the variables, never a silent fallback to pass-through.
import { describe, expect, it } from 'vitest';
import { readProxyConfig } from '../../proxy/proxy-config';

const TOKEN = 'team-token-0123456789abcdef';

describe('proxy configuration from the environment', () => {
  it('runs pass-through with nothing set, against https://api.bfl.ai', () => {
    expect(readProxyConfig({})).toEqual({
      config: { upstream: 'https://api.bfl.ai', keyMode: { kind: 'pass-through' } },
    });
  });

  it('runs team mode with both BFL_API_KEY and TEAM_TOKEN', () => {
    expect(readProxyConfig({ BFL_API_KEY: 'bfl_key', TEAM_TOKEN: TOKEN }).config?.keyMode).toEqual({
      kind: 'team',
      teamToken: TOKEN,
      serverKey: 'bfl_key',
    });
  });

  it.each([
    [{ BFL_API_KEY: 'bfl_key' }, /BFL_API_KEY is set but TEAM_TOKEN is not/],
    [{ TEAM_TOKEN: TOKEN }, /TEAM_TOKEN is set but BFL_API_KEY is not/],
    [{ BFL_API_KEY: 'bfl_key', TEAM_TOKEN: '' }, /BFL_API_KEY is set but TEAM_TOKEN is not/],
  ])('refuses one team secret without the other (%o), saying which is missing', (env, message) => {
    const { config, error } = readProxyConfig(env);
    expect(config).toBeUndefined();
    expect(error).toMatch(message);
    expect(error).toMatch(/Set both .* or neither/);
  });

  it('refuses a team token that is short or equal to the key', () => {
    expect(readProxyConfig({ BFL_API_KEY: 'bfl_key', TEAM_TOKEN: 'short' }).error).toMatch(
      /TEAM_TOKEN must be at least 16 characters/,
    );
    expect(readProxyConfig({ BFL_API_KEY: TOKEN, TEAM_TOKEN: TOKEN }).error).toMatch(
      /TEAM_TOKEN must differ from BFL_API_KEY/,
    );
  });

  it.each([
    'https://api.eu.bfl.ai',
    'https://api.us.bfl.ai',
    'https://api.eu2.bfl.ai/',
    'http://127.0.0.1:8788',
    'http://localhost:8788',
  ])('accepts %s as the upstream', (upstream) => {
    expect(readProxyConfig({ UPSTREAM: upstream }).config?.upstream).toBe(upstream);
  });

  it.each([
    'https://evil.example',
    'http://api.bfl.ai',
    'https://api.bfl.ai:8443',
    'https://api.bfl.ai/v1',
    'https://user@api.bfl.ai',
    'https://docs.bfl.ai',
    'https://delivery-eu1.bfl.ai',
    'https://api.bfl.ai.',
    'http://10.0.0.5:8788',
    'api.bfl.ai',
  ])('refuses %s as the upstream, so the key cannot be pointed elsewhere', (upstream) => {
    expect(readProxyConfig({ UPSTREAM: upstream }).error).toMatch(/^UPSTREAM: the upstream must be/);
  });

  it('reads the limits as whole numbers of bytes and refuses anything else', () => {
    expect(readProxyConfig({ MAX_BODY_BYTES: '1000', MAX_DELIVERY_BYTES: '2000' }).config).toMatchObject({
      maxBodyBytes: 1000,
      maxDeliveryBytes: 2000,
    });
    expect(readProxyConfig({ MAX_BODY_BYTES: '20MB' }).error).toMatch(/MAX_BODY_BYTES must be a whole number of bytes/);
    expect(readProxyConfig({ MAX_DELIVERY_BYTES: '-1' }).error).toMatch(
      /MAX_DELIVERY_BYTES must be a whole number of bytes/,
    );
  });
});
