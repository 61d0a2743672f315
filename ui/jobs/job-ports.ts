// What the job engine needs from the pixel pipeline (ui/pixels) and the image bytes the sandbox sends, as narrow
// interfaces: the engine is tested with typed fakes, and main.tsx adapts the real modules to these.
import type { Plan } from '../../common/geometry/plan';
import type { Rgba } from '../../common/pixels/rgba';
import type { FluxMode, OutputFormat } from '../../common/settings';

/** What an engine made: FLUX's image file, or the offline engine's canvas as pixels (composed without re-encoding). */
export type GeneratedImage = Uint8Array | Rgba;

/** The submit fields of POST /v1/flux-tools/outpainting-v1 (https://docs.bfl.ai/flux_tools/flux_outpainting), in the plan's API pixels. */
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

export interface PixelPipelinePort {
  /** The reference to send; the source is decoded in full first, so a damaged file is never paid for. */
  prepareReferenceAsync(
    source: Uint8Array,
    plan: Plan,
    signal: AbortSignal,
  ): Promise<{ bytes: Uint8Array; untouched: boolean }>;
  /** The plan.width × plan.height canvas as pixels; `onProgress` gets 0..1. */
  runOfflineAsync(
    source: Uint8Array,
    plan: Plan,
    options: { seed: number; signal: AbortSignal; onProgress: (fraction: number) => void },
  ): Promise<GeneratedImage>;
  /**
   * An image file as pixels, whole: the one generation of a variant set, cut into its formats
   * (ui/jobs/shared-generation.ts). A pipeline without it runs every format on its own.
   */
  decodeAsync?(bytes: Uint8Array, signal: AbortSignal): Promise<Rgba>;
  /** The image to write back: original pixels pasted over the result, at the plan's output size. */
  finishAsync(
    input: { source: Uint8Array; result: GeneratedImage; plan: Plan; feather: number; format: OutputFormat },
    signal: AbortSignal,
  ): Promise<{ bytes: Uint8Array; width: number; height: number }>;
}

/** The stored image bytes the sandbox sends once per hash ('image/bytes'). */
export interface ImageBytesPort {
  getBytesAsync(hash: string, signal: AbortSignal): Promise<Uint8Array>;
}
