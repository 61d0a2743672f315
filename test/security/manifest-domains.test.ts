// Issue #7 item 4: the manifest's network access is no wider than needed. The panel talks only to the
// proxy (proxy/README.md); BFL's API and delivery hosts are reached by the proxy, never by the plugin.
// Figma's rules for the field: https://www.figma.com/plugin-docs/manifest/#networkaccess
// (docs/figma-plugin-api.md, Manifest and network access): exact origins, devAllowedDomains for localhost during development.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ENDPOINT } from '../../common/settings';

interface NetworkAccess {
  allowedDomains: unknown;
  devAllowedDomains?: unknown;
  reasoning?: unknown;
}

function readNetworkAccess(): NetworkAccess {
  const manifest: unknown = JSON.parse(readFileSync('manifest.json', 'utf8'));
  if (typeof manifest !== 'object' || manifest === null || !('networkAccess' in manifest))
    throw new Error('manifest.json has no networkAccess');
  const access = manifest.networkAccess;
  if (typeof access !== 'object' || access === null || !('allowedDomains' in access))
    throw new Error('networkAccess has no allowedDomains');
  return access;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

describe('manifest networkAccess', () => {
  const access = readNetworkAccess();
  const allowed = strings(access.allowedDomains);

  it('allows exactly the default proxy origin, over https, with no wildcard or path', () => {
    expect(Array.isArray(access.allowedDomains)).toBe(true);
    expect((access.allowedDomains as unknown[]).every((d) => typeof d === 'string')).toBe(true);
    expect(allowed).toEqual([new URL(DEFAULT_ENDPOINT).origin]);
    for (const domain of allowed) {
      expect(domain).not.toContain('*');
      const url = new URL(domain);
      expect({ domain, protocol: url.protocol, path: url.pathname, port: url.port }).toEqual({
        domain,
        protocol: 'https:',
        path: '/',
        port: '',
      });
      expect(url.origin).toBe(domain);
    }
  });

  it('does not open BFL hosts, "*" or "none" to the plugin', () => {
    expect(allowed.some((d) => d.includes('bfl.ai') || d.includes('bfl.ml'))).toBe(false);
    expect(allowed).not.toContain('*');
    expect(allowed).not.toContain('none');
  });

  it('limits development access to the local proxy on loopback', () => {
    const dev = strings(access.devAllowedDomains);
    expect(dev.length).toBeGreaterThan(0);
    for (const domain of dev) {
      const url = new URL(domain);
      expect({
        domain,
        local: ['localhost', '127.0.0.1'].includes(url.hostname),
        wildcard: domain.includes('*'),
      }).toEqual({ domain, local: true, wildcard: false });
    }
  });

  it('tells people why the network is used', () => {
    expect(typeof access.reasoning).toBe('string');
    expect(String(access.reasoning)).toMatch(/proxy/i);
  });
});
