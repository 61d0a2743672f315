// The plugin data a variant frame carries (plugin/create-variant-frames.ts): where it came from, for later runs,
// and — by being there — that the frame is a platform format written at 1 px per unit (plugin/snapshot-node.ts).
export const VARIANT_DATA_KEY = 'outpaint.variant';
