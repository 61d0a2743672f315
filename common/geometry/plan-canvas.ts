// From "where the image sits in the frame" (design units) to the numbers the API and the pixel pipeline need
// (image pixels): canvas size, reference crop and offsets, auto_crop, the scale forced by limits, and the size of
// the image written back (docs/figma-plugin-api.md, Where the image sits in a frame steps 4–6; docs/bfl-api.md, Outpainting request / Placement geometry / Client checklist).
import { appError, type AppError } from '../protocol/errors';
import type { ImageFormat } from '../selection/report';
import type { Plan, PlanLimit, QuarterTurns, Rect, Size } from './plan';
import { GEOMETRY_MESSAGES } from './geometry-messages';
import { rotatedSize } from './paint-rect';
import { intersectRects, isFiniteRect } from './rect-ops';

/** docs/bfl-api.md, Outpainting request: `width`, `height` ≥ 64. */
export const API_MIN_SIDE = 64;
/** docs/bfl-api.md, Outpainting request: `width × height` ≤ 4,194,304, else 422. */
export const API_MAX_PIXELS = 4_194_304;
/** docs/figma-plugin-api.md, Design consequences: createImage refuses images over 4096 px per side. */
export const FIGMA_MAX_SIDE = 4096;
/**
 * Largest original file we send untouched (auto_crop). Base64 inflates it by 4/3, and the request body has no
 * documented limit; docs/bfl-api.md, Outpainting request advises keeping bodies around 10 MB.
 */
export const MAX_UNTOUCHED_BYTES = 8 * 1024 * 1024;
/**
 * Fast mode pads the canvas for its latent alignment and must still fit 4 MP (https://docs.bfl.ai/flux_tools/flux_outpainting "Fast mode
 * requirements"). The alignment is not published; FLUX works on multiples of 16 (docs/bfl-api.md, Placement geometry), so we assume 16.
 */
export const FAST_ALIGNMENT = 16;
/** https://docs.bfl.ai/flux_tools/flux_outpainting "Fast mode requirements": the placed reference's aspect ratio is at most 8:1. */
export const FAST_MAX_ASPECT = 8;

export interface CanvasInput {
  /** The canvas node's size, in design units. */
  frame: Size;
  /** The whole (turned) image's rectangle in the frame, in design units; it may overflow the frame. */
  imageRect: Rect;
  /** Extra clipping inside the frame (an image layer's own box, clipping ancestors), in design units. */
  clip?: Rect;
  /** The stored image's pixel size, before any turn. */
  image: Size;
  quarterTurns: QuarterTurns;
  format: ImageFormat;
  /** The stored file's size; when unknown the original bytes are never sent as they are. */
  fileBytes?: number;
  /**
   * Pixels per design unit the frame is meant to be exported at (a variant frame: 1, its platform's upload size).
   * When the image's own density is lower, the canvas and the written image rise to it — FLUX paints the new area
   * at that density and the original is resampled once — within the API's 4 MP and Figma's 4096 px.
   */
  targetDensity?: number;
}

export type CanvasPlanResult =
  | {
      ok: true;
      plan: Plan;
      /** Nothing to outpaint: the image already covers every canvas pixel. A state, not an error. */
      covered: boolean;
      /** The part of the image that shows in the frame, in design units. */
      visible: Rect;
    }
  | { ok: false; error: AppError };

/**
 * Plans one canvas. Grids and rounding:
 * - The native grid has the image's own density per axis (kx = image px / rect width; ky likewise; they agree to
 *   half a pixel because stretched images are refused). On it the image's origin is rounded once, and the crop is
 *   read off that grid, so at scale 1 the crop lands on whole pixels and its size equals the reference's.
 * - Any other grid (the API canvas at `scale`, the written image at `output.scale`) rounds each edge of the visible
 *   rectangle separately. Rounding is monotone and the visible part lies inside the frame, so the reference never
 *   leaves the canvas, and each edge maps back within half a pixel of the coarser of the two grids.
 */
