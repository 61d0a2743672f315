// Placeholder; the pixel worker is built in the image-pipeline change.
export {};
