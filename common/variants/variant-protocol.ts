// The message payloads of the variants, extend-artboard and launch workflows, as valibot schemas
// (https://valibot.dev/guides/objects/): common/protocol/messages.ts makes them union members, and the types come
// from the schemas.
import * as v from 'valibot';
import { IdSchema, MAX_NAME_CHARS, finite, list, text } from '../protocol/field-schemas';
import { ANCHORS, PlacementSchema } from './format-presets';
import { MAX_VARIANT_SIDE, MAX_VARIANTS, VariantFormatSchema } from './plan-variants';

export type { LaunchRequest } from './quick-parameters';

/** UI → sandbox: make one frame per format beside the node's image. */
export const CreateVariantsRequestSchema = v.object({
  id: IdSchema,
  nodeId: IdSchema,
  formats: list(VariantFormatSchema, MAX_VARIANTS),
  anchor: v.picklist(ANCHORS),
});
export type CreateVariantsRequest = v.InferOutput<typeof CreateVariantsRequestSchema>;

/** UI → sandbox: resize the frame (or make a new one beside it) and place its image. */
export const ExtendArtboardRequestSchema = v.object({
  id: IdSchema,
  nodeId: IdSchema,
  width: finite(1, MAX_VARIANT_SIDE),
  height: finite(1, MAX_VARIANT_SIDE),
  placement: PlacementSchema,
  mode: v.picklist(['resize', 'new']),
});
export type ExtendArtboardRequest = v.InferOutput<typeof ExtendArtboardRequestSchema>;

export const CreatedVariantSchema = v.object({
  nodeId: IdSchema,
  name: text(0, MAX_NAME_CHARS),
  /** False when the image already fills the format: nothing to outpaint there. */
  needsOutpaint: v.boolean(),
});
export type CreatedVariant = v.InferOutput<typeof CreatedVariantSchema>;
