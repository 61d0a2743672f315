import { afterAll, describe, expect, it } from 'vitest';
import { startNpmScriptAsync, type RunningScript } from './npm-script-runner';

let running: RunningScript | null = null;

afterAll(async () => {
  await running?.stopAsync();
});

describe('npm run fake-bfl', () => {
  it('starts on the given port, prints its URL and accepts only the --key it was given', async () => {
    running = await startNpmScriptAsync('fake-bfl', ['--port', '0', '--key', 'cli-key']);
    expect(running.firstLine).toMatch(/^Fake BFL listening on http:\/\/127\.0\.0\.1:\d+/);
    const ok = await fetch(`${running.url}/v1/credits`, { headers: { 'x-key': 'cli-key' } });
    const refused = await fetch(`${running.url}/v1/credits`, { headers: { 'x-key': 'test-key' } });
    expect([ok.status, refused.status]).toEqual([200, 403]);
  }, 90_000);
});
