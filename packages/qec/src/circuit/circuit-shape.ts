/**
 * Sizes of a circuit, as Stim's `Circuit::count_*` methods define them (src/stim/circuit/circuit.cc):
 * counts over time multiply a block's body by its repetitions instead of unrolling it, and
 * sizes over space (qubits, observables) take the maximum over the text.
 */
import type { Circuit, Instruction } from './circuit.ts';

/** One more than the largest qubit index any instruction targets (0 for none). */
export function countQubits(circuit: Circuit): number {
  return maxOver(circuit, (item) =>
    item.targets.reduce(
      (max, target) => (target.type === 'qubit' ? Math.max(max, target.qubit + 1) : max),
      0,
    ),
  );
}

/** Measurement results the circuit records, i.e. the length of its measurement record. */
export function countMeasurements(circuit: Circuit): number {
  return sumOver(circuit, (item) => {
    const kind = item.spec.kind;
    return kind === 'measure' || kind === 'measure-reset' ? item.targets.length : 0;
  });
}

/** DETECTOR instructions executed. */
export function countDetectors(circuit: Circuit): number {
  return sumOver(circuit, (item) => (item.spec.name === 'DETECTOR' ? 1 : 0));
}

/** One more than the largest OBSERVABLE_INCLUDE index (0 for none). */
export function countObservables(circuit: Circuit): number {
  return maxOver(circuit, (item) =>
    item.spec.name === 'OBSERVABLE_INCLUDE' ? (item.args[0] ?? 0) + 1 : 0,
  );
}

function sumOver(circuit: Circuit, count: (item: Instruction) => number): number {
  let total = 0;
  for (const item of circuit.items) {
    if (item.kind === 'instruction') total += count(item);
    else if (item.kind === 'repeat') total += item.repetitions * sumOver(item.body, count);
  }
  return total;
}

function maxOver(circuit: Circuit, measure: (item: Instruction) => number): number {
  let max = 0;
  for (const item of circuit.items) {
    if (item.kind === 'instruction') max = Math.max(max, measure(item));
    else if (item.kind === 'repeat') max = Math.max(max, maxOver(item.body, measure));
  }
  return max;
}
