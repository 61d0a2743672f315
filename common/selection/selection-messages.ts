// What the selection planner tells a designer, each ≤ 100 characters (figma.notify) and naming the next step.
// Notes are information, refusals say why a node can't be used; names are shortened so notes stay short.
export const SELECTION_MESSAGES = {
  noImage: 'Select a frame with an image',
  group: "Groups can't be extended — select the frame or the image layer inside",
  unsupportedType: "This kind of layer can't be extended — select a frame or shape with an image",
  hidden: 'This layer is hidden — show it, then select it again',
  scaledInstance: 'This instance is scaled — reset its scale to 100% or detach it, then try again',
  hashNull: 'The image is missing or still loading — wait, or re-import it, then try again',
  sizeUnknown: "Figma couldn't read this image — re-import it, then try again",
  layerRotated: 'The image layer is rotated in its frame — set its rotation to 0°, then try again',
  layerFlipped: 'The image layer is flipped — flip it back, then try again',
} as const;

const MAX_NAME = 24;

export function shortName(name: string): string {
  const trimmed = name.trim() || 'Untitled';
  return trimmed.length <= MAX_NAME ? trimmed : `${trimmed.slice(0, MAX_NAME - 1)}…`;
}

export const SELECTION_NOTES = {
  severalFills: (count: number) => `Using the top image fill of ${count}`,
  gif: 'Only the first frame of the GIF is used',
  locked: 'This layer is locked; Outpaint can still write the result into it',
  ownFillOverLayers: "Using the frame's own image fill; the image layers inside stay as they are",
  layerBecauseFillCovers: (name: string) =>
    `The frame's own image covers it, so the layer “${shortName(name)}” is used`,
  largestLayer: (name: string, count: number) => `Using “${shortName(name)}”, the largest of ${count} image layers`,
  skipped: (count: number) =>
    count === 1 ? "Skipped 1 image that can't be extended" : `Skipped ${count} images that can't be extended`,
  frameDoesNotClip: "The frame doesn't clip its content: only the part of the image inside it is used",
  instanceLayer: "Instances can't take new layers: the result will be placed beside it (detach to write inside)",
  coveredByFill: 'Fill mode covers the frame — set the fill to Fit, or crop the image smaller, to extend',
  covered: 'The image already covers the frame — make the frame larger to extend it',
  // Said for both engines (the offline one works on the same plan), so it names no sending.
  apiPixels: (percent: number) => `New area made at ${percent}% size for the 4 MP limit; the original stays sharp`,
  apiMinSide: "Enlarged to the API's 64 px minimum; written back at the image's own size",
  figmaMaxSide: (percent: number) => `Written at ${percent}% size: Figma images are at most 4096 px on a side`,
  largeExtension: (ratio: number) =>
    `The new area is ${ratio.toFixed(1)}× the image; results are best up to 1× — extend in steps`,
} as const;
