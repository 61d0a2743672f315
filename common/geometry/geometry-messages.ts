// Every geometry refusal a designer can see, in one place so each stays ≤ 100 characters (figma.notify,
// common/protocol/errors.ts) and names the next step.
export const GEOMETRY_MESSAGES = {
  tile: "Tiled images can't be extended — set the fill to Fit or Crop",
  skewed: "This image's crop is rotated or skewed — reset the crop, or set the fill to Fit",
  degenerate: "This image's crop has no size — reset the crop, or set the fill to Fit",
  rotation: 'The image fill is turned by an odd angle — rotate it in 90° steps, or reset it',
  flipped: "Flipped images can't be extended — unflip the image or its crop, then try again",
  stretched: 'This image is stretched out of proportion — crop it proportionally or set it to Fit',
  emptyNode: 'This layer has no size — resize it, then try again',
  emptyImage: 'The image has no pixels — replace the image, then try again',
  tinyVisible: 'Less than 1 px of the image shows in the frame — move or enlarge the image',
  tinyAfterScale: 'Scaled to the 4 MP API limit the image would be under 1 px — use a smaller frame',
  strip: 'This frame is too narrow: the API needs 64 px per side, Figma allows 4096 — widen it',
} as const;
