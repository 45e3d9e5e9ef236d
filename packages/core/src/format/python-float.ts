/**
 * Python's `repr(float)` / `str(float)` (CPython's "short" float repr: shortest round-trip
 * digits, scientific notation below 1e-4 or from 1e16, two-digit exponents, `.0` on integral
 * values). Texts that Python programs wrote must be reproduced byte for byte: Qubit-Medic's v1
 * prompt (`str(0.0005)` is `0.0005` but `str(1e-05)` is `1e-05`, where JavaScript prints
 * `0.00001`) and the float literals of OpenEnv's FastAPI and `json.dumps` replies.
 */
export function pythonFloatRepr(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const [mantissa = '', exponentText = '0'] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) {
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  const text = String(value);
  return text.includes('.') || text.includes('e') ? text : `${text}.0`;
}
