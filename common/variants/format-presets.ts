// The social formats a designer can pick for variants, the aspect presets for extending an artboard, and the
// anchors both use. Sizes are the platforms' recommended upload sizes in pixels, used here as design units
// (Figma's 1 unit = 1 px at 1×), so the frames come out at the size the platform asks for.
import * as v from 'valibot';
import { finite } from '../protocol/field-schemas';

export interface FormatPreset {
  /** Stable id: used by quick actions ("format" parameter) and by tests. */
  id: string;
  /** What the designer reads; the frame is named "<label> <width>×<height>". */
  label: string;
  width: number;
  height: number;
}

// Instagram: help.instagram.com/1631821640426723 (1080 wide; 1:1, 4:5, 9:16 for stories and reels).
// Facebook: Meta's link/feed image 1200×630. LinkedIn: 1200×627 shared-image size. X: 1600×900 (16:9).
// YouTube: 1280×720 thumbnail (support.google.com/youtube/answer/72431). Pinterest: 1000×1500 (2:3).
export const FORMAT_PRESETS: readonly FormatPreset[] = [
  { id: 'instagram-post', label: 'Instagram post', width: 1080, height: 1080 },
  { id: 'instagram-portrait', label: 'Instagram portrait', width: 1080, height: 1350 },
  { id: 'instagram-story', label: 'Instagram story', width: 1080, height: 1920 },
  { id: 'facebook-post', label: 'Facebook post', width: 1200, height: 630 },
  { id: 'linkedin-post', label: 'LinkedIn post', width: 1200, height: 627 },
  { id: 'x-post', label: 'X post', width: 1600, height: 900 },
  { id: 'youtube-thumbnail', label: 'YouTube thumbnail', width: 1280, height: 720 },
  { id: 'pinterest-pin', label: 'Pinterest pin', width: 1000, height: 1500 },
];

export function findPreset(id: string): FormatPreset | null {
  return FORMAT_PRESETS.find((preset) => preset.id === id) ?? null;
}

/** Aspect presets for "Extend artboard": width : height. */
export interface AspectPreset {
  id: string;
  label: string;
  width: number;
  height: number;
}

export const ASPECT_PRESETS: readonly AspectPreset[] = [
  { id: '1:1', label: '1:1', width: 1, height: 1 },
  { id: '4:5', label: '4:5', width: 4, height: 5 },
  { id: '9:16', label: '9:16', width: 9, height: 16 },
  { id: '16:9', label: '16:9', width: 16, height: 9 },
  { id: '3:1', label: '3:1', width: 3, height: 1 },
];

/** Where the image sits in a frame bigger than it: a side, a corner, or the centre. Listed once: the type comes from the list. */
export const ANCHORS = [
  'top-left',
  'top',
  'top-right',
  'left',
  'center',
  'right',
  'bottom-left',
  'bottom',
  'bottom-right',
] as const;
export type Anchor = (typeof ANCHORS)[number];

/**
 * Placement as a fraction of the free space on each axis: 0 = flush left/top, 1 = flush right/bottom. The same
 * number means the same thing whatever the sizes, so the UI (which knows sizes only approximately) and the
 * sandbox (which knows them exactly) agree on where the image goes.
 */
export const PlacementSchema = v.object({ x: finite(0, 1), y: finite(0, 1) });
export type Placement = v.InferOutput<typeof PlacementSchema>;

export function anchorPlacement(anchor: Anchor): Placement {
  const x = anchor.endsWith('left') ? 0 : anchor.endsWith('right') ? 1 : 0.5;
  const y = anchor.startsWith('top') ? 0 : anchor.startsWith('bottom') ? 1 : 0.5;
  return { x, y };
}

export function anchorLabel(anchor: Anchor): string {
  return anchor === 'center'
    ? 'Centre'
    : anchor
        .split('-')
        .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
        .join(' ');
}

/** "Instagram story 1080×1920"; custom sizes read "Custom 800×600". */
export function formatName(label: string, width: number, height: number): string {
  return `${label} ${width}×${height}`;
}
