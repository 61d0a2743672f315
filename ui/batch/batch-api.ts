// What the queue needs from the FLUX client: the separate submit / poll / download calls (so a submitted task
// can be saved for resume between them) and the balance. main.tsx adapts ui/api/bfl-client.ts to this.
import type { FluxRequest } from '../job/job-ports';

export interface SubmittedTask {
  taskId: string;
  pollingUrl: string;
  cost: number | null;
}

export interface BatchApi {
  submitAsync(request: FluxRequest, signal: AbortSignal): Promise<SubmittedTask>;
  pollAsync(pollingUrl: string, signal: AbortSignal, onStatus: (status: string, progress: number | null) => void): Promise<{ sampleUrl: string }>;
  downloadAsync(url: string, signal: AbortSignal): Promise<Uint8Array>;
  creditsAsync(signal: AbortSignal): Promise<number>;
}

/** The endpoint and key a client is made for: a resumed job uses its saved endpoint with today's key. */
export interface ApiTarget {
  endpoint: string;
  apiKey: string;
}

export type BatchApiFactory = (target: ApiTarget) => BatchApi;
