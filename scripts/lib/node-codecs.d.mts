export interface DecodedImage {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}
export function decodeImageAsync(bytes: Uint8Array): Promise<DecodedImage>;
export function readImageAsync(path: string): Promise<DecodedImage>;
export function encodePngAsync(image: DecodedImage): Promise<Uint8Array>;
