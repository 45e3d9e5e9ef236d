/**
 * The geometric gap `Math.floor(Math.log(x) / logOneMinusP)` of geometric skipping
 * (@verilab/core rng/geometric.ts), bit for bit, without calling Math.log on almost every draw.
 *
 * Math.log is a call out of optimized code into V8's C library log and costs more than the four
 * xoshiro128** draws of a hit together. The gap is only its floor, so a cheap estimate of
 * log(x) with a proven error bound decides it whenever the quotient is not within that bound of
 * an integer; only then (about 2·ERROR_BOUND/|logOneMinusP| of the draws, 2e-7 at p = 0.001)
 * do we pay for the exact expression. Either way the result is the exact expression's, so
 * seeded samples do not change.
 *
 * The estimate (Tang's table-driven method, "Table-driven implementation of the logarithm
 * function in IEEE floating-point arithmetic", ACM TOMS 16(4), 1990): x = 2^e · m with m in
 * [1, 2); c = 1 + (j + ½)/128 for m's top 7 fraction bits j, so r = m/c − 1 has |r| < 2^-8;
 * log x = e·ln 2 + log c + log(1 + r), the last by its series to r⁴. The series' truncation is
 * below |r|⁵/5 < 2e-13 and rounding adds a few 1e-15; ERROR_BOUND covers both 500 times over,
 * and the exact quotient's own roundings (Math.log within 1 ulp, the division half an ulp) are
 * covered by the relative slack.
 *
 * The frame sampler runs the same computation in WebAssembly (noise-kernel.ts), operation for
 * operation on these tables and constants, so both give the same gaps.
 */

/** Bound on |estimate − log x| (see the header), with a wide margin. */
const ERROR_BOUND = 1e-10;
/** Relative slack for the roundings of Math.log, both divisions and the product (each ≤ 2^-52). */
const RELATIVE_SLACK = 2 ** -48;

const TABLE_BITS = 7;
const TABLE_SIZE = 1 << TABLE_BITS;
/** 1/c and log c for each table point c = 1 + (j + ½)/128. */
const INVERSE_CENTER = new Float64Array(TABLE_SIZE);
const LOG_CENTER = new Float64Array(TABLE_SIZE);
for (let j = 0; j < TABLE_SIZE; j++) {
  const center = 1 + (j + 0.5) / TABLE_SIZE;
  INVERSE_CENTER[j] = 1 / center;
  LOG_CENTER[j] = Math.log(center);
}
/** 2^-e for x's exponent e = -k, k = 0..63: scales x into [1, 2) exactly. */
const SCALE = Float64Array.from({ length: 64 }, (_, k) => 2 ** k);

/**
 * The tables and constants above, for noise-kernel.ts to copy. They are handed out in one
 * object rather than exported one by one: V8 reads an exported module binding through a cell
 * it cannot fold into geometricGapOf's code, which made `sample_dem` ~25 % slower (18.2M →
 * 13.8M shots/s in its bench when b8820a5 exported them).
 */
export const GEOMETRIC_GAP_TABLES = { ERROR_BOUND, RELATIVE_SLACK, TABLE_BITS, TABLE_SIZE, INVERSE_CENTER, LOG_CENTER, SCALE } as const;

/** One double viewed as two int32 words, to read x's exponent and top fraction bits. */
const BITS = new Float64Array(1);
const WORDS = new Int32Array(BITS.buffer);
/** Which word holds the sign, exponent and top 20 fraction bits (typed arrays use the platform's byte order). */
const HIGH_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/**
 * Exactly `Math.floor(Math.log(x) / logOneMinusP)` for x in [2^-63, 1] (the geometric
 * sampler's 1 − U, U a 53-bit uniform in [0, 1)) and logOneMinusP = ln(1 − p) < 0, finite.
 * `inverseLog` is `1 / logOneMinusP`, precomputed by the caller.
 */
export function geometricGapOf(x: number, logOneMinusP: number, inverseLog: number): number {
  BITS[0] = x;
  const high = WORDS[HIGH_WORD]!;
  const exponent = (high >>> 20) - 1023;
  const j = (high >>> (20 - TABLE_BITS)) & (TABLE_SIZE - 1);
  const r = x * SCALE[-exponent & 63]! * INVERSE_CENTER[j]! - 1;
  const estimate = exponent * Math.LN2 + LOG_CENTER[j]! + r * (1 - r * (0.5 - r * (1 / 3 - r * 0.25)));
  const quotient = estimate * inverseLog;
  const slack = -ERROR_BOUND * inverseLog + Math.abs(quotient) * RELATIVE_SLACK;
  const gap = Math.floor(quotient - slack);
  if (gap === Math.floor(quotient + slack)) return gap;
  return Math.floor(Math.log(x) / logOneMinusP);
}

/**
 * The exact fallback, taken a few times at load (x = 1/4 at p = 1/2: the quotient is 2 up to
 * the estimate's error, so the estimate cannot decide). V8 compiles a hot caller with
 * geometricGapOf inlined from the type feedback gathered so far, and a branch that never ran
 * has none: the compiled code then leaves through a deoptimization the first time the branch
 * is taken (about twice in the ~9M draws of a d5 6M-shot `sample_dem`) and the caller is
 * compiled again, ~30 ms of CPU each time. V8 gathers feedback from a function's ~8th call on,
 * hence the 16 calls. Nothing is stored, so the gaps do not change.
 */
for (let call = 0; call < 16; call++) geometricGapOf(0.25, Math.log(0.5), 1 / Math.log(0.5));
