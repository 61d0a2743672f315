// Copies a Figma node tree into plain data (NodeSnapshot) for the pure planner. Reads only; never
// decodes images. Fills are read-only frozen objects in Figma, so each paint is copied field by field.
import type { Matrix, NodeSnapshot, PaintSnapshot } from '../common/selection/snapshot';
import type { SandboxNode } from './sandbox-figma';
import { VARIANT_DATA_KEY } from './variant-frame-data';

const IDENTITY: Matrix = [
  [1, 0, 0],
  [0, 1, 0],
];

/** True when an ancestor is an instance: its sublayers cannot be reparented (docs/figma-plugin-api.md, Node geometry). */
export function isInsideInstance(node: SandboxNode): boolean {
  for (let parent = node.parent; parent; parent = parent.parent) if (parent.type === 'INSTANCE') return true;
  return false;
}

export function snapshotNode(node: SandboxNode, insideInstance = isInsideInstance(node)): NodeSnapshot {
  const childrenInsideInstance = insideInstance || node.type === 'INSTANCE';
  return {
    id: node.id,
    name: node.name,
    type: node.type,
    visible: node.visible ?? true,
    locked: node.locked ?? false,
    width: node.width ?? 0,
    height: node.height ?? 0,
    absoluteTransform: copyMatrix(node.absoluteTransform),
    fills: snapshotFills(node.fills),
    scaleFactor: node.type === 'INSTANCE' ? (node.scaleFactor ?? 1) : 1,
    clipsContent: node.clipsContent ?? false,
    insideInstance,
    children: (node.children ?? []).map((child) => snapshotNode(child, childrenInsideInstance)),
    ...targetDensityOf(node),
  };
}

/**
 * Variant frames are made at a platform's upload size (plugin/create-variant-frames.ts marks them), so they are
 * written at 1 px per unit, the size the platform asks for. Read on frames only: plugin data is one call per node.
 */
function targetDensityOf(node: SandboxNode): { targetDensity?: number } {
  if (node.type !== 'FRAME') return {};
  return node.getPluginData(VARIANT_DATA_KEY) === '' ? {} : { targetDensity: 1 };
}

function copyMatrix(matrix: Transform | undefined): Matrix {
  const source = matrix ?? IDENTITY;
  return [
    [source[0][0], source[0][1], source[0][2]],
    [source[1][0], source[1][1], source[1][2]],
  ];
}

function snapshotFills(fills: ReadonlyArray<Paint> | symbol | undefined): PaintSnapshot[] | 'mixed' | null {
  if (fills === undefined) return null;
  if (typeof fills === 'symbol') return 'mixed';
  return fills.map(snapshotPaint);
}

function snapshotPaint(paint: Paint): PaintSnapshot {
  const base: PaintSnapshot = { type: paint.type, visible: paint.visible ?? true, opacity: paint.opacity ?? 1 };
  if (paint.type !== 'IMAGE') return base;
  const image: PaintSnapshot = { ...base, scaleMode: paint.scaleMode, imageHash: paint.imageHash };
  if (paint.imageTransform) image.imageTransform = copyMatrix(paint.imageTransform);
  if (paint.rotation !== undefined) image.rotation = paint.rotation;
  if (paint.scalingFactor !== undefined) image.scalingFactor = paint.scalingFactor;
  return image;
}
