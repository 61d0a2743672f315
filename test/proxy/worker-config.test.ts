// Issue #12 item 4 on Workers: a Worker has no start-up step that could refuse to run, so one team secret without
// the other makes every request answer 500 with the reason (with CORS, so the plugin can show it) and a log line
// for `wrangler tail`, and nothing goes upstream: never a silent pass-through that forwards team tokens to BFL.
// proxy/worker.ts bundled as wrangler would and run by workerd through Miniflare.
import { Miniflare, Response as MiniflareResponse } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleProxyWorkerAsync, dispatchToWorkerAsync, WORKERD_COMPATIBILITY_DATE } from '../support/workerd-proxy';
import { waitForAsync } from '../support/wait-for';

describe.each([
  ['BFL_API_KEY without TEAM_TOKEN', { BFL_API_KEY: 'bfl_server_key' }, /BFL_API_KEY is set but TEAM_TOKEN is not/],
  [
    'TEAM_TOKEN without BFL_API_KEY',
    { TEAM_TOKEN: 'team-token-0123456789' },
    /TEAM_TOKEN is set but BFL_API_KEY is not/,
  ],
  ['an UPSTREAM that is not BFL', { UPSTREAM: 'https://evil.example' }, /UPSTREAM: the upstream must be/],
] as const)('a Worker configured with %s', (_label, bindings, reason) => {
  let mf: Miniflare;
  const logs: { level: string; message: string }[] = [];
  let outbound = 0;

  beforeAll(async () => {
    mf = new Miniflare({
      modules: true,
      script: await bundleProxyWorkerAsync(),
      compatibilityDate: WORKERD_COMPATIBILITY_DATE,
      bindings,
      structuredWorkerdLogs: true,
      handleStructuredLogs: (entry: { level: string; message: string }) =>
        void logs.push({ level: entry.level, message: entry.message }),
      outboundService: () => {
        outbound += 1;
        return new MiniflareResponse('{}');
      },
    });
    await mf.ready;
  }, 120_000);
  afterAll(async () => {
    await mf?.dispose();
  });

  it('answers every request 500 with the reason, readable by the plugin, and sends nothing upstream', async () => {
    for (const [path, init] of [
      ['/v1/credits', { headers: { 'x-key': 'team-token-0123456789' } }],
      [
        '/v1/flux-tools/outpainting-v1',
        {
          method: 'POST',
          headers: { 'x-key': 'team-token-0123456789', 'Content-Type': 'application/json' },
          body: '{}',
        },
      ],
      [
        `/poll?u=${encodeURIComponent('https://api.eu2.bfl.ai/v1/get_result?id=t')}`,
        { headers: { 'x-key': 'team-token-0123456789' } },
      ],
    ] as const) {
      const res = await dispatchToWorkerAsync(mf, `http://proxy.test${path}`, init);
      expect(res.status).toBe(500);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(((await res.json()) as { detail: string }).detail).toMatch(reason);
    }
    expect(outbound).toBe(0);
  });

  it('still answers the preflight, so the plugin gets to see the 500', async () => {
    const res = await dispatchToWorkerAsync(mf, 'http://proxy.test/v1/credits', {
      method: 'OPTIONS',
      headers: { Origin: 'null', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'x-key' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-headers')).toMatch(/x-key/);
  });

  it('logs the reason as an error line, where wrangler tail shows it', async () => {
    await dispatchToWorkerAsync(mf, 'http://proxy.test/v1/credits');
    const line = () => logs.find((entry) => /Outpaint proxy misconfigured/.test(entry.message));
    expect(await waitForAsync(() => line() !== undefined, 10_000)).toBe(true);
    expect(line()?.message).toMatch(reason);
    expect(line()?.level).toBe('error');
    expect(JSON.stringify(logs)).not.toContain('bfl_server_key');
  });
});
