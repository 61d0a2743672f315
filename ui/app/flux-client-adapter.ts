// Adapts the FLUX client (ui/api/bfl-client.ts) to the runner's FluxClientPort.
import { toOutpaintRequest } from '../api/to-outpaint-request';
import type { Settings } from '../../common/settings';
import type { BflClient, BflClientOptions, OutpaintStage } from '../api/bfl-client';
import type { FluxClientPort, FluxProgress } from '../job/job-ports';

export type BflClientFactory = (options: BflClientOptions) => BflClient;

function toProgress(stage: OutpaintStage): FluxProgress {
  switch (stage.kind) {
    case 'queued':
    case 'submitting':
      return { kind: 'sending' };
    case 'submitted':
      return { kind: 'submitted', cost: stage.cost, taskId: stage.taskId, pollingUrl: stage.pollingUrl };
    case 'generating':
      return { kind: 'status', status: stage.status, progress: stage.progress };
    case 'downloading':
      return { kind: 'downloading' };
  }
}

export function createFluxClientPort(
  settings: Settings,
  createClient: BflClientFactory,
  io: Pick<BflClientOptions, 'fetch' | 'now' | 'sleepAsync' | 'limiter'>,
): FluxClientPort {
  const client = createClient({ ...io, baseUrl: settings.endpoint.trim(), apiKey: settings.apiKey.trim() });
  return {
    async outpaintAsync(request, { signal, onProgress }) {
      const result = await client.outpaintAsync(
        toOutpaintRequest(request),
        { signal, onStage: (stage) => onProgress(toProgress(stage)) },
      );
      return { bytes: result.bytes, cost: result.cost, taskId: result.taskId };
    },
  };
}
