/**
 * The pieces of one circuit instruction — number and target tokens, and whether arguments and
 * targets fit the gate's shapes in the gate table — as Stim's reader and
 * `CircuitInstruction::validate` check them (src/stim/circuit/circuit.cc, circuit_instruction.cc,
 * gate_target.cc). Problems are thrown as `ColumnIssue`s, which the circuit reader turns into
 * line/column issues.
 */
import type { Target } from './circuit.ts';
import type { GateSpec } from './gate-table.ts';

/** Stim packs a qubit index or record lookback into 24 bits of a target word. */
const TARGET_LIMIT = 1 << 24;
/** Stim's tolerance when checking that disjoint probabilities sum to at most 1. */
const DISJOINT_SUM_LIMIT = 1.0000001;
/** strtod's decimal syntax, which is all Stim's argument reader accepts (no hex, inf or nan). */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A problem at a column of the line being read. */
export class ColumnIssue extends Error {
  readonly column: number;

  constructor(column: number, message: string) {
    super(message);
    this.column = column;
  }
}

export interface Located<T> {
  readonly value: T;
  readonly column: number;
}

/** A finite decimal in the syntax Stim reads numbers with (C's strtod without hex, inf, nan). */
export function parseRealNumber(token: string): number | undefined {
  const value = Number(token);
  return DECIMAL.test(token) && Number.isFinite(value) ? value : undefined;
}

/** `5`, `!5` or `rec[-5]`; any other target syntax of Stim's is not supported here. */
export function parseTarget(token: string, column: number, gateName: string): Target {
  const plain = /^(!?)(\d+)$/.exec(token);
  if (plain !== null) {
    const index = Number(plain[2]);
    if (index >= TARGET_LIMIT) {
      const message = `qubit index ${plain[2]} is too large (at most ${TARGET_LIMIT - 1})`;
      throw new ColumnIssue(column, message);
    }
    return { type: 'qubit', qubit: index, inverted: plain[1] === '!' };
  }
  const record = /^rec\[-(\d+)\]$/.exec(token);
  if (record !== null) {
    const lookback = Number(record[1]);
    if (lookback === 0) {
      throw new ColumnIssue(column, 'rec[-0] is not a measurement; lookbacks start at rec[-1]');
    }
    if (lookback >= TARGET_LIMIT) {
      const message = `record lookback ${record[1]} is too large (at most ${TARGET_LIMIT - 1})`;
      throw new ColumnIssue(column, message);
    }
    return { type: 'rec', lookback };
  }
  if (token.startsWith('rec')) {
    throw new ColumnIssue(column, `invalid record target "${token}"; expected rec[-k] with k >= 1`);
  }
  throw new ColumnIssue(
    column,
    `invalid target "${token}" for ${gateName}; ` +
      'expected a non-negative qubit index, !index (measurements) or rec[-k]',
  );
}

/** Arguments against the gate's `ArgumentShape`; `column` is where the arguments (or name) start. */
export function checkArguments(gate: GateSpec, args: readonly Located<number>[], column: number): void {
  const shape = gate.args;
  const count = args.length;
  switch (shape.kind) {
    case 'none':
      if (count > 0) throw new ColumnIssue(column, `${gate.name} takes no parenthesized arguments`);
      return;
    case 'coordinates':
      return;
    case 'index': {
      if (count !== 1) {
        throw new ColumnIssue(column, `${gate.name} takes exactly 1 argument (an index), got ${count}`);
      }
      const [index] = args;
      if (index !== undefined && !(Number.isInteger(index.value) && index.value >= 0)) {
        throw new ColumnIssue(
          index.column,
          `${gate.name} index must be a non-negative integer, got ${index.value}`,
        );
      }
      return;
    }
    case 'probabilities':
    case 'optional-probability': {
      if (shape.kind === 'probabilities' && count !== shape.count) {
        const expected = `${shape.count} probability argument${shape.count === 1 ? '' : 's'}`;
        throw new ColumnIssue(column, `${gate.name} takes exactly ${expected}, got ${count}`);
      }
      if (shape.kind === 'optional-probability' && count > 1) {
        throw new ColumnIssue(
          column,
          `${gate.name} takes at most 1 argument (a flip probability), got ${count}`,
        );
      }
      for (const arg of args) {
        if (!(arg.value >= 0 && arg.value <= 1)) {
          const message = `${gate.name} argument ${arg.value} is not a probability in [0, 1]`;
          throw new ColumnIssue(arg.column, message);
        }
      }
      const total = args.reduce((sum, arg) => sum + arg.value, 0);
      if (total > DISJOINT_SUM_LIMIT) {
        const message = `the probabilities given to ${gate.name} sum to ${total}, more than 1`;
        throw new ColumnIssue(column, message);
      }
      return;
    }
  }
}

/** Targets against the gate's `TargetShape` (record lookbacks are checked by the reader). */
export function checkTargets(gate: GateSpec, targets: readonly Located<Target>[]): void {
  if (gate.targets === 'none' && targets[0] !== undefined) {
    throw new ColumnIssue(targets[0].column, `${gate.name} takes no targets`);
  }
  const measures = gate.kind === 'measure' || gate.kind === 'measure-reset';
  for (const { value, column } of targets) {
    if (value.type === 'rec' && gate.targets !== 'records') {
      throw new ColumnIssue(
        column,
        `${gate.name} does not take rec[-k] targets (only DETECTOR and OBSERVABLE_INCLUDE do)`,
      );
    }
    if (value.type === 'qubit' && gate.targets === 'records') {
      const message = `${gate.name} only takes rec[-k] targets, not qubit ${value.qubit}`;
      throw new ColumnIssue(column, message);
    }
    if (value.type === 'qubit' && value.inverted && !measures) {
      throw new ColumnIssue(
        column,
        `${gate.name} does not take inverted targets like "!${value.qubit}" (only measurements do)`,
      );
    }
  }
  if (gate.targets === 'qubit-pairs') checkPairs(gate.name, targets);
}

function checkPairs(gateName: string, targets: readonly Located<Target>[]): void {
  const last = targets[targets.length - 1];
  if (last !== undefined && targets.length % 2 === 1) {
    throw new ColumnIssue(
      last.column,
      `${gateName} acts on qubit pairs and needs an even number of targets, got ${targets.length}`,
    );
  }
  for (let k = 0; k + 1 < targets.length; k += 2) {
    const a = targets[k]?.value;
    const b = targets[k + 1];
    if (a?.type === 'qubit' && b?.value.type === 'qubit' && a.qubit === b.value.qubit) {
      throw new ColumnIssue(b.column, `${gateName} pairs qubit ${a.qubit} with itself`);
    }
  }
}
