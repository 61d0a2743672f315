// Which format Figma stored, from the file's magic bytes (getBytesAsync returns the file as stored,
// docs/figma-plugin-api.md, Images: reading and creating). Only the signature is read: pixels are never decoded in the sandbox (docs/figma-plugin-api.md, Performance and review).
import { sniffImageFormat as sniffSignature } from '../common/pixels/read-image-header';
import type { ImageFormat } from '../common/selection/report';

export function sniffImageFormat(bytes: Uint8Array): ImageFormat {
  const format = sniffSignature(bytes);
  // Figma keeps PNG, JPEG and GIF only; anything else is reported as unknown.
  return format === null || format === 'webp' ? 'unknown' : format;
}
