/**
 * Reads Stim's circuit text (quantumlib/Stim doc/file_format_stim_circuit.md) into the circuit
 * model, with every problem reported as a line/column issue instead of an exception.
 *
 * The grammar follows Stim's reader (src/stim/circuit/circuit.cc, `circuit_read_operations`):
 * one instruction per line, `NAME(args) targets`, names case-insensitive, targets separated by
 * spaces or tabs, `#` starting a comment, `REPEAT n {` opening a block whose `{` is on the
 * REPEAT line and whose `}` starts a command. Deliberate differences:
 * - full-line comments are kept as `Comment` items (Stim drops them) so a parsed file prints
 *   back to the same text; comments after an instruction, `{` or `}` are dropped;
 * - consecutive instructions are not fused (Stim merges `H 0` + `H 1` into `H 0 1`), so the
 *   text's structure survives a round trip; fusion never changes what a circuit does;
 * - a `rec[-k]` looking back past the start of the record is rejected here, where Stim only
 *   rejects it when the circuit is simulated or analysed;
 * - `\r\n` line endings are accepted.
 * Only the targets our gate table can act on are accepted: qubits, `!q` on measurements and
 * `rec[-k]` on DETECTOR / OBSERVABLE_INCLUDE.
 */
import { instruction, type Circuit, type CircuitItem, type Target } from './circuit.ts';
import { findGate, SUPPORTED_GATE_NAMES } from './gate-table.ts';
import {
  checkArguments,
  checkTargets,
  ColumnIssue,
  parseRealNumber,
  parseTarget,
  type Located,
} from './instruction-syntax.ts';
import { err, ok, type Result, type TextIssue } from '@verilab/core';

/** Past this many issues the rest of the text is not worth reporting. */
const MAX_ISSUES = 50;

const isNameChar = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_]/.test(c);
/** Spacing inside a line. `\r` counts so that CRLF files read like LF ones. */
const isInlineSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\r';
/** Characters that end an argument token. */
const endsArgument = (c: string | undefined): boolean =>
  c === undefined || c === ',' || c === ')' || c === '\n' || c === '#' || isInlineSpace(c);
/** Characters that end a target token. */
const endsToken = (c: string | undefined): boolean =>
  c === undefined || isInlineSpace(c) || c === '\n' || c === '#' || c === '{';

interface Frame {
  readonly items: CircuitItem[];
  readonly repetitions: number;
  readonly line: number;
  readonly column: number;
  /** Measurements recorded before the block began. */
  readonly measurementsBefore: number;
}

export function parseCircuit(text: string): Result<Circuit, TextIssue> {
  return new CircuitReader(text).read();
}

class CircuitReader {
  private pos = 0;
  private line = 1;
  private lineStart = 0;
  private readonly issues: TextIssue[] = [];
  private readonly frames: Frame[] = [
    { items: [], repetitions: 1, line: 0, column: 0, measurementsBefore: 0 },
  ];
  /**
   * Measurements recorded so far, counting a block's body once while inside it (its first
   * iteration is where a `rec[-k]` has the fewest results behind it).
   */
  private measurements = 0;

  private readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  read(): Result<Circuit, TextIssue> {
    while (this.issues.length < MAX_ISSUES) {
      this.skipDeadSpace();
      if (this.pos >= this.text.length) break;
      if (this.text[this.pos] === '}') {
        this.closeBlock();
        continue;
      }
      this.readCommand();
    }
    for (const frame of this.frames.slice(1).reverse()) {
      this.issues.push({
        line: frame.line,
        column: frame.column,
        message: "REPEAT block is never closed (missing '}')",
      });
    }
    const root = this.frames[0];
    if (this.issues.length > 0 || root === undefined) {
      return err(this.issues.slice(0, MAX_ISSUES));
    }
    return ok({ items: root.items });
  }

  private get column(): number {
    return this.pos - this.lineStart + 1;
  }

  private get current(): Frame {
    const frame = this.frames[this.frames.length - 1];
    if (frame === undefined) throw new Error('unreachable: the root frame is never popped');
    return frame;
  }

