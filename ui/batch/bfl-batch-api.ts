// Adapts the FLUX client (ui/api/bfl-client.ts) to the queue's BatchApi.
import { toOutpaintRequest } from '../api/to-outpaint-request';
import type { BflClient, BflClientOptions } from '../api/bfl-client';
import type { ApiTarget, BatchApi } from './batch-api';

export function createBflBatchApi(
  target: ApiTarget,
  createClient: (options: BflClientOptions) => BflClient,
  io: Pick<BflClientOptions, 'fetch' | 'now' | 'sleepAsync' | 'pollIntervalMs' | 'maxPollIntervalMs'>,
): BatchApi {
  const client = createClient({ ...io, baseUrl: target.endpoint.trim(), apiKey: target.apiKey.trim() });
  return {
    async submitAsync(request, signal) {
      const task = await client.submitOutpaintAsync(
        toOutpaintRequest(request),
        signal,
      );
      return { taskId: task.id, pollingUrl: task.pollingUrl, cost: task.cost };
    },
    pollAsync: (pollingUrl, signal, onStatus) => client.pollUntilDoneAsync(pollingUrl, signal, onStatus),
    downloadAsync: (url, signal) => client.downloadAsync(url, signal),
    creditsAsync: (signal) => client.getCreditsAsync(signal),
  };
}
