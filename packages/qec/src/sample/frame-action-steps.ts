import type { FrameAction } from '../circuit/gate-table.ts';

/**
 * A gate's frame action (gate-table.ts: row i = mask of old frame bits XORed into new bit i)
 * rewritten as in-place steps on bit planes, which is how the bit-parallel sampler applies it:
 *
 *   1. `permutation`: new bit i takes old bit `permutation[i]` — free at run time, because the
 *      compiler just renames which storage plane holds which (qubit, x|z) bit (so H and SWAP
 *      cost nothing);
 *   2. `xors`, in order: bit `dst` ^= bit `src`, one word-parallel XOR over the batch each.
 *
 * Derivation: Gauss-Jordan elimination over GF(2) turns the matrix M into a permutation matrix
 * P with row operations R_1, …, R_k (each R = I + e_dst·e_srcᵀ, its own inverse), so
 * M = R_1·R_2·…·R_k·P: apply P, then R_k, …, R_1. Pivoting on the sparsest row keeps the step
 * count minimal for the usual gates (CX: 2 XORs, CZ: 2, S: 1, H: 0).
 */
export interface FrameActionSteps {
  readonly permutation: readonly number[];
  readonly xors: readonly (readonly [dst: number, src: number])[];
}

export function frameActionSteps(action: FrameAction): FrameActionSteps {
  const n = action.length;
  const rows = [...action];
  const pivotOfColumn: number[] = [];
  const used = new Array<boolean>(n).fill(false);
  const recorded: [number, number][] = [];
  for (let column = 0; column < n; column++) {
    const bit = 1 << column;
    let pivot = -1;
    for (let r = 0; r < n; r++) {
      if (used[r] || (rows[r]! & bit) === 0) continue;
      if (pivot < 0 || popcount(rows[r]!) < popcount(rows[pivot]!)) pivot = r;
    }
    if (pivot < 0) throw new Error(`frame action [${action.join(', ')}] is not invertible`);
    used[pivot] = true;
    pivotOfColumn[column] = pivot;
    for (let r = 0; r < n; r++) {
      if (r !== pivot && (rows[r]! & bit) !== 0) {
        rows[r]! ^= rows[pivot]!;
        recorded.push([r, pivot]);
      }
    }
  }
  // Each row now has exactly one bit: row pivotOfColumn[c] = bit c, so new bit r reads old c.
  const permutation = new Array<number>(n);
  pivotOfColumn.forEach((row, column) => {
    permutation[row] = column;
  });
  return { permutation, xors: recorded.reverse() };
}

function popcount(mask: number): number {
  let count = 0;
  for (let m = mask; m !== 0; m &= m - 1) count++;
  return count;
}