  private peek(): string | undefined {
    return this.text[this.pos];
  }

  /** Whitespace, newlines and comments between commands; full-line comments become items. */
  private skipDeadSpace(): void {
    while (this.pos < this.text.length) {
      const c = this.text[this.pos];
      if (c === '\n') {
        this.pos += 1;
        this.line += 1;
        this.lineStart = this.pos;
      } else if (c !== undefined && /\s/.test(c)) {
        this.pos += 1;
      } else if (c === '#') {
        const fullLine = this.text.slice(this.lineStart, this.pos).trim() === '';
        const end = this.endOfLine();
        if (fullLine) {
          const body = this.text.slice(this.pos + 1, end);
          const text = body.endsWith('\r') ? body.slice(0, -1) : body;
          this.current.items.push({ kind: 'comment', text });
        }
        this.pos = end;
      } else {
        return;
      }
    }
  }

  private endOfLine(): number {
    const end = this.text.indexOf('\n', this.pos);
    return end < 0 ? this.text.length : end;
  }

  private readCommand(): void {
    const line = this.line;
    try {
      this.readInstruction();
    } catch (error) {
      if (!(error instanceof ColumnIssue)) throw error;
      this.issues.push({ line, column: error.column, message: error.message });
      // A broken REPEAT header still opens its block, so its '}' is not reported as unmatched.
      const rest = this.text.slice(this.pos, this.endOfLine()).split('#')[0] ?? '';
      const brace = rest.indexOf('{');
      if (this.isRepeatLine(line) && brace >= 0) {
        this.pos += brace;
        this.openBlock(1);
      } else {
        this.pos = this.endOfLine();
      }
    }
  }

  private isRepeatLine(line: number): boolean {
    return line === this.line && /^\s*repeat\b/i.test(this.text.slice(this.lineStart));
  }

  private readInstruction(): void {
    const nameColumn = this.column;
    const nameStart = this.pos;
    while (isNameChar(this.peek())) this.pos += 1;
    const name = this.text.slice(nameStart, this.pos);
    if (name === '') {
      throw new ColumnIssue(nameColumn, `expected a gate name, found ${describe(this.peek())}`);
    }
    if (this.peek() === '[') {
      throw new ColumnIssue(this.column, `instruction tags like "${name}[...]" are not supported`);
    }
    if (name.toUpperCase() === 'REPEAT') {
      this.readRepeatHeader();
      return;
    }
    const gate = findGate(name);
    if (gate === undefined) {
      throw new ColumnIssue(
        nameColumn,
        `unknown gate "${name}"; supported gates: ${SUPPORTED_GATE_NAMES.join(', ')}, REPEAT`,
      );
    }
    const parenColumn = this.column;
    const args = this.peek() === '(' ? this.readArguments(gate.name) : [];
    const targets = this.readTargets(gate.name);
    checkArguments(gate, args, args.length > 0 ? parenColumn : nameColumn);
    checkTargets(gate, targets);
    this.checkLookbacks(targets);
    this.current.items.push(instruction(gate, targets.map((target) => target.value), args.map((arg) => arg.value)));
    if (gate.kind === 'measure' || gate.kind === 'measure-reset') {
      this.measurements += targets.length;
    }
  }

  private readArguments(gateName: string): Located<number>[] {
    const args: Located<number>[] = [];
    this.pos += 1; // '('
    for (;;) {
      this.skipInlineSpace();
      const column = this.column;
      const start = this.pos;
      while (!endsArgument(this.peek())) this.pos += 1;
      const token = this.text.slice(start, this.pos);
      if (token === '') {
        throw new ColumnIssue(column, `expected a number, found ${describe(this.peek())}`);
      }
      const value = parseRealNumber(token);
      if (value === undefined) throw new ColumnIssue(column, `"${token}" is not a finite real number`);
      args.push({ value, column });
      this.skipInlineSpace();
      const c = this.peek();
      if (c !== ',' && c !== ')') {
        const found = c === undefined || c === '\n' ? "the end of the line (missing ')')" : describe(c);
        throw new ColumnIssue(
          this.column,
          `expected ',' or ')' in the arguments of ${gateName}, found ${found}`,
        );
      }
      this.pos += 1;
      if (c === ')') return args;
    }
  }

