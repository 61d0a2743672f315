// Typed builders for NodeSnapshot test data: every field explicit, no `any`.
import { multiply } from '../../../common/geometry/affine';
import type { ImageFormat } from '../../../common/selection/report';
import type { ImageInfo, Matrix, NodeSnapshot, PaintSnapshot } from '../../../common/selection/snapshot';

export const at = (x: number, y: number): Matrix => [
  [1, 0, x],
  [0, 1, y],
];

export const rotation = (degrees: number): Matrix => {
  const r = (degrees * Math.PI) / 180;
  return [
    [Math.cos(r), Math.sin(r), 0],
    [-Math.sin(r), Math.cos(r), 0],
  ];
};

/** `parent` then `local`: the absolute transform of a child placed at `local` inside `parent`. */
export const within = (parent: Matrix, local: Matrix): Matrix => multiply(parent, local);

export function imagePaint(
  hash: string | null,
  scaleMode: PaintSnapshot['scaleMode'],
  extra: Partial<PaintSnapshot> = {},
): PaintSnapshot {
  return { type: 'IMAGE', visible: true, opacity: 1, scaleMode, imageHash: hash, ...extra };
}

export function solidPaint(): PaintSnapshot {
  return { type: 'SOLID', visible: true, opacity: 1 };
}

export function node(over: Partial<NodeSnapshot> & Pick<NodeSnapshot, 'id'>): NodeSnapshot {
  return {
    name: over.id,
    type: 'FRAME',
    visible: true,
    locked: false,
    width: 100,
    height: 100,
    absoluteTransform: at(0, 0),
    fills: [],
    scaleFactor: 1,
    clipsContent: true,
    insideInstance: false,
    children: [],
    ...over,
  };
}

export function info(hash: string, width: number, height: number, format: ImageFormat = 'png'): ImageInfo {
  return { hash, width, height, format };
}

export function imageMap(...infos: ImageInfo[]): ReadonlyMap<string, ImageInfo> {
  return new Map(infos.map((i) => [i.hash, i]));
}
