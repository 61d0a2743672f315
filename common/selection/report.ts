// What the sandbox tells the UI about the selection: outpaintable targets with their plans,
// and the nodes it refused, each with a reason a designer can act on.
import type { Plan, Size } from '../geometry/plan';
import type { AppError } from '../protocol/errors';

export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'unknown';

export interface TargetImage {
  hash: string;
  /** Stored pixel size (Image.getSizeAsync). */
  width: number;
  height: number;
  format: ImageFormat;
}

export interface Target {
  /** The node whose area is the canvas (the frame, or the shape with the image fill). */
  nodeId: string;
  nodeName: string;
  /** 'fill': the image is a fill of the node itself; 'layer': an image layer inside the frame. */
  kind: 'fill' | 'layer';
  /** The node that carries the image paint (= nodeId for 'fill'). */
  imageNodeId: string;
  imageNodeName: string;
  /** Index of the image paint in the image node's fills. */
  paintIndex: number;
  /** The node's size in design units. */
  frame: Size;
  image: TargetImage;
  /** 'ready': there is something to outpaint; 'covered': the image already covers the frame. */
  status: 'ready' | 'covered';
  plan: Plan;
  /** Things the designer should know (several image fills, GIF first frame, scaled by a limit…). */
  notes: string[];
  /** Changes when the node's size, image or placement changes: the write-back refuses a stale job. */
  fingerprint: string;
}

export interface Refusal {
  nodeId: string;
  nodeName: string;
  error: AppError;
}

export interface SelectionReport {
  /** Number of directly selected nodes. */
  selectedCount: number;
  targets: Target[];
  refusals: Refusal[];
}
