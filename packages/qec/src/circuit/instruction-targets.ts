/**
 * An instruction's qubits, as the sampler and the error analysis apply it: one application of
 * the gate per group of `arity` targets, left to right (Stim's broadcasting, doc/gates.md).
 *
 * The parser already rejects record targets on gates, odd pair counts and a qubit paired with
 * itself, with the line and column (instruction-syntax.ts); these checks catch the same
 * mistakes in circuits built in code, which never went through the parser.
 */
import type { Instruction, Target } from './circuit.ts';

/** The qubit of a target; a `rec[-k]` where the gate needs a qubit throws. */
export function qubitOf(target: Target, instruction: Instruction): number {
  if (target.type !== 'qubit') {
    throw new Error(`${instruction.gate} takes qubit targets, got rec[-${target.lookback}] (only DETECTOR and OBSERVABLE_INCLUDE take record targets)`);
  }
  return target.qubit;
}

/**
 * Every target's qubit, in order. Pushed one by one: Array.prototype.map makes a holey array
 * until it is compiled and a packed one after, and the error analysis's hot functions, compiled
 * for the groups met first, were thrown away (and compiled again) at the first of the other kind.
 */
export function qubitsOf(instruction: Instruction): number[] {
  const qubits: number[] = [];
  for (const target of instruction.targets) qubits.push(qubitOf(target, instruction));
  return qubits;
}

/** The targets' qubits grouped per application of the gate (pairs for two-qubit gates). */
export function qubitGroupsOf(instruction: Instruction): number[][] {
  const arity = Math.max(1, instruction.spec.arity);
  const qubits = qubitsOf(instruction);
  if (qubits.length % arity !== 0) throw new Error(`${instruction.gate} needs an even number of targets, got ${qubits.length}`);
  const groups: number[][] = [];
  for (let i = 0; i < qubits.length; i += arity) {
    const group = qubits.slice(i, i + arity);
    if (arity > 1 && repeatsQubit(group)) throw new Error(`${instruction.gate} pairs qubit ${group[0]} with itself`);
    groups.push(group);
  }
  return groups;
}

/** Whether a group names a qubit twice (pairs compared directly: the error analysis groups hundreds of thousands). */
function repeatsQubit(group: readonly number[]): boolean {
  if (group.length === 2) return group[0] === group[1];
  return new Set(group).size !== group.length;
}
