/**
 * Test-only statistics for comparing two samplers (or a sampler and a reference file) by the
 * firing rate of each bit and of chosen bit pairs, over packed shot rows (shots/row-bits.ts).
 */
import { expect } from 'vitest';
import { bytesPerShot } from '../shots/row-bits.ts';

export interface BitRates {
  /** Fraction of shots with bit k set. */
  readonly rates: readonly number[];
  /** Fraction of shots with both bits of pair j set. */
  readonly pairRates: readonly number[];
}

/** Rates of every bit, and of both bits of each pair, over `shots` packed rows of `bits` bits. */
export function bitRates(
  rows: Uint8Array,
  bits: number,
  shots: number,
  pairs: readonly (readonly [number, number])[] = [],
): BitRates {
  const rowBytes = bytesPerShot(bits);
  const ones = new Float64Array(bits);
  const both = new Float64Array(pairs.length);
  for (let shot = 0, r = 0; shot < shots; shot++, r += rowBytes) {
    let any = 0;
    for (let b = 0; b < rowBytes; b++) {
      const byte = rows[r + b]!;
      any |= byte;
      for (let m = byte; m !== 0; m &= m - 1) ones[8 * b + 31 - Math.clz32(m & -m)]!++;
    }
    if (any === 0) continue;
    pairs.forEach(([a, c], j) => {
      if ((rows[r + (a >>> 3)]! >>> (a & 7)) & (rows[r + (c >>> 3)]! >>> (c & 7)) & 1) both[j]!++;
    });
  }
  return { rates: Array.from(ones, (n) => n / shots), pairRates: Array.from(both, (n) => n / shots) };
}

/**
 * Two-sample test per rate: |a − b| ≤ `sigmas` standard errors of the difference, the variance
 * being that of two independent binomial proportions around the pooled rate,
 * p(1 − p)(1/nA + 1/nB). Lists every offending rate on failure.
 */
export function expectRatesAgree(
  what: string,
  a: BitRates,
  shotsA: number,
  b: BitRates,
  shotsB: number,
  sigmas = 5,
): void {
  const failures: string[] = [];
  const check = (label: string, ra: number, rb: number) => {
    const pooled = (ra * shotsA + rb * shotsB) / (shotsA + shotsB);
    const se = Math.sqrt(pooled * (1 - pooled) * (1 / shotsA + 1 / shotsB));
    const z = se === 0 ? (ra === rb ? 0 : Number.POSITIVE_INFINITY) : Math.abs(ra - rb) / se;
    if (!(z <= sigmas)) failures.push(`${what} ${label}: ${ra} vs ${rb} (${z.toFixed(1)} sigma)`);
  };
  expect(a.rates.length, `${what}: number of bits`).toBe(b.rates.length);
  expect(a.pairRates.length, `${what}: number of pairs`).toBe(b.pairRates.length);
  a.rates.forEach((ra, k) => check(`bit ${k}`, ra, b.rates[k]!));
  a.pairRates.forEach((ra, j) => check(`pair ${j}`, ra, b.pairRates[j]!));
  expect(failures).toEqual([]);
}
