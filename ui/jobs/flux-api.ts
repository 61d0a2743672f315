// The one FLUX API module the job engine uses: the separate submit / poll / download calls of FLUX Outpainting
// (https://docs.bfl.ai/flux_tools/flux_outpainting), so a task is recorded in the ledger between its submit and
// its poll, and the balance. It adapts the client (ui/api/bfl-client.ts); main.tsx and the tests make one per
// endpoint and key.
import { toOutpaintRequest } from '../api/to-outpaint-request';
import type { BflClient, BflClientOptions } from '../api/bfl-client';
import type { FluxRequest } from './job-ports';
import { checkEndpointAsync } from './check-endpoint';

export interface SubmittedTask {
  taskId: string;
  /** Exactly as the submit answered it (it may name a regional cluster, docs/bfl-api.md, The essentials). */
  pollingUrl: string;
  cost: number | null;
}

export interface FluxApi {
  /** Throws a 'network' error naming the address when the endpoint is not there; nothing is sent or paid. */
  checkEndpointAsync(signal: AbortSignal): Promise<void>;
  submitAsync(request: FluxRequest, signal: AbortSignal): Promise<SubmittedTask>;
  /** `acceptedAt`: when a task accepted just now was answered; its first poll comes an interval later (ui/api/bfl-client.ts). */
  pollAsync(
    pollingUrl: string,
    signal: AbortSignal,
    onStatus: (status: string, progress: number | null) => void,
    options?: { acceptedAt?: number },
  ): Promise<{ sampleUrl: string }>;
  downloadAsync(url: string, signal: AbortSignal): Promise<Uint8Array>;
  creditsAsync(signal: AbortSignal): Promise<number>;
}

/** The endpoint and key a client is made for: a resumed job uses its saved endpoint with today's key. */
export interface ApiTarget {
  endpoint: string;
  apiKey: string;
}

export type FluxApiFactory = (target: ApiTarget) => FluxApi;

export function createFluxApi(
  target: ApiTarget,
  createClient: (options: BflClientOptions) => BflClient,
  io: Pick<
    BflClientOptions,
    'fetch' | 'now' | 'sleepAsync' | 'pollIntervalMs' | 'maxPollIntervalMs' | 'timeoutMs' | 'pollNudge'
  >,
): FluxApi {
  const client = createClient({ ...io, baseUrl: target.endpoint.trim(), apiKey: target.apiKey.trim() });
  return {
    checkEndpointAsync: (signal) => checkEndpointAsync(target.endpoint, io.fetch, signal),
    async submitAsync(request, signal) {
      const task = await client.submitOutpaintAsync(toOutpaintRequest(request), signal);
      return { taskId: task.id, pollingUrl: task.pollingUrl, cost: task.cost };
    },
    pollAsync: (pollingUrl, signal, onStatus, options) =>
      client.pollUntilDoneAsync(pollingUrl, signal, onStatus, options),
    downloadAsync: (url, signal) => client.downloadAsync(url, signal),
    creditsAsync: (signal) => client.getCreditsAsync(signal),
  };
}
