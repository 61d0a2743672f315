// The runner's PixelPipelinePort in Node, for whole-job tests (chaos, bad input): the real job logic of
// ui/pixels/pixel-jobs.ts over a Node codec. PNG is exact (@jsquash/png wasm via png-node.ts); JPEG goes
// through jpeg-js with EXIF orientation applied, as browsers show photos (ui/pixels/README.md "Choices").
// GIF and WebP have no Node decoder here: cases that need them run in Chromium (*.browser.test.ts).
import jpeg from 'jpeg-js';
import { readImageHeader } from '../../common/pixels/read-image-header';
import { createRgba, type Rgba } from '../../common/pixels/rgba';
import type { PixelPipelinePort } from '../../ui/jobs/job-ports';
import type { ImageCodec } from '../../ui/pixels/codec';
import { offlineEngine } from '../../ui/pixels/offline-engine';
import { PixelError } from '../../ui/pixels/pixel-error';
import {
  composePassJobAsync,
  finishAsync,
  prepareReferenceAsync,
  startPassCanvasAsync,
  runOfflineAsync,
  type OfflineEngine,
} from '../../ui/pixels/pixel-jobs';
import type { PassPixelsPort } from '../../ui/jobs/run-passes';
import { decodePngNode, encodePngNode } from './png-node';

/** jpeg-js refuses to allocate more than this for one decode (a lying header must not eat the machine). */
const JPEG_MEMORY_MB = 512;

export class NoNodeDecoderError extends Error {
  constructor(format: string) {
    super(`No Node decoder for ${format}: run this case in Chromium`);
    this.name = 'NoNodeDecoderError';
  }
}

/** Where EXIF orientation `o` (EXIF 2.32 §4.6.4, tag 0x0112) sends stored pixel (x, y) of a w×h image. */
function orientedPoint(o: number, x: number, y: number, w: number, h: number): [number, number] {
  switch (o) {
    case 2:
      return [w - 1 - x, y];
    case 3:
      return [w - 1 - x, h - 1 - y];
    case 4:
      return [x, h - 1 - y];
    case 5:
      return [y, x];
    case 6:
      return [h - 1 - y, x];
    case 7:
      return [h - 1 - y, w - 1 - x];
    case 8:
      return [y, w - 1 - x];
    default:
      return [x, y];
  }
}

export function applyExifOrientation(img: Rgba, orientation: number): Rgba {
  if (orientation < 2 || orientation > 8) return img;
  const swap = orientation >= 5;
  const out = createRgba(swap ? img.height : img.width, swap ? img.width : img.height);
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const [ox, oy] = orientedPoint(orientation, x, y, img.width, img.height);
      const from = (y * img.width + x) * 4;
      out.data.set(img.data.subarray(from, from + 4), (oy * out.width + ox) * 4);
    }
  }
  return out;
}

export function createNodeCodec(): ImageCodec {
  return {
    exact: true,
    decodeAsync(bytes) {
      const header = readImageHeader(bytes);
      if (header?.format === 'png') {
        try {
          const decoded = decodePngNode(bytes);
          return Promise.resolve({
            width: decoded.width,
            height: decoded.height,
            data: new Uint8ClampedArray(decoded.data),
          });
        } catch (error) {
          // A plain error: the job logic words it for the designer, by whether the source or the result broke.
          return Promise.reject(error instanceof Error ? error : new Error('PNG decode failed'));
        }
      }
      if (header?.format === 'jpeg') {
        try {
          const decoded = jpeg.decode(bytes, {
            useTArray: true,
            formatAsRGBA: true,
            tolerantDecoding: false,
            maxMemoryUsageInMB: JPEG_MEMORY_MB,
          });
          const rgba: Rgba = {
            width: decoded.width,
            height: decoded.height,
            data: new Uint8ClampedArray(decoded.data),
          };
          return Promise.resolve(applyExifOrientation(rgba, header.orientation));
        } catch (error) {
          return Promise.reject(error instanceof Error ? error : new Error('JPEG decode failed'));
        }
      }
      return Promise.reject(new NoNodeDecoderError(header?.format ?? 'unknown bytes'));
    },
    encodePngAsync(img) {
      return Promise.resolve(encodePngNode(img));
    },
    encodeJpegAsync(img, quality) {
      const data = Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength);
      return Promise.resolve(
        new Uint8Array(jpeg.encode({ data, width: img.width, height: img.height }, Math.round(quality * 100)).data),
      );
    },
  };
}

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new PixelError('cancelled', 'Cancelled');
}

export interface NodePixelPipelineOptions {
  /** Defaults to the real offline engine (common/engine). */
  engine?: OfflineEngine;
}

/** The real job logic of ui/pixels on the Node codec, with the browser pipeline's cancel behaviour. */
export function createNodePixelPipeline(options: NodePixelPipelineOptions = {}): PixelPipelinePort {
  const codec = createNodeCodec();
  const engine = options.engine ?? offlineEngine;
  return {
    async prepareReferenceAsync(source, plan, signal) {
      throwIfAborted(signal);
      const prepared = await prepareReferenceAsync(codec, source, plan);
      throwIfAborted(signal);
      return prepared;
    },
    async runOfflineAsync(source, plan, { seed, signal, onProgress }) {
      throwIfAborted(signal);
      const canvas = await runOfflineAsync(codec, engine, source, plan, {
        seed,
        onProgress,
        shouldCancel: () => signal.aborted,
      });
      throwIfAborted(signal);
      return canvas;
    },
    async decodeAsync(bytes, signal) {
      throwIfAborted(signal);
      return codec.decodeAsync(bytes);
    },
    async finishAsync(input, signal) {
      throwIfAborted(signal);
      const finished = await finishAsync(codec, input);
      throwIfAborted(signal);
      return finished;
    },
  };
}

/** The pixel work of multi-pass outpaints (ui/jobs/run-passes.ts) on the Node codec. */
export function createNodePassPixels(): PassPixelsPort {
  const codec = createNodeCodec();
  return {
    async startCanvasAsync(source, plan, signal) {
      throwIfAborted(signal);
      return startPassCanvasAsync(codec, source, plan);
    },
    async encodePngAsync(pixels, signal) {
      throwIfAborted(signal);
      return codec.encodePngAsync(pixels);
    },
    async composePassAsync(input, signal) {
      throwIfAborted(signal);
      return composePassJobAsync(codec, input);
    },
  };
}
