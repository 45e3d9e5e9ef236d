/**
 * Writes a circuit as Stim writes it (src/stim/circuit/circuit.cc `print_circuit`,
 * circuit_instruction.cc `operator<<`), so text we generate is byte-identical to Stim's:
 * - `NAME(a, b) t1 t2`: arguments separated by ", ", targets each preceded by one space;
 * - an argument equal to an integer (within int64) prints as that integer, anything else as a
 *   C++ stream prints a double: `%g` with 6 significant digits;
 * - `REPEAT n {`, the body indented by 4 more spaces, then `}` at the block's own indentation;
 * - comments as `#text`; every line, the last included, ends with a newline (as `stim gen`
 *   and the fixture files do).
 */
import type { Circuit, Instruction, Target } from './circuit.ts';
import { formatG } from '@verilab/core';

/** (double)INT64_MAX in C++: 2^63. */
const INT64_BOUND = 2 ** 63;
const INDENT = '    ';

export function printCircuit(circuit: Circuit): string {
  const lines: string[] = [];
  appendLines(circuit, '', lines);
  return lines.map((line) => `${line}\n`).join('');
}

function appendLines(circuit: Circuit, indentation: string, lines: string[]): void {
  for (const item of circuit.items) {
    switch (item.kind) {
      case 'instruction':
        lines.push(indentation + formatCircuitInstruction(item));
        break;
      case 'comment':
        lines.push(`${indentation}#${item.text}`);
        break;
      case 'repeat':
        lines.push(`${indentation}REPEAT ${item.repetitions} {`);
        appendLines(item.body, indentation + INDENT, lines);
        lines.push(`${indentation}}`);
        break;
    }
  }
}

/** One instruction without indentation or newline, e.g. `DETECTOR(0, 4, 0) rec[-4]`. */
export function formatCircuitInstruction(instruction: Instruction): string {
  const name = instruction.spec.name;
  const args =
    instruction.args.length === 0 ? '' : `(${instruction.args.map(formatCircuitArgument).join(', ')})`;
  return name + args + instruction.targets.map((target) => ` ${formatCircuitTarget(target)}`).join('');
}

export function formatCircuitArgument(value: number): string {
  if (value > -INT64_BOUND && value < INT64_BOUND && Number.isInteger(value)) {
    // BigInt prints every digit exactly (String(2 ** 60) would round to 17 digits); -0 prints 0.
    return BigInt(value).toString();
  }
  return formatG(value);
}

export function formatCircuitTarget(target: Target): string {
  if (target.type === 'rec') return `rec[-${target.lookback}]`;
  return `${target.inverted ? '!' : ''}${target.qubit}`;
}
