import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startFakeBflAsync, type FakeBfl } from '../fake-bfl/fake-bfl-server';
import { startNpmScriptAsync, type RunningScript } from '../fake-bfl/npm-script-runner';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let proxy: RunningScript | null = null;
let fake: FakeBfl | null = null;

afterAll(async () => {
  await proxy?.stopAsync();
  await fake?.closeAsync();
});

/** `npm run proxy` with `env` (and none of this machine's proxy secrets), until it exits; stopped if it starts instead. */
function runUntilExitAsync(
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<{ code: number | null; output: string }> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !['BFL_API_KEY', 'TEAM_TOKEN', 'PROXY_TEAM_TOKEN', 'UPSTREAM'].includes(name),
    ),
  );
  const child = spawn('npm', ['run', '--silent', 'proxy', '--', '--port', '0', '--quiet'], {
    cwd: root,
    detached: true,
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const stop = () => child.pid !== undefined && child.exitCode === null && process.kill(-child.pid, 'SIGTERM');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`npm run proxy neither started nor exited within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (/listening on/.test(output)) stop();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('npm run proxy', () => {
  it('starts on Node, prints its URL and relays the credits call to --upstream', async () => {
    fake = await startFakeBflAsync({ latencyMs: 0, credits: 321 });
    proxy = await startNpmScriptAsync('proxy', ['--port', '0', '--upstream', fake.url, '--quiet']);
    expect(proxy.firstLine).toMatch(
      /^Outpaint proxy listening on http:\/\/127\.0\.0\.1:\d+ → http:\/\/127\.0\.0\.1:\d+ \(pass-through key mode\)/,
    );
    const res = await fetch(`${proxy.url}/v1/credits`, { headers: { 'x-key': 'test-key', Origin: 'null' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(await res.json()).toEqual({ credits: 321 });
  }, 90_000);

  it.each([
    [{ BFL_API_KEY: 'bfl_server_key' }, 'BFL_API_KEY is set but TEAM_TOKEN is not'],
    [{ TEAM_TOKEN: 'team-token-0123456789' }, 'TEAM_TOKEN is set but BFL_API_KEY is not'],
    [
      { BFL_API_KEY: 'bfl_server_key', PROXY_TEAM_TOKEN: 'team-token-0123456789' },
      'PROXY_TEAM_TOKEN is now TEAM_TOKEN',
    ],
    [{ UPSTREAM: 'https://evil.example' }, 'UPSTREAM: the upstream must be'],
  ])(
    'refuses to start with %o: a non-zero exit and the reason on stderr',
    async (env, reason) => {
      const { code, output } = await runUntilExitAsync(env);
      expect(output).not.toMatch(/listening on/);
      expect(code).not.toBe(0);
      expect(code).not.toBeNull();
      expect(output).toContain(`Outpaint proxy not started: ${reason}`);
      expect(output).not.toContain('bfl_server_key');
    },
    90_000,
  );

  it('starts in team mode with both secrets, from the same variable names as Workers', async () => {
    const { output } = await runUntilExitAsync({ BFL_API_KEY: 'bfl_server_key', TEAM_TOKEN: 'team-token-0123456789' });
    expect(output).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+ → https:\/\/api\.bfl\.ai \(team key mode\)/);
  }, 90_000);
});
