/**
 * Numbers as a reader wants them: four significant digits (a fitted 4.213875019372 reads
 * 4.214), scientific notation outside [1e-3, 1e5), no trailing zeros. The exact values stay
 * in the explorer's JSON.
 */
export function formatNumber(value: number, digits = 4): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e5 || abs < 1e-3) return value.toExponential(digits - 1).replace(/\.?0+e/, 'e');
  return String(Number(value.toPrecision(digits)));
}

/** `k = 4.214, c = 0.5` for a parameter set. */
export function formatParams(params: Readonly<Record<string, number>>): string {
  return Object.entries(params)
    .map(([name, value]) => `${name} = ${formatNumber(value)}`)
    .join(', ');
}
