// Whether the selected image's file decodes here, asked as soon as its bytes arrive: a damaged file (cut off, or
// overwritten in the middle) shows as an empty box in the preview, since an SVG <image> that fails fires nothing
// the panel sees, and the designer would learn it only after pressing Outpaint. createImageBitmap decodes the bytes
// themselves, so a CSP that refuses blob: or data: images cannot make a good file look damaged
// (https://developer.mozilla.org/en-US/docs/Web/API/Window/createImageBitmap). The pixel pipeline decodes with the
// same browser decoder (PNG: a stricter wasm one), so a file this rejects would fail the run too.
import type { ImageFormat } from '../../common/selection/report';
import { PREVIEW_MIME, blobBytes } from './preview-url';

export async function imageDecodesAsync(bytes: Uint8Array, format: ImageFormat): Promise<boolean> {
  // Nothing to ask without the API, or for a format the sandbox could not name: the run says what is wrong.
  if (typeof createImageBitmap !== 'function' || format === 'unknown') return true;
  try {
    // Decoded into an 8 × 8 bitmap: a damaged file is refused all the same (seen in Chromium on a cut-off JPEG), and
    // no full-size bitmap is allocated only to be closed.
    const bitmap = await createImageBitmap(new Blob([blobBytes(bytes)], { type: PREVIEW_MIME[format] }), {
      resizeWidth: 8,
      resizeHeight: 8,
    });
    bitmap.close();
    return true;
  } catch {
    return false;
  }
}
