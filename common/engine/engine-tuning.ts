// Settings of the offline engine. The defaults were chosen with the team's crop-and-restore evaluation
// (see README.md in this folder for the figures); tests and experiments may override them.
export interface EngineTuning {
  /**
   * Confidence decay per pixel of distance from the known region. Wexler et al. 2007 use 1.3; 1.5
   * leans harder on the pixels next to the reference and measured +0.2–0.3 dB median PSNR_gen
   * (engine-eval, seeds 1 and 2) at the same detail and seam.
   */
  gamma: number;
  /** Preference for matches that continue a neighbour's offset (0 = plain PatchMatch). */
  coherenceBias: number;
  /** Preference for nearby sources (see SearchState.localityWeight). */
  localityWeight: number;
  /**
   * Searched levels with at most this many pixels rebuild their colours after each search by the
   * centre copy (centre-copy.ts) instead of the vote. On coarse levels, where the sampling band is
   * only a few pixels wide and matches far from the reference are loosely tied, the vote averages
   * sparse detail away (a star field starts, and stays, empty); the copy keeps it. 0 = vote only.
   */
  copyLevelMaxPixels: number;
  /** Largest random-search radius on levels finer than the coarsest (pixels of that level). */
  fineSearchRadius: number;

  /** Pyramid levels with at most this many pixels are searched; larger ones are only carried up. */
  searchMaxPixels: number;
  /** …but on canvases larger than `searchMaxPixels`, only levels with at most this many pixels. */
  largeCanvasSearchMaxPixels: number;
  /** On a canvas that is only carried up, blend each copy with its neighbours' (centre-copy.ts). */
  blendCarried: boolean;

  /** Patch radius on searched levels (4 → 9×9 patches). */
  searchRadius: number;
  /** Patch radius on searched levels larger than `largeLevelPixels` (smaller patches, faster search). */
  largeLevelSearchRadius: number;
  largeLevelPixels: number;
  /** Smallest patch radius a coarse level may fall back to when the sampling band there is thin. */
  coarseMinRadius: number;
  /** Patch radius on vote-only levels. */
  voteRadius: number;
  /** EM iterations (search sweep + vote) on the coarsest level and on finer searched levels. */
  coarsestIterations: number;
  fineIterations: number;
  /** EM iterations on the largest searched level, the most expensive one. */
  largestSearchedIterations: number;
  /** …on canvases larger than `searchMaxPixels`, where that level lies below the canvas. */
  largeCanvasLargestIterations: number;

  /** Stop adding coarser levels when the level is this small (longest side, pixels). */
  coarsestMaxSide: number;
  /** …or when a coarser level would have fewer valid source patches than this. */
  minSourcePatches: number;
  /** A level's patch radius shrinks until at least this share of its band pixels can centre a patch. */
  minSourceShareOfBand: number;
  /** Weight votes by match similarity exp(-d/2σ²) as well as by confidence (Wexler et al. 2007). */
  similarityVotes: boolean;
  /** Finish by copying each pixel from its own patch's match rather than averaging overlapping patches. */
  centreCopy: boolean;
  /** Share of the centre copy in the final colour; the rest is the vote (1 = pure copy). */
  centreCopyWeight: number;
  /**
   * Sampling band (sampling-band.ts): width = this share of the extension's depth, capped at
   * `bandMaxShareOfReference` of the reference's shorter side, at least `bandMinWidth` pixels.
   */
  bandPerExtension: number;
  bandMaxShareOfReference: number;
  bandMinWidth: number;
  /** Border colour correction: fade width, smoothing window radius along the border, largest shift, share of the step removed. */
  borderBand: number;
  borderWindowRadius: number;
  borderMaxShift: number;
  borderStrength: number;
  /**
   * Blend toward a low-pass of the fill far from the reference (smooth-far-fill.ts), in units of the
   * sampling band's width: low-pass radius, where the blend starts, over how far it ramps up, and
   * the largest share of the low-pass, on sides where a subject touches the edge (assess-border.ts).
   * `smoothMaxBlend` 0 turns it off. Chosen on the tuning half with the quality guards
   * (test/common/engine/outpaint-offline-quality.test.ts) as hard limits: starting at one band width
   * keeps brick and star fields above half their real detail.
   */
  smoothRadiusPerBand: number;
  smoothStartPerBand: number;
  smoothRampPerBand: number;
  smoothMaxBlend: number;
  /** Factor on that blend along sides whose band is an even texture (assess-border.ts): 0 keeps them sharp. */
  smoothTextureFactor: number;
  /** …and along sides that are calm or layers (sky, a wall, a tree line over a lawn). Busy sides get the full blend. */
  smoothQuietFactor: number;
  /** Finest detail kept whole by that blend, radius in pixels (0 = none kept). */
  smoothKeepRadius: number;
  /** Continue the reference's edge pixels this many pixels into the fill (edge-continuation.ts); 0 = off. */
  edgeDepth: number;
  /** Share of that continuation in the first generated pixel, fading to 0 at `edgeDepth` + 1. */
  edgeStrength: number;
}

export const DEFAULT_ENGINE_TUNING: EngineTuning = {
  gamma: 1.5,
  coherenceBias: 0.3,
  localityWeight: 1,
  copyLevelMaxPixels: 20_000,
  fineSearchRadius: 32,
  searchMaxPixels: 300_000,
  largeCanvasSearchMaxPixels: 150_000,
  blendCarried: true,
  searchRadius: 4,
  largeLevelSearchRadius: 3,
  largeLevelPixels: 100_000,
  coarseMinRadius: 2,
  voteRadius: 2,
  coarsestIterations: 4,
  fineIterations: 3,
  largestSearchedIterations: 2,
  largeCanvasLargestIterations: 1,
  coarsestMaxSide: 40,
  minSourcePatches: 48,
  minSourceShareOfBand: 0.15,
  similarityVotes: false,
  centreCopy: true,
  centreCopyWeight: 0.5,
  bandPerExtension: 0.5,
  bandMaxShareOfReference: 0.25,
  bandMinWidth: 12,
  borderBand: 10,
  borderWindowRadius: 2,
  borderMaxShift: 64,
  borderStrength: 0.85,
  smoothRadiusPerBand: 1,
  smoothStartPerBand: 0,
  smoothRampPerBand: 0.5,
  smoothMaxBlend: 1,
  smoothTextureFactor: 1,
  smoothQuietFactor: 1,
  smoothKeepRadius: 2,
  edgeDepth: 3,
  edgeStrength: 0.5,
};
