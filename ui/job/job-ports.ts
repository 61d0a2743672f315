// What the job runner needs from the API client (ui/api) and the pixel pipeline (ui/pixels), as narrow
// interfaces: the runner is tested with typed fakes, and main.tsx adapts the real modules to these.
import type { Plan } from '../../common/geometry/plan';
import type { FluxMode, OutputFormat, Settings } from '../../common/settings';

/** The submit fields of POST /v1/flux-tools/outpainting-v1 (docs/bfl-api.md, Outpainting request), in the plan's API pixels. */
export interface FluxRequest {
  inputImage: Uint8Array;
  width: number;
  height: number;
  offsetX: number;
  offsetY: number;
  autoCrop: boolean;
  mode: FluxMode;
  prompt?: string;
  outputFormat: OutputFormat;
}

export type FluxProgress =
  | { kind: 'sending' }
  /** `pollingUrl` exactly as the API answered it (it may name a regional cluster, docs/bfl-api.md, The essentials). */
  | { kind: 'submitted'; cost: number | null; taskId: string; pollingUrl: string }
  | { kind: 'status'; status: string; progress: number | null }
  | { kind: 'downloading' };

export interface FluxClientPort {
  outpaintAsync(
    request: FluxRequest,
    options: { signal: AbortSignal; onProgress: (progress: FluxProgress) => void },
  ): Promise<{ bytes: Uint8Array; cost: number | null; taskId: string }>;
}

export interface PixelPipelinePort {
  prepareReferenceAsync(source: Uint8Array, plan: Plan, signal: AbortSignal): Promise<{ bytes: Uint8Array; untouched: boolean }>;
  /** PNG of the plan.width × plan.height canvas; `onProgress` gets 0..1. */
  runOfflineAsync(
    source: Uint8Array,
    plan: Plan,
    options: { seed: number; signal: AbortSignal; onProgress: (fraction: number) => void },
  ): Promise<Uint8Array>;
  /** The image to write back: original pixels pasted over the result, at the plan's output size. */
  finishAsync(
    input: { source: Uint8Array; result: Uint8Array; plan: Plan; feather: number; format: OutputFormat },
    signal: AbortSignal,
  ): Promise<{ bytes: Uint8Array; width: number; height: number }>;
}

/** The stored image bytes the sandbox sends once per hash ('image/bytes'). */
export interface ImageBytesPort {
  getBytesAsync(hash: string, signal: AbortSignal): Promise<Uint8Array>;
}

export type FluxClientFactory = (settings: Settings) => FluxClientPort;
