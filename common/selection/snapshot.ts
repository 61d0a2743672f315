// A plain-data copy of the selected nodes, read by the sandbox from Figma and planned by pure code.
// Keeping Figma objects out of the planner lets it run and be tested without a `figma` global.
import type { ImageFormat } from './report';

/** Figma's 2×3 affine `Transform` (docs/figma-plugin-api.md, Crop transforms / Node geometry). */
export type Matrix = [[number, number, number], [number, number, number]];

export interface PaintSnapshot {
  /** Figma paint type: 'IMAGE', 'SOLID', 'GRADIENT_LINEAR', … */
  type: string;
  visible: boolean;
  opacity: number;
  /** IMAGE only. */
  scaleMode?: 'FILL' | 'FIT' | 'CROP' | 'TILE';
  imageHash?: string | null;
  imageTransform?: Matrix;
  rotation?: number;
  scalingFactor?: number;
}

export interface NodeSnapshot {
  id: string;
  name: string;
  /** Figma node type: 'FRAME', 'COMPONENT', 'INSTANCE', 'RECTANGLE', 'GROUP', 'ELLIPSE', … */
  type: string;
  visible: boolean;
  /** The node's own lock flag (effective lock is inherited, docs/figma-plugin-api.md, Node geometry). */
  locked: boolean;
  width: number;
  height: number;
  /** Relative to the page. */
  absoluteTransform: Matrix;
  /** null when the node has no fills (groups); 'mixed' on mixed text fills. */
  fills: PaintSnapshot[] | 'mixed' | null;
  /** InstanceNode.scaleFactor; 1 elsewhere. */
  scaleFactor: number;
  clipsContent: boolean;
  /** Inside an instance (structural edits are not allowed there). */
  insideInstance: boolean;
  children: NodeSnapshot[];
  /** Pixels per design unit the frame is meant to be exported at, when it says so (variant frames: 1). */
  targetDensity?: number;
}

/** What the sandbox learned about one stored image (Image.getSizeAsync and the file's magic bytes). */
export interface ImageInfo {
  hash: string;
  width: number;
  height: number;
  format: ImageFormat;
}
