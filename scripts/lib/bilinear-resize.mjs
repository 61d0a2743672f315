// Bilinear resize of an RGBA image (the same idea as OpenCV's cv2.resize with INTER_LINEAR), for the engine
// bench and the engine's output fingerprints, which must build their canvases the same way.
/** `src` ({data, width, height}) resampled to width × height. */
export function bilinearResize(src, width, height) {
  const data = new Uint8ClampedArray(width * height * 4);
  const sx = src.width / width;
  const sy = src.height / height;
  for (let y = 0; y < height; y++) {
    const fy = Math.max(0, (y + 0.5) * sy - 0.5);
    const y0 = Math.min(src.height - 1, Math.floor(fy));
    const y1 = Math.min(src.height - 1, y0 + 1);
    const wy = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.max(0, (x + 0.5) * sx - 0.5);
      const x0 = Math.min(src.width - 1, Math.floor(fx));
      const x1 = Math.min(src.width - 1, x0 + 1);
      const wx = fx - x0;
      for (let c = 0; c < 4; c++) {
        const a = src.data[(y0 * src.width + x0) * 4 + c] * (1 - wx) + src.data[(y0 * src.width + x1) * 4 + c] * wx;
        const b = src.data[(y1 * src.width + x0) * 4 + c] * (1 - wx) + src.data[(y1 * src.width + x1) * 4 + c] * wx;
        data[(y * width + x) * 4 + c] = a * (1 - wy) + b * wy;
      }
    }
  }
  return { data, width, height };
}
