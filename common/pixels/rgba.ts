// Decoded pixels as straight (not premultiplied) 8-bit RGBA, row-major, 4 bytes per pixel: the one in-memory
// image shape every pixel op and codec agrees on, so alpha survives exactly (docs/toolchain.md, gotcha 1).

export interface Rgba {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

export function createRgba(width: number, height: number): Rgba {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`Image size must be whole pixels ≥ 1, got ${width}×${height}`);
  }
  return { data: new Uint8ClampedArray(width * height * 4), width, height };
}

export function hasTransparency(img: Rgba): boolean {
  const { data } = img;
  for (let i = 3; i < data.length; i += 4) if (data[i]! < 255) return true;
  return false;
}