export function planCanvas(input: CanvasInput): CanvasPlanResult {
  const { frame, imageRect: rect, quarterTurns } = input;
  if (!(frame.width > 0) || !(frame.height > 0) || !Number.isFinite(frame.width) || !Number.isFinite(frame.height)) {
    return refuse('too-small', GEOMETRY_MESSAGES.emptyNode);
  }
  if (!isFiniteRect(rect) || !(rect.width > 0) || !(rect.height > 0))
    return refuse('limits', GEOMETRY_MESSAGES.tinyVisible);
  const turned = rotatedSize(input.image, quarterTurns);
  if (!(turned.width >= 1) || !(turned.height >= 1)) return refuse('image-missing', GEOMETRY_MESSAGES.emptyImage);

  const onFrame = intersectRects(rect, { x: 0, y: 0, width: frame.width, height: frame.height });
  const visible = onFrame && input.clip ? intersectRects(onFrame, input.clip) : onFrame;
  if (visible === null) return refuse('limits', GEOMETRY_MESSAGES.tinyVisible);

  const kx = turned.width / rect.width;
  const ky = turned.height / rect.height;
  const native = nativeCrop(visible, rect, frame, turned, kx, ky);
  if (native === null) return refuse('limits', GEOMETRY_MESSAGES.tinyVisible);

  const cw = frame.width * kx;
  const ch = frame.height * ky;
  // Above 1 only for a frame with a target density its image does not reach (see CanvasInput.targetDensity).
  const boost =
    input.targetDensity !== undefined && Number.isFinite(input.targetDensity) && input.targetDensity > kx
      ? input.targetDensity / kx
      : 1;
  const scaling = chooseScale(cw * boost, ch * boost);
  if (scaling === null) return refuse('limits', GEOMETRY_MESSAGES.strip);
  const scale = scaling.scale * boost;
  const { limitedBy } = scaling;
  const width = Math.round(cw * scale);
  const height = Math.round(ch * scale);

  const onCanvas = placeOnGrid(visible, kx, ky, scale, native);
  if (onCanvas.width < 1 || onCanvas.height < 1) return refuse('limits', GEOMETRY_MESSAGES.tinyAfterScale);

  const outputScale = chooseOutputScale(cw * boost, ch * boost) * boost;
  const output = placeOnGrid(visible, kx, ky, outputScale, native);
  const outputWidth = Math.max(1, Math.round(cw * outputScale));
  const outputHeight = Math.max(1, Math.round(ch * outputScale));

  const crop = native.crop;
  const wholeImage = crop.x === 0 && crop.y === 0 && crop.width === turned.width && crop.height === turned.height;
  // auto_crop strategy: when only the frame hides part of the image and nothing else forces a re-encode (native
  // scale, no turn, a file small enough to upload as is), send the original bytes whole at a negative offset and
  // let the API crop to the canvas (docs/bfl-api.md, Outpainting request `auto_crop`). Otherwise crop to the visible part ourselves
  // and send it inside the canvas with auto_crop=false, which the API validates strictly (§3.3).
  const autoCrop =
    !wholeImage &&
    native.frameIsTheOnlyClip &&
    scale === 1 &&
    quarterTurns === 0 &&
    (input.format === 'png' || input.format === 'jpeg') &&
    input.fileBytes !== undefined &&
    input.fileBytes <= MAX_UNTOUCHED_BYTES;

  const sentCrop: Rect = autoCrop ? { x: 0, y: 0, width: turned.width, height: turned.height } : crop;
  const offsetX = autoCrop ? native.originX : onCanvas.x;
  const offsetY = autoCrop ? native.originY : onCanvas.y;
  const reference: Size = autoCrop
    ? { width: turned.width, height: turned.height }
    : { width: onCanvas.width, height: onCanvas.height };

  const covered = onCanvas.x === 0 && onCanvas.y === 0 && onCanvas.width === width && onCanvas.height === height;
  const plan: Plan = {
    width,
    height,
    offsetX,
    offsetY,
    autoCrop,
    quarterTurns,
    crop: sentCrop,
    reference,
    scale,
    density: kx,
    limitedBy,
    output: {
      width: outputWidth,
      height: outputHeight,
      offsetX: autoCrop ? native.originX : output.x,
      offsetY: autoCrop ? native.originY : output.y,
      scale: outputScale,
    },
    fastMode: fastModeCheck(width, height, reference, onCanvas),
    megapixels: Math.round((width * height) / 10_000) / 100,
  };
  return { ok: true, plan, covered, visible };
}

