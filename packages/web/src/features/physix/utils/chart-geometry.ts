/**
 * Scales, ticks and paths for the trajectory charts (hand-written SVG, no chart library).
 * A diverging prediction must not flatten the observed curve, so the y range follows the
 * observations and lets a prediction widen it by at most one observed span on either side;
 * the chart clips whatever lies beyond.
 */
export interface Scale {
  (value: number): number;
  readonly domain: readonly [number, number];
}

export function linearScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const slope = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  const scale = (value: number) => (d1 === d0 ? (r0 + r1) / 2 : r0 + (value - d0) * slope);
  return Object.assign(scale, { domain });
}

export function valueRange(observed: ArrayLike<number>, predicted?: ArrayLike<number>): [number, number] {
  const [lo, hi] = finiteExtent(observed) ?? [0, 1];
  const span = hi - lo || Math.abs(hi) || 1;
  let min = lo;
  let max = hi;
  const other = predicted === undefined ? undefined : finiteExtent(predicted);
  if (other !== undefined) {
    min = Math.max(Math.min(min, other[0]), lo - span);
    max = Math.min(Math.max(max, other[1]), hi + span);
  }
  const pad = (max - min || span) * 0.06;
  return [min - pad, max + pad];
}

function finiteExtent(values: ArrayLike<number>): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : undefined;
}

/** About `count` round ticks (1, 2 or 5 times a power of ten) inside [min, max]. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let k = Math.ceil(min / step); k * step <= max + step * 1e-9; k++) ticks.push(Number((k * step).toPrecision(12)));
  return ticks;
}

/** A polyline path through (x[i], y[i]); non-finite points break the line. */
export function linePath(xs: ArrayLike<number>, ys: ArrayLike<number>, x: Scale, y: Scale): string {
  let path = '';
  let pen = false;
  for (let i = 0; i < Math.min(xs.length, ys.length); i++) {
    const v = ys[i]!;
    if (!Number.isFinite(v)) {
      pen = false;
      continue;
    }
    path += `${pen ? 'L' : 'M'}${round(x(xs[i]!))} ${round(y(v))}`;
    pen = true;
  }
  return path;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
