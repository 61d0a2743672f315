// The same proxy contract inside Cloudflare's runtime: proxy/worker.ts bundled by esbuild (as
// wrangler would) and run by workerd through Miniflare (docs/toolchain.md: drive Miniflare directly).
import { Miniflare } from 'miniflare';
import { bundleProxyWorkerAsync, dispatchToWorkerAsync, WORKERD_COMPATIBILITY_DATE } from '../support/workerd-proxy';
import { describeProxyContract } from './proxy-contract';

describeProxyContract('workerd (Miniflare)', async (config) => {
  const mf = new Miniflare({
    modules: true,
    script: await bundleProxyWorkerAsync(),
    compatibilityDate: WORKERD_COMPATIBILITY_DATE,
    bindings: {
      UPSTREAM: config.upstream,
      MAX_BODY_BYTES: String(config.maxBodyBytes),
      ...(config.teamToken && config.serverKey ? { TEAM_TOKEN: config.teamToken, BFL_API_KEY: config.serverKey } : {}),
    },
  });
  await mf.ready;
  return {
    fetch: (url, init) => dispatchToWorkerAsync(mf, url, init),
    closeAsync: () => mf.dispose(),
  };
});
