import type { Circuit, Instruction } from '../circuit/circuit.ts';

/** Visits every instruction in execution order, unrolling REPEAT blocks (comments skipped). */
export function forEachInstruction(circuit: Circuit, visit: (instruction: Instruction) => void): void {
  for (const item of circuit.items) {
    if (item.kind === 'instruction') visit(item);
    else if (item.kind === 'repeat') {
      for (let r = 0; r < item.repetitions; r++) forEachInstruction(item.body, visit);
    }
  }
}
