/** Ids in the answer's X_ERRORS/Z_ERRORS lists that are not data qubits of this code: such a list is not a valid answer, and the rewards score it as not stated. */
export function idsOutOfRange(completion: string, numDataQubits: number): number[] {
  const ids = [...completion.matchAll(/[XZ]_ERRORS\s*=\s*\[([^\]]*)\]/gi)].flatMap((match) => (match[1] ?? '').split(',').map((part) => Number(part.trim())));
  return [...new Set(ids.filter((id) => Number.isInteger(id) && id >= numDataQubits))].sort((a, b) => a - b);
}
