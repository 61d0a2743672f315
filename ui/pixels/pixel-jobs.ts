// The pipeline's jobs as plain async functions over an ImageCodec. They run inside the pixel worker, or on the
// main thread when no worker can start; tests run them in Node with a fake codec.
import type { Plan } from '../../common/geometry/plan';
import { composePass, startCanvas } from '../../common/passes/compose-pass';
import type { Pass } from '../../common/passes/plan-passes';
import { composeOriginal } from '../../common/pixels/compose-original';
import { cropRgba } from '../../common/pixels/crop-rgba';
import { readImageHeader } from '../../common/pixels/read-image-header';
import { resizeRgba } from '../../common/pixels/resize-rgba';
import { createRgba, type Rgba } from '../../common/pixels/rgba';
import { rotateQuarterTurns } from '../../common/pixels/rotate-quarter-turns';
import type { OutputFormat } from '../../common/settings';
import type { ImageCodec } from './codec';
import { DAMAGED_IMAGE_TEXT, PixelError } from './pixel-error';

export interface PreparedReference {
  /** The file to send as `input_image`. */
  bytes: Uint8Array;
  /** True when `bytes` is the source file itself (nothing to crop, rotate or resize). */
  untouched: boolean;
  width: number;
  height: number;
}

export interface FinishInput {
  /** The stored image file (Image.getBytesAsync). */
  source: Uint8Array;
  /**
   * What the engine made, plan.width × plan.height: FLUX's image file, or the offline engine's canvas as pixels,
   * which are composed as they are (no PNG encode and decode in between).
   */
  result: Uint8Array | Rgba;
  plan: Plan;
  /** Seam feather in output pixels; 0 = hard edge. */
  feather: number;
  format: OutputFormat;
  /** JPEG quality 0–1 (default 0.92). */
  jpegQuality?: number;
}

export interface FinishedImage {
  bytes: Uint8Array;
  width: number;
  height: number;
}

/** The offline engine's entry point (common/engine/outpaint-offline.ts), passed in so jobs stay testable. */
export type OfflineEngine = (input: {
  reference: Rgba;
  canvasWidth: number;
  canvasHeight: number;
  offsetX: number;
  offsetY: number;
  seed: number;
  onProgress?: (fraction: number) => void;
  shouldCancel?: () => boolean;
}) => Rgba | Promise<Rgba>;

export interface OfflineOptions {
  seed: number;
  onProgress?: (fraction: number) => void;
  shouldCancel?: () => boolean;
}

/** Called between heavy stages: yields the main thread in the fallback mode and throws when cancelled. */
export interface JobContext {
  checkpointAsync(): Promise<void>;
}

const NO_PAUSE: JobContext = { checkpointAsync: () => Promise.resolve() };

const DEFAULT_JPEG_QUALITY = 0.92;

/**
 * A PNG ends with its IEND chunk (PNG spec §11.2.5), a JPEG with the EOI marker FF D9 (ITU T.81 B.2.1);
 * a file cut short lacks them. Trailing zero padding after the end is tolerated.
 */
export function endsComplete(bytes: Uint8Array, format: 'png' | 'jpeg'): boolean {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end -= 1;
  if (format === 'jpeg') return end >= 2 && bytes[end - 2] === 0xff && bytes[end - 1] === 0xd9;
  // IEND: length 0, type "IEND", CRC AE 42 60 82.
  const iend = [0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82];
  if (bytes.length < 12) return false;
  return iend.every((value, i) => bytes[bytes.length - 8 + i] === value);
}

