/**
 * Confidence-weighted sum of squared RGB differences between the patch centred at target `t` and
 * the one centred at source `s` (Wexler et al. 2007: pixels near the known region weigh more).
 * Stops early once the sum exceeds `limit`, as only "is it better than the current match" matters.
 */
export function patchDistance(
  rgb: Float32Array,
  confidence: Float32Array,
  width: number,
  r: number,
  t: number,
  s: number,
  limit: number,
): number {
  const side = 2 * r + 1;
  let sum = 0;
  let tRow = t - r * width - r;
  let sRow = s - r * width - r;
  for (let dy = 0; dy < side; dy++) {
    for (let dx = 0; dx < side; dx++) {
      const ti = tRow + dx;
      const t3 = ti * 3;
      const s3 = (sRow + dx) * 3;
      const dr = rgb[t3]! - rgb[s3]!;
      const dg = rgb[t3 + 1]! - rgb[s3 + 1]!;
      const db = rgb[t3 + 2]! - rgb[s3 + 2]!;
      sum += confidence[ti]! * (dr * dr + dg * dg + db * db);
    }
    if (sum > limit) return sum;
    tRow += width;
    sRow += width;
  }
  return sum;
}
