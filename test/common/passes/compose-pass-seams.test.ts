// Issue #15 point 3: a multi-pass result's seams (original ↔ new, pass ↔ pass, tile ↔ tile) are no worse than a
// single pass's seam. The scene is smooth, so any step a designer would see is the compositing's, not the content's.
import { describe, expect, it } from 'vitest';
import { composePass, passReference, startCanvas } from '../../../common/passes/compose-pass';
import { FLUX_PASS_LIMITS, planPasses, type Pass } from '../../../common/passes/plan-passes';
import { composeOriginal } from '../../../common/pixels/compose-original';
import { createRgba, type Rgba } from '../../../common/pixels/rgba';
import { DEFAULT_SETTINGS } from '../../../common/settings';
import type { Rect } from '../../../common/geometry/plan';

const FEATHER = DEFAULT_SETTINGS.feather;
/** Every request drifts in tone by this much per channel (in a direction of its own): the single pass too. */
const DRIFT = 10;
/** Grey levels a seam may exceed the single pass's by: rounding and the ±2 grain. */
const TOLERANCE = 0.75;

/** The scene: smooth in every direction, so neighbouring pixels differ by at most about one grey level. */
function scene(x: number, y: number, c: number): number {
  return 128 + 40 * Math.sin(x / 53 + c) + 25 * Math.cos(y / 41 - 0.7 * c) + 0.02 * (x - y);
}

function sourceImage(at: Rect): Rgba {
  const img = createRgba(at.width, at.height);
  for (let y = 0; y < at.height; y++)
    for (let x = 0; x < at.width; x++) {
      const i = (y * at.width + x) * 4;
      for (let c = 0; c < 3; c++) img.data[i + c] = Math.round(scene(at.x + x, at.y + y, c));
      img.data[i + 3] = 255;
    }
  return img;
}

function grain(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return ((s >>> 0) % 5) - 2;
  };
}

/** This request's drift: the same size for every request, its sign per channel varying from request to request. */
function driftOf(index: number): [number, number, number] {
  return [0, 1, 2].map((c) => (((index * 5 + c * 3) >> 1) % 2 === 0 ? DRIFT : -DRIFT)) as [number, number, number];
}

/**
 * What a generator answers for `region` given `known`, the pixels sent as its reference (placed at `reference`): a copy,
 * and the scene continued in the tone of the reference next to it (earlier passes' drift included), all shifted by
 * the request's own drift, with grain.
 */
function fakeGenerator(known: Rgba, region: Rect, reference: Rect, index: number, tone: Tone): Rgba {
  const drift = driftOf(index);
  const mean = tone === 'average' ? meanTone(known, reference) : null;
  const next = grain(index * 7919 + 13);
  const clamp = (v: number, lo: number, size: number) => Math.min(lo + size - 1, Math.max(lo, v));
  const out = createRgba(region.width, region.height);
  for (let y = region.y; y < region.y + region.height; y++)
    for (let x = region.x; x < region.x + region.width; x++) {
      // The nearest known pixel: itself inside the reference, else the reference's edge next to it.
      const kx = clamp(x, reference.x, reference.width);
      const ky = clamp(y, reference.y, reference.height);
      const k = ((ky - reference.y) * known.width + (kx - reference.x)) * 4;
      const d = ((y - region.y) * region.width + (x - region.x)) * 4;
      for (let c = 0; c < 3; c++) {
        const inside = kx === x && ky === y;
        const offset = mean && !inside ? mean[c]! : known.data[k + c]! - scene(kx, ky, c);
        out.data[d + c] = Math.round(scene(x, y, c) + offset + drift[c]! + next());
      }
      out.data[d + 3] = 255;
    }
  return out;
}

/**
 * How a generator carries the reference's tone into the new area: from the reference's edge next to it, or as the
 * reference's average (a model that reads the whole reference's colour cast and does not match its own copy of the
 * edge exactly; the multi-pass reference holds earlier passes' drift, so its average differs from its edge).
 */
type Tone = 'edge' | 'average';

function meanTone(known: Rgba, reference: Rect): [number, number, number] {
  const sum = [0, 0, 0];
  for (let y = 0; y < reference.height; y++)
    for (let x = 0; x < reference.width; x++)
      for (let c = 0; c < 3; c++)
        sum[c]! += known.data[(y * known.width + x) * 4 + c]! - scene(reference.x + x, reference.y + y, c);
  const n = reference.width * reference.height;
  return [sum[0]! / n, sum[1]! / n, sum[2]! / n];
}

/** A seam line: vertical (between columns at−1 and at, over rows from…to) or horizontal (rows, over columns). */
interface Line {
  vertical: boolean;
  at: number;
  from: number;
  to: number;
}

/** Mean |difference| per channel between the pixels either side of the line shifted by k. */
function stepAt(img: Rgba, line: Line, k: number): number {
  let sum = 0;
  let n = 0;
  for (let u = line.from; u < line.to; u++) {
    const a = line.vertical ? (u * img.width + line.at + k - 1) * 4 : ((line.at + k - 1) * img.width + u) * 4;
    const b = line.vertical ? a + 4 : a + img.width * 4;
    for (let c = 0; c < 3; c++) sum += Math.abs(img.data[a + c]! - img.data[b + c]!);
    n += 3;
  }
  return sum / n;
}

