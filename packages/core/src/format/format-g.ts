/**
 * C's `printf("%.{precision}g")`, which is how Stim's C++ streams print numbers (default stream
 * precision 6 for circuit arguments, more for DEM probabilities). JavaScript's own formatting
 * differs (`5e-5` vs `5e-05`, trailing zeros of `toPrecision`), so text written by Stim can only
 * be reproduced byte for byte with this.
 */
export function formatG(value: number, precision = 6): string {
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : value < 0 ? '-inf' : 'nan';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const digits = Math.max(1, precision);
  // toExponential rounds correctly to `digits` significant digits and tells us the exponent
  // after rounding, which is what %g uses to choose between fixed and scientific notation.
  const exponential = value.toExponential(digits - 1);
  const [mantissa = '', exponentText = '0'] = exponential.split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= digits) {
    const sign = exponent < 0 ? '-' : '+';
    const magnitude = String(Math.abs(exponent)).padStart(2, '0');
    return `${stripZeros(mantissa)}e${sign}${magnitude}`;
  }
  return stripZeros(value.toFixed(Math.max(0, digits - 1 - exponent)));
}

function stripZeros(text: string): string {
  if (!text.includes('.')) return text;
  return text.replace(/0+$/, '').replace(/\.$/, '');
}
