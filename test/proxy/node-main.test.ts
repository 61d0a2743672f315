import { afterAll, describe, expect, it } from 'vitest';
import { startFakeBflAsync, type FakeBfl } from '../fake-bfl/fake-bfl-server';
import { startNpmScriptAsync, type RunningScript } from '../fake-bfl/npm-script-runner';

let proxy: RunningScript | null = null;
let fake: FakeBfl | null = null;

afterAll(async () => {
  await proxy?.stopAsync();
  await fake?.closeAsync();
});

describe('npm run proxy', () => {
  it('starts on Node, prints its URL and relays the credits call to --upstream', async () => {
    fake = await startFakeBflAsync({ latencyMs: 0, credits: 321 });
    proxy = await startNpmScriptAsync('proxy', ['--port', '0', '--upstream', fake.url, '--quiet']);
    expect(proxy.firstLine).toMatch(/^Outpaint proxy listening on http:\/\/127\.0\.0\.1:\d+ → http:\/\/127\.0\.0\.1:\d+ \(pass-through key mode\)/);
    const res = await fetch(`${proxy.url}/v1/credits`, { headers: { 'x-key': 'test-key', Origin: 'null' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(await res.json()).toEqual({ credits: 321 });
  }, 90_000);
});
