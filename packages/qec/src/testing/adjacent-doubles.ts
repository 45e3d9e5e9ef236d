/**
 * Test-only neighbours of a positive double, for probing where a computed quotient crosses an
 * integer (the geometric gap's hard cases: geometric-gap.test.ts, noise-kernel.test.ts).
 */

/** The next double above x (x > 0). */
export function nextUp(x: number): number {
  const bits = new BigUint64Array(new Float64Array([x]).buffer);
  bits[0]! += 1n;
  return new Float64Array(bits.buffer)[0]!;
}

/** The next double below x (x > 0). */
export function nextDown(x: number): number {
  const bits = new BigUint64Array(new Float64Array([x]).buffer);
  bits[0]! -= 1n;
  return new Float64Array(bits.buffer)[0]!;
}
