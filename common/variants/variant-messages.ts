// What the variants and extend workflows say to the designer. Each names the next step and stays within the
// 100 characters figma.notify shows (https://developers.figma.com/docs/plugins/api/properties/figma-notify).
export const VARIANT_MESSAGES = {
  noFormats: 'Pick at least one format for the variants.',
  tooManyFormats: 'Pick at most 24 formats at a time.',
  noImage: 'Select one image or frame with an image to make variants from.',
  imageUnreadable: "Figma couldn't read this image's placement. Select a frame with a plain image.",
  created: (count: number) => `Made ${count} variant frame${count === 1 ? '' : 's'} beside the image.`,
  createFailed: 'Figma could not create the variant frames. Try again.',
  hugFrame: 'This auto-layout frame hugs its content. Set its size to Fixed, then extend it.',
  instanceResize: "Instances can't be extended in place. Choose “New frame beside it”.",
  insideInstance: "Layers inside an instance can't be resized. Choose “New frame beside it”.",
  badSize: 'Enter a width and height between 1 and 16384.',
  nothingToExtend: 'The image already fills that size. Pick a larger size or move the image.',
  extendFailed: 'Figma could not extend the frame. Try again.',
} as const;
