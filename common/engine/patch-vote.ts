import type { EngineLevel } from './engine-level';
import type { CorrespondenceField } from './patch-match-search';

export interface VoteOptions {
  /** Patch radius: the same one the targets were found with, so every unknown pixel is covered. */
  r: number;
  targets: Int32Array;
  field: CorrespondenceField;
  confidence: Float32Array;
  /** Sum of confidence over each target's search patch, to normalise distances; null: no similarity term. */
  confidenceSums: Float32Array | null;
  /** Accumulators reused across the votes of one level (zeroed here), so each EM iteration allocates nothing. */
  scratch: VoteScratch;
}

export interface VoteScratch {
  /** Weighted colour sums, 3 per pixel. */
  acc: Float32Array;
  weights: Float32Array;
}

export function createVoteScratch(size: number): VoteScratch {
  return { acc: new Float32Array(size * 3), weights: new Float32Array(size) };
}

/**
 * Expectation step of Wexler et al. 2007 (§3.1): every unknown pixel becomes the weighted mean of
 * the colours that all overlapping matched patches propose for it. A patch's weight is the
 * confidence of its centre times exp(-d / 2σ²), σ² being the 75th percentile of match distances.
 */
export function votePatches(level: EngineLevel, options: VoteOptions): void {
  const { r, targets, field, confidence, confidenceSums, scratch } = options;
  const acc = scratch.acc;
  const weights = scratch.weights;
  acc.fill(0);
  weights.fill(0);
  let inverseTwoSigma2 = 0;
  if (confidenceSums !== null) {
    const sigma2 = distancePercentile(targets, field.distance, confidenceSums, 0.75);
    inverseTwoSigma2 = sigma2 > 0 ? 1 / (2 * sigma2) : 0;
  }
  // The two passes are functions of their own taking plain arrays: the options are a fresh object
  // literal per call, whose field types V8 widens on the second call, and a pass optimised while it
  // runs would otherwise stop at the next, never-run one (see README, speed).
  accumulateVotes(level, r, targets, field, confidence, confidenceSums, inverseTwoSigma2, acc, weights);
  normaliseVotes(level, acc, weights);
}

/** Adds every target patch's weighted colours to `acc` and its weight to `weights`, per unknown pixel it covers. */
function accumulateVotes(
  level: EngineLevel,
  r: number,
  targets: Int32Array,
  field: CorrespondenceField,
  confidence: Float32Array,
  confidenceSums: Float32Array | null,
  inverseTwoSigma2: number,
  acc: Float32Array,
  weights: Float32Array,
): void {
  const { width, height, rgb, known } = level;
  const src = field.source;
  const dist = field.distance;
  for (let k = 0; k < targets.length; k++) {
    const t = targets[k]!;
    const s = src[t]!;
    if (s < 0) continue;
    let w = confidence[t]!;
    if (confidenceSums !== null) {
      const cs = confidenceSums[t]!;
      w *= Math.exp(-(cs > 0 ? dist[t]! / cs : 0) * inverseTwoSigma2);
      if (w < 1e-30) w = 1e-30;
    }
    const tx = t % width;
    const ty = (t - tx) / width;
    const sx = s % width;
    const sy = (s - sx) / width;
    const y0 = Math.max(-r, -ty, -sy);
    const y1 = Math.min(r, height - 1 - ty, height - 1 - sy);
    const x0 = Math.max(-r, -tx, -sx);
    const x1 = Math.min(r, width - 1 - tx, width - 1 - sx);
    const shift = (s - t) * 3;
    for (let dy = y0; dy <= y1; dy++) {
      const tRow = t + dy * width;
      const end = tRow + x1;
      for (let ti = tRow + x0; ti <= end; ti++) {
        if (known[ti] === 1) continue;
        const t3 = ti * 3;
        const s3 = t3 + shift;
        acc[t3] = acc[t3]! + w * rgb[s3]!;
        acc[t3 + 1] = acc[t3 + 1]! + w * rgb[s3 + 1]!;
        acc[t3 + 2] = acc[t3 + 2]! + w * rgb[s3 + 2]!;
        weights[ti] = weights[ti]! + w;
      }
    }
  }
}

/** Every unknown pixel with votes becomes their weighted mean. */
function normaliseVotes(level: EngineLevel, acc: Float32Array, weights: Float32Array): void {
  const { rgb, known } = level;
  for (let i = 0; i < known.length; i++) {
    const w = weights[i]!;
    if (w <= 0 || known[i] === 1) continue;
    const inv = 1 / w;
    rgb[i * 3] = acc[i * 3]! * inv;
    rgb[i * 3 + 1] = acc[i * 3 + 1]! * inv;
    rgb[i * 3 + 2] = acc[i * 3 + 2]! * inv;
  }
}

function distancePercentile(targets: Int32Array, dist: Float32Array, sums: Float32Array, p: number): number {
  if (targets.length === 0) return 0;
  // A strided sample is plenty for a percentile and keeps this O(1000 log 1000).
  const stride = Math.max(1, Math.floor(targets.length / 1024));
  const sample: number[] = [];
  for (let k = 0; k < targets.length; k += stride) {
    const t = targets[k]!;
    const cs = sums[t]!;
    sample.push(cs > 0 ? dist[t]! / cs : 0);
  }
  sample.sort((a, b) => a - b);
  return sample[Math.min(sample.length - 1, Math.floor(p * sample.length))]!;
}