interface NativeCrop {
  /** The visible part in (turned) source pixels. */
  crop: Rect;
  /** The visible part on the native canvas (frame at the image's density). */
  onCanvas: Rect;
  /** The image's rounded origin on the native canvas. */
  originX: number;
  originY: number;
  /** The crop is exactly "the image cut by the canvas": no other clip hides part of it. */
  frameIsTheOnlyClip: boolean;
}

function nativeCrop(visible: Rect, rect: Rect, frame: Size, turned: Size, kx: number, ky: number): NativeCrop | null {
  const x = nativeAxis(visible.x, visible.width, rect.x, frame.width, turned.width, kx);
  const y = nativeAxis(visible.y, visible.height, rect.y, frame.height, turned.height, ky);
  if (x === null || y === null) return null;
  return {
    crop: { x: x.start - x.origin, y: y.start - y.origin, width: x.end - x.start, height: y.end - y.start },
    onCanvas: { x: x.start, y: y.start, width: x.end - x.start, height: y.end - y.start },
    originX: x.origin,
    originY: y.origin,
    frameIsTheOnlyClip: x.onlyFrameClips && y.onlyFrameClips,
  };
}

function nativeAxis(
  start: number,
  length: number,
  imageStart: number,
  frameLength: number,
  imagePixels: number,
  k: number,
) {
  const origin = Math.round(imageStart * k);
  const canvas = Math.round(frameLength * k);
  const low = Math.max(0, origin);
  const high = Math.min(canvas, origin + imagePixels);
  const from = clamp(Math.round(start * k), low, high);
  const to = clamp(Math.round((start + length) * k), low, high);
  if (to - from < 1) return null;
  return { origin, start: from, end: to, onlyFrameClips: from === low && to === high };
}