  private skipInlineSpace(): void {
    while (isInlineSpace(this.peek())) this.pos += 1;
  }

  /** Whitespace-separated target tokens up to the end of the line or a trailing comment. */
  private readTokens(allowBrace: boolean): Located<string>[] {
    const tokens: Located<string>[] = [];
    for (;;) {
      const c = this.peek();
      if (!endsToken(c)) {
        throw new ColumnIssue(this.column, `expected a space before ${describe(c)}`);
      }
      this.skipInlineSpace();
      const next = this.peek();
      if (next === undefined || next === '\n') return tokens;
      if (next === '#') {
        this.pos = this.endOfLine();
        return tokens;
      }
      if (next === '{') {
        if (allowBrace) return tokens;
        throw new ColumnIssue(this.column, "unexpected '{' (only REPEAT opens a block)");
      }
      const column = this.column;
      const start = this.pos;
      while (!endsToken(this.peek())) this.pos += 1;
      tokens.push({ value: this.text.slice(start, this.pos), column });
    }
  }

  private readTargets(gateName: string): Located<Target>[] {
    return this.readTokens(false).map(({ value, column }) => ({
      value: parseTarget(value, column, gateName),
      column,
    }));
  }

  private checkLookbacks(targets: readonly Located<Target>[]): void {
    // After an earlier issue the measurement count is unreliable: don't pile on false reports.
    if (this.issues.length > 0) return;
    for (const { value, column } of targets) {
      if (value.type === 'rec' && value.lookback > this.measurements) {
        throw new ColumnIssue(
          column,
          `rec[-${value.lookback}] looks back further than the ${this.measurements} ` +
            'measurement(s) recorded so far',
        );
      }
    }
  }

  private readRepeatHeader(): void {
    if (this.peek() === '(') {
      throw new ColumnIssue(this.column, 'REPEAT takes no parenthesized arguments');
    }
    const tokens = this.readTokens(true);
    const [count, extra] = tokens;
    if (count === undefined) {
      throw new ColumnIssue(this.column, 'REPEAT needs a repetition count, like "REPEAT 100 {"');
    }
    if (!/^\d+$/.test(count.value) || !Number.isSafeInteger(Number(count.value))) {
      throw new ColumnIssue(
        count.column,
        `REPEAT count must be a positive integer, got "${count.value}"`,
      );
    }
    const repetitions = Number(count.value);
    if (repetitions === 0) throw new ColumnIssue(count.column, 'REPEAT count must be at least 1');
    if (extra !== undefined) {
      throw new ColumnIssue(extra.column, 'REPEAT takes exactly one repetition count');
    }
    if (this.peek() !== '{') {
      throw new ColumnIssue(this.column, "missing '{' at the end of the REPEAT line");
    }
    this.openBlock(repetitions);
  }

  /** Opens a block at the '{' under the cursor. */
  private openBlock(repetitions: number): void {
    this.frames.push({
      items: [],
      repetitions,
      line: this.line,
      column: this.column,
      measurementsBefore: this.measurements,
    });
    this.pos += 1;
  }

  private closeBlock(): void {
    const frame = this.current;
    if (this.frames.length === 1) {
      const message = "unmatched '}' (no REPEAT block is open)";
      this.issues.push({ line: this.line, column: this.column, message });
    } else {
      this.frames.pop();
      const perIteration = this.measurements - frame.measurementsBefore;
      this.measurements = frame.measurementsBefore + perIteration * frame.repetitions;
      const { repetitions, items } = frame;
      this.current.items.push({ kind: 'repeat', repetitions, body: { items } });
    }
    this.pos += 1;
  }
}

function describe(c: string | undefined): string {
  if (c === undefined) return 'the end of the text';
  if (c === '\n') return 'the end of the line';
  return `"${c}"`;
}
