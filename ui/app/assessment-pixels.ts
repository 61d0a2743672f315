// A small copy of the part of the stored image that the engine gets (the plan's crop, after its quarter turns), for
// the busy-border assessment only: the browser's decoder and a 2D canvas are exact enough for that, and the copy's
// longest side is at most 256 px, so it takes a few milliseconds even for a large photo.
import type { Plan } from '../../common/geometry/plan';
import type { AssessmentPixels } from './border-assessor';

const MAX_SIDE = 256;

export async function decodeForAssessmentAsync(bytes: Uint8Array, plan: Plan): Promise<AssessmentPixels> {
  const copy = new Uint8Array(bytes);
  const bitmap = await createImageBitmap(new Blob([copy]));
  try {
    const { crop, quarterTurns } = plan;
    const scale = Math.min(1, MAX_SIDE / Math.max(1, crop.width, crop.height));
    const width = Math.max(1, Math.round(crop.width * scale));
    const height = Math.max(1, Math.round(crop.height * scale));
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('no 2D canvas');
    ctx.imageSmoothingQuality = 'high';
    // Crop and scale, then turn the stored image as the plan does (clockwise quarter turns): a pixel (x, y) of the
    // stored W × H image lands at (H − y, x) after one turn, (W − x, H − y) after two, (y, W − x) after three.
    ctx.setTransform(scale, 0, 0, scale, -crop.x * scale, -crop.y * scale);
    const W = bitmap.width;
    const H = bitmap.height;
    if (quarterTurns === 1) ctx.translate(H, 0);
    else if (quarterTurns === 2) ctx.translate(W, H);
    else if (quarterTurns === 3) ctx.translate(0, W);
    ctx.rotate((quarterTurns * Math.PI) / 2);
    ctx.drawImage(bitmap, 0, 0);
    const image = ctx.getImageData(0, 0, width, height);
    return { data: image.data, width, height };
  } finally {
    bitmap.close();
  }
}
