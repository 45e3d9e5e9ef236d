/**
 * Converting disjoint Pauli channels into independent ones.
 *
 * A detector error model lists independent mechanisms, but `DEPOLARIZE1(p)` picks one of X, Y, Z
 * (each p/3) exclusively. Stim's analysis (quantumlib/Stim src/stim/util_bot/error_decomp.cc)
 * instead applies X-like and Z-like basis errors independently and combines them: if each of the
 * 2^n − 1 non-identity combinations fires independently with probability q, the composite is
 * uniform over the non-identity Paulis with total probability p when
 *   1 − p·2^{2n}/(2^{2n} − 1) = (1 − 2q)^{2^{2n−1}}   (n = number of qubits),
 * because each Pauli's parity is a product of independent ±1 factors. Solving for q gives the
 * formulas below (n = 1: exponent 2, n = 2: exponent 8).
 */

/** Per-combination probability for `DEPOLARIZE1(p)`; defined up to maximal mixing p = 3/4. */
export function depolarize1ToIndependent(p: number): number {
  if (p > 0.75) throw new RangeError(`DEPOLARIZE1(${p}) is over-mixing (probability > 3/4)`);
  return 0.5 - 0.5 * Math.sqrt(1 - (4 * p) / 3);
}

/** Per-combination probability for `DEPOLARIZE2(p)`; defined up to maximal mixing p = 15/16. */
export function depolarize2ToIndependent(p: number): number {
  if (p > 15 / 16) throw new RangeError(`DEPOLARIZE2(${p}) is over-mixing (probability > 15/16)`);
  return 0.5 - 0.5 * Math.pow(1 - (16 * p) / 15, 0.125);
}

export interface IndependentXyz {
  readonly x: number;
  readonly y: number;
  readonly z: number;
}

/**
 * Independent X, Y, Z probabilities reproducing the disjoint channel (x, y, z) exactly, or
 * undefined when none exists. Independent a, b, c give disjoint outcomes
 *   X: a(1−b)(1−c) + (1−a)bc, and cyclically,
 * whose solution is a = ½ − ½·√((1−2x−2z)(1−2x−2y)/(1−2y−2z)) and cyclic. The solution assumes
 * identity is the likeliest outcome; otherwise the roles of I and the likeliest Pauli P are
 * exchanged (replacing P's independent probability r by 1 − r exchanges I↔P and the other two
 * Paulis), as Stim's `try_disjoint_to_independent_xyz_errors_approx` does. Stim falls back to a
 * Newton iteration that only succeeds when an (almost) exact solution exists, i.e. when this
 * closed form exists too.
 */
export function disjointToIndependentXyz(x: number, y: number, z: number): IndependentXyz | undefined {
  const identity = Math.max(0, 1 - x - y - z);
  if (identity < x) {
    const s = disjointToIndependentXyz(identity, z, y);
    return s && { x: 1 - s.x, y: s.y, z: s.z };
  }
  if (identity < y) {
    const s = disjointToIndependentXyz(z, identity, x);
    return s && { x: s.x, y: 1 - s.y, z: s.z };
  }
  if (identity < z) {
    const s = disjointToIndependentXyz(y, x, identity);
    return s && { x: s.x, y: s.y, z: 1 - s.z };
  }
  if (!(x + z < 0.5 && x + y < 0.5 && y + z < 0.5)) return undefined;
  const sXz = Math.sqrt(1 - 2 * x - 2 * z);
  const sXy = Math.sqrt(1 - 2 * x - 2 * y);
  const sYz = Math.sqrt(1 - 2 * y - 2 * z);
  const a = 0.5 - (0.5 * sXz * sXy) / sYz;
  const b = 0.5 - (0.5 * sXy * sYz) / sXz;
  const c = 0.5 - (0.5 * sXz * sYz) / sXy;
  return a >= 0 && b >= 0 && c >= 0 ? { x: a, y: b, z: c } : undefined;
}
