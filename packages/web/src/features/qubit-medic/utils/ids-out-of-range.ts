import { parseAnswer } from '@verilab/qubit-medic';

/**
 * Ids in the answer's X_ERRORS/Z_ERRORS lists that are not data qubits of this code: such a list is not a valid answer, and the rewards score it as not stated.
 * The environment's own parser finds the lists (with no upper bound, so it keeps every id), so this names the ids of the very lists the rewards read.
 */
export function idsOutOfRange(completion: string, numDataQubits: number): number[] {
  const { xErrors, zErrors } = parseAnswer(completion, Number.POSITIVE_INFINITY);
  return [...new Set([...xErrors, ...zErrors].filter((id) => id >= numDataQubits))].sort((a, b) => a - b);
}
