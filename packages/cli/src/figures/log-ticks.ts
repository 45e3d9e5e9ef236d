/**
 * Ticks and labels for log axes. Plot's defaults label log ticks with SI prefixes ("2m", "20µ"),
 * which read wrongly in a physics figure, so figures pass explicit ticks: powers of ten when the
 * axis spans a few decades, 1-2-5 steps when it spans less (a p sweep from 0.002 to 0.012 would
 * otherwise get a single label), unlabelled minor ticks at the other integers × 10^k.
 */
const SUPERSCRIPT: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };

export interface LogTicks {
  readonly major: readonly number[];
  readonly minor: readonly number[];
}

/** 10^k·m rounded to the nearest double of its decimal spelling (so 3·10⁻³ is exactly 0.003). */
const decimal = (m: number, k: number): number => Number(`${m}e${k}`);

export function logTicks(min: number, max: number): LogTicks {
  if (!(min > 0 && max >= min)) throw new RangeError(`log ticks need 0 < min <= max, got ${min}, ${max}`);
  const low = Math.floor(Math.log10(min));
  const high = Math.ceil(Math.log10(max));
  const inRange = (v: number) => v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9);
  const all: number[] = [];
  for (let k = low; k <= high; k++) for (let m = 1; m <= 9; m++) all.push(decimal(m, k));
  const ticks = all.filter(inRange);
  const leading = (v: number) => Number(v.toExponential().split('e')[0]);
  const decades = Math.log10(max / min);
  const majorMantissas = decades >= 1.5 ? [1] : decades >= 0.5 ? [1, 2, 5] : [1, 2, 3, 4, 5, 6, 7, 8, 9];
  const major = ticks.filter((v) => majorMantissas.includes(leading(v)));
  return { major, minor: ticks.filter((v) => !major.includes(v)) };
}

/** 0.002 and 0.5 as decimals; 10⁻⁵ and 2×10⁻⁵ below a thousandth (or from 10⁴ up). */
export function formatTick(value: number): string {
  if (value === 0) return '0';
  const [mantissa = '', exponentText = '0'] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent >= -3 && exponent < 4) return String(Number(value.toPrecision(12)));
  const power = `10${String(exponent).replace(/./g, (c) => SUPERSCRIPT[c] ?? c)}`;
  return mantissa === '1' ? power : `${mantissa}×${power}`;
}

/** A log domain around the values, padded by a few percent of its span so end points show whole. */
export function logDomain(values: readonly number[]): [number, number] {
  const positive = values.filter((v) => v > 0 && Number.isFinite(v));
  if (positive.length === 0) return [1e-3, 1];
  const min = Math.min(...positive);
  const max = Math.max(...positive);
  const pad = Math.max(1.1, (max / min) ** 0.04);
  return [min / pad, max * pad];
}