export async function prepareReferenceAsync(
  codec: ImageCodec,
  source: Uint8Array,
  plan: Plan,
  ctx: JobContext = NO_PAUSE,
): Promise<PreparedReference> {
  const header = readImageHeader(source);
  if (header === null) throw unsupported();
  const { crop, reference } = plan;
  // BFL reads PNG and JPEG (docs/bfl-api.md, Outpainting request); a GIF is re-encoded, and so is a JPEG whose EXIF orientation
  // would make another decoder see it sideways (we decode upright, as browsers show it).
  const sendable = header.format === 'png' || (header.format === 'jpeg' && header.orientation === 1);
  const whole =
    plan.quarterTurns === 0 &&
    crop.x === 0 &&
    crop.y === 0 &&
    crop.width === header.width &&
    crop.height === header.height &&
    reference.width === crop.width &&
    reference.height === crop.height;
  if (sendable && whole) {
    // Untouched bytes go to a paid API: refuse a cut-off file up front rather than paying for FLUX's "could not be
    // decoded" answer.
    if (!endsComplete(source, header.format === 'png' ? 'png' : 'jpeg')) {
      throw new PixelError('decode-failed', DAMAGED_IMAGE_TEXT);
    }
    // A file damaged in the middle can still end well: decode it in full before it is paid for. The decode is
    // cached for the compose step (source-decode-cache.ts), so it costs nothing extra there.
    await decodeAsync(codec, source, 'source');
    await ctx.checkpointAsync();
    return { bytes: source, untouched: true, width: reference.width, height: reference.height };
  }
  const pixels = await referencePixelsAsync(codec, source, plan, ctx);
  await ctx.checkpointAsync();
  return { bytes: await codec.encodePngAsync(pixels), untouched: false, width: pixels.width, height: pixels.height };
}

/** The reference exactly as sent: rotated, cropped, resized to plan.reference. */
export async function referencePixelsAsync(
  codec: ImageCodec,
  source: Uint8Array,
  plan: Plan,
  ctx: JobContext = NO_PAUSE,
): Promise<Rgba> {
  const cropped = await originalPixelsAsync(codec, source, plan, ctx);
  await ctx.checkpointAsync();
  return resizeRgba(cropped, plan.reference.width, plan.reference.height);
}

export async function finishAsync(
  codec: ImageCodec,
  input: FinishInput,
  ctx: JobContext = NO_PAUSE,
): Promise<FinishedImage> {
  const { plan } = input;
  const generated =
    input.result instanceof Uint8Array ? await decodeAsync(codec, input.result, 'result') : input.result;
  if (generated.width !== plan.width || generated.height !== plan.height) {
    throw new PixelError(
      'size-mismatch',
      `The engine returned ${generated.width}×${generated.height}, not ${plan.width}×${plan.height}. Run it again`,
    );
  }
  await ctx.checkpointAsync();
  const originalOut = await originalAtOutputAsync(codec, input.source, plan, ctx);
  const { output } = plan;
  // Only the generated area is resampled from API density up (or down) to the written image's density.
  const generatedOut = resizeRgba(generated, output.width, output.height);
  await ctx.checkpointAsync();
  const composed = composeOriginal({
    generated: generatedOut,
    original: originalOut,
    x: output.offsetX,
    y: output.offsetY,
    feather: input.feather,
  });
  await ctx.checkpointAsync();
  const bytes =
    input.format === 'jpeg'
      ? await codec.encodeJpegAsync(flattenOnWhite(composed), input.jpegQuality ?? DEFAULT_JPEG_QUALITY)
      : await codec.encodePngAsync(composed);
  return { bytes, width: composed.width, height: composed.height };
}

/**
 * The original as the written image holds it: at native density unless Figma's 4096 px cap lowered it
 * (output.scale < 1). Multi-pass outpaints start their canvas from it (ui/jobs/run-passes.ts).
 */
export async function originalAtOutputAsync(
  codec: ImageCodec,
  source: Uint8Array,
  plan: Plan,
  ctx: JobContext = NO_PAUSE,
): Promise<Rgba> {
  const original = await originalPixelsAsync(codec, source, plan, ctx);
  await ctx.checkpointAsync();
  const { output } = plan;
  const out =
    output.scale === 1
      ? original
      : resizeRgba(
          original,
          Math.max(1, Math.round(original.width * output.scale)),
          Math.max(1, Math.round(original.height * output.scale)),
        );
  await ctx.checkpointAsync();
  return out;
}

/** The written image with only the original on it: a multi-pass canvas before its first pass. */
export async function startPassCanvasAsync(
  codec: ImageCodec,
  source: Uint8Array,
  plan: Plan,
  ctx: JobContext = NO_PAUSE,
): Promise<Rgba> {
  const original = await originalAtOutputAsync(codec, source, plan, ctx);
  return startCanvas(original, plan);
}