/**
 * How much a seam shows: the largest step anywhere across the line and its feather band, minus the step just
 * past the band inside either side (what the smooth scene and grain give anyway).
 */
function seamExcess(img: Rgba, line: Line): number {
  const band = FEATHER + 2;
  const size = line.vertical ? img.width : img.height;
  const inside = (k: number) => line.at + k - 1 >= 0 && line.at + k < size;
  let worst = 0;
  for (let k = -band; k <= band; k++) if (inside(k)) worst = Math.max(worst, stepAt(img, line, k));
  const calm = [-band - 2, band + 2].filter(inside).map((k) => stepAt(img, line, k));
  return worst - calm.reduce((a, b) => a + b, 0) / calm.length;
}

function edgesOf(inner: Rect, outer: Rect): Line[] {
  const lines: Line[] = [];
  const rows = { from: inner.y, to: inner.y + inner.height };
  const cols = { from: inner.x, to: inner.x + inner.width };
  if (inner.x > outer.x) lines.push({ vertical: true, at: inner.x, ...rows });
  if (inner.x + inner.width < outer.x + outer.width) lines.push({ vertical: true, at: inner.x + inner.width, ...rows });
  if (inner.y > outer.y) lines.push({ vertical: false, at: inner.y, ...cols });
  if (inner.y + inner.height < outer.y + outer.height)
    lines.push({ vertical: false, at: inner.y + inner.height, ...cols });
  return lines;
}

/** Every line where pixels of different origin meet: each reference's edge in its request, each tile overlap's ends. */
function seamsOf(passes: Pass[]): Line[] {
  const lines: Line[] = [];
  for (const { region, reference, blend } of passes) {
    lines.push(...edgesOf(reference, region));
    if (blend === null) continue;
    const { rect, from } = blend;
    if (from === 'left' || from === 'right') {
      for (const at of [rect.x, rect.x + rect.width])
        lines.push({ vertical: true, at, from: rect.y, to: rect.y + rect.height });
    } else {
      for (const at of [rect.y, rect.y + rect.height])
        lines.push({ vertical: false, at, from: rect.x, to: rect.x + rect.width });
    }
  }
  return lines;
}

function compare(canvas: { width: number; height: number }, original: Rect, tone: Tone, limits = FLUX_PASS_LIMITS) {
  const source = sourceImage(original);
  const output = { width: canvas.width, height: canvas.height, offsetX: original.x, offsetY: original.y, scale: 1 };
  const whole: Rect = { x: 0, y: 0, ...canvas };

  const single = composeOriginal({
    generated: fakeGenerator(source, whole, original, 0, tone),
    original: source,
    x: original.x,
    y: original.y,
    feather: FEATHER,
  });
  const singleWorst = Math.max(...edgesOf(original, whole).map((line) => seamExcess(single, line)));

  const result = planPasses({ canvas, original, fast: false, limits });
  if (!result.ok) throw new Error(result.reason);
  const { passes } = result.plan;
  const multi = startCanvas(source, { output });
  passes.forEach((pass, i) => {
    // The generator sees only the reference cut from the canvas, as the engine sends it.
    composePass(
      multi,
      fakeGenerator(passReference(multi, pass), pass.region, pass.reference, i + 1, tone),
      pass,
      FEATHER,
    );
  });
  const lines = [...edgesOf(original, whole), ...seamsOf(passes)];
  const multiWorst = Math.max(...lines.map((line) => seamExcess(multi, line)));

  let originalExact = true;
  for (let y = 0; y < original.height && originalExact; y++) {
    const from = ((original.y + y) * canvas.width + original.x) * 4;
    const row = multi.data.subarray(from, from + original.width * 4);
    const want = source.data.subarray(y * original.width * 4, (y + 1) * original.width * 4);
    originalExact = row.every((v, i) => v === want[i]);
  }
  return { passes, singleWorst, multiWorst, originalExact };
}

describe.each<Tone>(['edge', 'average'])('seams of a multi-pass outpaint, generator carrying the %s tone', (tone) => {
  it('a 1:1 → 4:1 extension in steps shows no seam worse than one pass would, and keeps the original exact', () => {
    const { passes, singleWorst, multiWorst, originalExact } = compare(
      { width: 1024, height: 256 },
      { x: 384, y: 0, width: 256, height: 256 },
      tone,
    );
    expect(passes.length).toBeGreaterThan(1);
    expect(originalExact).toBe(true);
    expect(singleWorst).toBeGreaterThan(0.5); // the single pass's feather band is measurable, so the bound means something
    expect(multiWorst).toBeLessThanOrEqual(singleWorst + TOLERANCE);
  });

  it('a canvas past the request limit, filled in tiles, shows no tile or pass seam worse than one pass would', () => {
    // A 40,000 px request limit stands in for 4 MP: the same tiles and overlaps at a 1/100 of the pixels.
    const limits = { ...FLUX_PASS_LIMITS, maxPixels: 40_000, maxSide: 1024 };
    const { passes, singleWorst, multiWorst, originalExact } = compare(
      { width: 420, height: 300 },
      { x: 60, y: 50, width: 300, height: 200 },
      tone,
      limits,
    );
    expect(passes.some((p) => p.blend !== null)).toBe(true);
    expect(originalExact).toBe(true);
    expect(multiWorst).toBeLessThanOrEqual(singleWorst + TOLERANCE);
  });
});
