// What the sandbox tells the UI about the selection: outpaintable targets with their plans,
// and the nodes it refused, each with a reason a designer can act on. Declared as valibot schemas: the types and the
// UI's check of 'selection/changed' (and of the target a saved job froze) both come from them
// (https://valibot.dev/guides/infer-types/).
import * as v from 'valibot';
import { PlanSchema, SizeSchema } from '../geometry/plan';
import { AppErrorSchema } from '../protocol/errors';
import {
  HashSchema,
  IdSchema,
  MAX_LIST_ITEMS,
  MAX_NAME_CHARS,
  MAX_PIXELS_SIDE,
  MAX_TEXT_CHARS,
  list,
  text,
  whole,
} from '../protocol/field-schemas';

export const ImageFormatSchema = v.picklist(['png', 'jpeg', 'gif', 'unknown']);
export type ImageFormat = v.InferOutput<typeof ImageFormatSchema>;

export const TargetImageSchema = v.object({
  hash: HashSchema,
  /** Stored pixel size (Image.getSizeAsync). */
  width: whole(1, MAX_PIXELS_SIDE),
  height: whole(1, MAX_PIXELS_SIDE),
  format: ImageFormatSchema,
});
export type TargetImage = v.InferOutput<typeof TargetImageSchema>;

const NameSchema = text(0, MAX_NAME_CHARS);

export const TargetSchema = v.object({
  /** The node whose area is the canvas (the frame, or the shape with the image fill). */
  nodeId: IdSchema,
  nodeName: NameSchema,
  /** 'fill': the image is a fill of the node itself; 'layer': an image layer inside the frame. */
  kind: v.picklist(['fill', 'layer']),
  /** The node that carries the image paint (= nodeId for 'fill'). */
  imageNodeId: IdSchema,
  imageNodeName: NameSchema,
  /** Index of the image paint in the image node's fills. */
  paintIndex: whole(0, MAX_LIST_ITEMS),
  /** The node's size in design units. */
  frame: SizeSchema,
  image: TargetImageSchema,
  /** 'ready': there is something to outpaint; 'covered': the image already covers the frame. */
  status: v.picklist(['ready', 'covered']),
  plan: PlanSchema,
  /** Things the designer should know (several image fills, GIF first frame, scaled by a limit…). */
  notes: list(text(0, MAX_TEXT_CHARS), 100),
  /** Changes when the node's size, image or placement changes: the write-back refuses a stale job. */
  fingerprint: text(1, MAX_TEXT_CHARS),
});
export type Target = v.InferOutput<typeof TargetSchema>;

export const RefusalSchema = v.object({
  nodeId: IdSchema,
  nodeName: NameSchema,
  error: AppErrorSchema,
});
export type Refusal = v.InferOutput<typeof RefusalSchema>;

export const SelectionReportSchema = v.object({
  /** Number of directly selected nodes. */
  selectedCount: whole(0, MAX_LIST_ITEMS),
  targets: list(TargetSchema, MAX_LIST_ITEMS),
  refusals: list(RefusalSchema, MAX_LIST_ITEMS),
});
export type SelectionReport = v.InferOutput<typeof SelectionReportSchema>;