/** Decodes one pass's FLUX image (the same checks as a single result's) and joins it to the canvas, in place. */
export async function composePassJobAsync(
  codec: ImageCodec,
  input: { canvas: Rgba; result: Uint8Array; pass: Pass; feather: number },
  ctx: JobContext = NO_PAUSE,
): Promise<Rgba> {
  const generated = await decodeAsync(codec, input.result, 'result');
  const { region } = input.pass;
  if (generated.width !== region.width || generated.height !== region.height) {
    throw new PixelError(
      'size-mismatch',
      `FLUX returned ${generated.width}×${generated.height}, not ${region.width}×${region.height}. Run it again`,
    );
  }
  await ctx.checkpointAsync();
  composePass(input.canvas, generated, input.pass, input.feather);
  return input.canvas;
}

export async function runOfflineAsync(
  codec: ImageCodec,
  engine: OfflineEngine,
  sourceBytes: Uint8Array,
  plan: Plan,
  options: OfflineOptions,
  ctx: JobContext = NO_PAUSE,
): Promise<Rgba> {
  const reference = await referencePixelsAsync(codec, sourceBytes, plan, ctx);
  await ctx.checkpointAsync();
  let canvas: Rgba;
  try {
    canvas = await engine({
      reference,
      canvasWidth: plan.width,
      canvasHeight: plan.height,
      offsetX: plan.offsetX,
      offsetY: plan.offsetY,
      seed: options.seed,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.shouldCancel ? { shouldCancel: options.shouldCancel } : {}),
    });
  } catch (error) {
    if (error instanceof PixelError) throw error;
    // The engine signals a requested stop by the error's name (common/engine/cancelled-error.ts).
    if (options.shouldCancel?.() || (error instanceof Error && error.name === 'CancelledError')) {
      throw new PixelError('cancelled', 'Cancelled');
    }
    throw new PixelError('engine-failed', 'The offline engine failed on this image. Try again or use FLUX');
  }
  // Pixels, not a PNG: finishAsync composes them as they are.
  return canvas;
}

/** Decoded, rotated and cropped to plan.crop: the original pixels at native density. */
async function originalPixelsAsync(codec: ImageCodec, bytes: Uint8Array, plan: Plan, ctx: JobContext): Promise<Rgba> {
  const decoded = await decodeAsync(codec, bytes, 'source');
  await ctx.checkpointAsync();
  const rotated = rotateQuarterTurns(decoded, plan.quarterTurns);
  const { crop } = plan;
  if (crop.x < 0 || crop.y < 0 || crop.x + crop.width > rotated.width || crop.y + crop.height > rotated.height) {
    throw new PixelError('node-changed', 'The image changed since it was selected. Select the frame again and retry');
  }
  return cropRgba(rotated, crop);
}

async function decodeAsync(codec: ImageCodec, bytes: Uint8Array, what: 'source' | 'result'): Promise<Rgba> {
  if (readImageHeader(bytes) === null) {
    throw what === 'source'
      ? unsupported()
      : new PixelError('decode-failed', 'The engine sent something that is not an image. Run it again');
  }
  try {
    return await codec.decodeAsync(bytes);
  } catch (error) {
    if (error instanceof PixelError) throw error;
    throw what === 'source'
      ? new PixelError('decode-failed', DAMAGED_IMAGE_TEXT)
      : new PixelError('decode-failed', 'The generated image arrived damaged. Run it again');
  }
}

function unsupported(): PixelError {
  return new PixelError('unsupported-format', 'This image is not PNG, JPEG or GIF. Replace it and retry');
}

/** JPEG has no alpha channel: transparent pixels are composited over white (the choice is documented in README.md). */
function flattenOnWhite(img: Rgba): Rgba {
  const out = createRgba(img.width, img.height);
  const src = img.data;
  const dst = out.data;
  for (let i = 0; i < src.length; i += 4) {
    const a = src[i + 3]! / 255;
    dst[i] = Math.round(src[i]! * a + 255 * (1 - a));
    dst[i + 1] = Math.round(src[i + 1]! * a + 255 * (1 - a));
    dst[i + 2] = Math.round(src[i + 2]! * a + 255 * (1 - a));
    dst[i + 3] = 255;
  }
  return out;
}