/** The visible part on a grid of `scale` × the native density; at scale 1 it is the native placement itself. */
function placeOnGrid(visible: Rect, kx: number, ky: number, scale: number, native: NativeCrop): Rect {
  if (scale === 1) return native.onCanvas;
  const x0 = Math.round(visible.x * kx * scale);
  const y0 = Math.round(visible.y * ky * scale);
  const x1 = Math.round((visible.x + visible.width) * kx * scale);
  const y1 = Math.round((visible.y + visible.height) * ky * scale);
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

function paddedArea(w: number, h: number): number {
  return Math.ceil(w / FAST_ALIGNMENT) * FAST_ALIGNMENT * Math.ceil(h / FAST_ALIGNMENT) * FAST_ALIGNMENT;
}

/**
 * The uniform density change that satisfies every limit (docs/bfl-api.md, Client checklist: sides ≥ 64, area ≤ 4 MP; Figma: sides
 * ≤ 4096), or null when none can: a minimum that needs enlarging and a maximum that needs shrinking at once.
 * When the 4 MP cap bites we also leave room for fast mode's alignment padding: it costs under 1 % of the pixels
 * and keeps both modes available for the same plan.
 */
function chooseScale(cw: number, ch: number): { scale: number; limitedBy: PlanLimit[] } | null {
  const limitedBy: PlanLimit[] = [];
  const size = (s: number) => ({ w: Math.round(cw * s), h: Math.round(ch * s) });
  const fitsMaxima = (s: number) => {
    const { w, h } = size(s);
    if (w > FIGMA_MAX_SIDE || h > FIGMA_MAX_SIDE || w * h > API_MAX_PIXELS) return false;
    return !limitedBy.includes('api-max-pixels') || paddedArea(w, h) < API_MAX_PIXELS;
  };
  let scale = 1;
  const first = size(1);
  if (first.w > FIGMA_MAX_SIDE || first.h > FIGMA_MAX_SIDE) {
    scale = FIGMA_MAX_SIDE / Math.max(cw, ch);
    limitedBy.push('figma-max-side');
  }
  const scaled = size(scale);
  // A canvas right at 4 MP may be refused in fast mode once padded (https://docs.bfl.ai/flux_tools/flux_outpainting "Fast mode
  // requirements"), so the cap starts where the padded canvas reaches 4 MP, not only where the canvas passes it.
  if (paddedArea(scaled.w, scaled.h) >= API_MAX_PIXELS) {
    scale = Math.min(scale, Math.sqrt(API_MAX_PIXELS / (cw * ch)));
    limitedBy.push('api-max-pixels');
  }
  scale = shrinkUntil(scale, fitsMaxima);
  const shrunk = size(scale);
  if (Math.min(shrunk.w, shrunk.h) < API_MIN_SIDE) {
    if (limitedBy.length > 0) return null;
    scale = API_MIN_SIDE / Math.min(cw, ch);
    limitedBy.push('api-min-side');
    for (let i = 0; i < 100 && Math.min(size(scale).w, size(scale).h) < API_MIN_SIDE; i++) scale *= 1.0005;
    if (!fitsMaxima(scale) || Math.min(size(scale).w, size(scale).h) < API_MIN_SIDE) return null;
  }
  return { scale, limitedBy };
}

/** The written image keeps native density unless Figma's 4096 px cap forces it down (never up). */
function chooseOutputScale(cw: number, ch: number): number {
  const fits = (s: number) => Math.round(cw * s) <= FIGMA_MAX_SIDE && Math.round(ch * s) <= FIGMA_MAX_SIDE;
  if (fits(1)) return 1;
  return shrinkUntil(FIGMA_MAX_SIDE / Math.max(cw, ch), fits);
}

/** Rounding can push a just-fitting size one pixel over a limit; step down by 0.05 % until it fits. */
function shrinkUntil(scale: number, fits: (s: number) => boolean): number {
  let s = scale;
  for (let i = 0; i < 10_000 && !fits(s); i++) s *= 0.9995;
  return s;
}

/**
 * Fast mode's extra rules (https://docs.bfl.ai/flux_tools/flux_outpainting "Fast mode requirements"; docs/bfl-api.md, Placement geometry): the placed reference
 * ≥ 64 px per side and at most 8:1, the canvas padded to the alignment below 4 MP. The canvas's own 8:1 is checked
 * too because the brief asks for it; the docs only state it for the reference. `placed` is the reference's part
 * inside the canvas (it differs from `sent` only with auto_crop).
 */
export function fastModeCheck(width: number, height: number, sent: Size, placed: Size): Plan['fastMode'] {
  const problems: string[] = [];
  const sides = [sent.width, sent.height, placed.width, placed.height];
  if (Math.min(...sides) < API_MIN_SIDE) {
    problems.push('The image is under 64 px on a side in the request; Fast needs 64. Use High.');
  }
  const aspect = (w: number, h: number) => Math.max(w, h) / Math.max(1, Math.min(w, h));
  if (aspect(sent.width, sent.height) > FAST_MAX_ASPECT || aspect(placed.width, placed.height) > FAST_MAX_ASPECT) {
    problems.push('The image is more than 8 times longer than wide; Fast refuses that. Use High.');
  }
  if (aspect(width, height) > FAST_MAX_ASPECT) {
    problems.push('The frame is more than 8 times longer than wide; Fast may refuse that. Use High.');
  }
  if (paddedArea(width, height) >= API_MAX_PIXELS) {
    problems.push('The canvas is at the 4 MP limit, leaving Fast no room to pad. Use High.');
  }
  return { allowed: problems.length === 0, problems };
}

function clamp(v: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, v));
}

function refuse(code: AppError['code'], message: string): CanvasPlanResult {
  return { ok: false, error: appError(code, message) };
}
