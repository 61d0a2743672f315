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
  // Walk the rows with running indices (pixel index for the confidence, ×3 for the colours):
  // this loop is most of the engine's time, so it avoids per-pixel multiplications.
  let tRow = t - r * width - r;
  let t3Row = tRow * 3;
  let s3Row = (s - r * width - r) * 3;
  const rowStep3 = width * 3;
  for (let dy = 0; dy < side; dy++) {
    let ti = tRow;
    let t3 = t3Row;
    let s3 = s3Row;
    const end = tRow + side;
    while (ti < end) {
      const dr = rgb[t3]! - rgb[s3]!;
      const dg = rgb[t3 + 1]! - rgb[s3 + 1]!;
      const db = rgb[t3 + 2]! - rgb[s3 + 2]!;
      sum += confidence[ti]! * (dr * dr + dg * dg + db * db);
      ti++;
      t3 += 3;
      s3 += 3;
    }
    if (sum > limit) return sum;
    tRow += width;
    t3Row += rowStep3;
    s3Row += rowStep3;
  }
  return sum;
}
