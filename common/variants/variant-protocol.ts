// The message payloads of the variants, extend-artboard and launch workflows (common/protocol/messages.ts holds
// the union members; parse-variant-messages.ts validates them).
import type { Anchor, Placement } from './format-presets';
import type { VariantFormat } from './plan-variants';

export type { LaunchRequest } from './quick-parameters';

/** UI → sandbox: make one frame per format beside the node's image. */
export interface CreateVariantsRequest {
  id: string;
  nodeId: string;
  formats: VariantFormat[];
  anchor: Anchor;
}

/** UI → sandbox: resize the frame (or make a new one beside it) and place its image. */
export interface ExtendArtboardRequest {
  id: string;
  nodeId: string;
  width: number;
  height: number;
  placement: Placement;
  mode: 'resize' | 'new';
}

export interface CreatedVariant {
  nodeId: string;
  name: string;
  /** False when the image already fills the format: nothing to outpaint there. */
  needsOutpaint: boolean;
}
