/**
 * A hand-written Pratt parser (Pratt 1973, "Top down operator precedence") for right-hand
 * sides. Precedence and associativity follow Python's, which the original parsed with `ast`:
 * `-a^b` is −(a^b), `a^-b` is allowed, `^`/`**` is right-associative, the rest left. There is
 * no evaluation of text anywhere: the result is an AST with source spans.
 *
 * Syntax errors abort the current equation (a SyntaxAbort caught by parse-equations.ts); name
 * errors are collected so one reply can fix several at once.
 */
import type { BinaryOperator, Expr, Span, SymbolNode } from './ast.ts';
import {
  FUNCTION_NAMES,
  LIMITS,
  NAME_ADVICE,
  TIME_SYMBOLS,
  functionNamed,
  type FunctionName,
} from './grammar.ts';
import { clip, quote, type EquationIssue, type EquationIssueCode } from './issues.ts';
import type { Token, TokenKind } from './lexer.ts';
import type { StateLayout } from './parse-equations.ts';
import { suggestNames } from './suggest.ts';

/** Which names a right side may use (docs/original-physix.md#symbols). */
export interface SymbolScope extends StateLayout {
  readonly parameters: ReadonlySet<string>;
}

export type IssueFactory = (code: EquationIssueCode, span: Span, message: string) => EquationIssue;

/** Thrown to abandon the current equation; never escapes parse-equations.ts. */
export class SyntaxAbort {
  readonly issue: EquationIssue;
  constructor(issue: EquationIssue) {
    this.issue = issue;
  }
}

const INFIX: ReadonlyMap<TokenKind, { power: number; right: boolean; operator: BinaryOperator }> =
  new Map([
    ['+', { power: 10, right: false, operator: '+' as const }],
    ['-', { power: 10, right: false, operator: '-' as const }],
    ['*', { power: 20, right: false, operator: '*' as const }],
    ['/', { power: 20, right: false, operator: '/' as const }],
    ['^', { power: 40, right: true, operator: '^' as const }],
  ]);
/** Unary signs bind tighter than * and / but looser than ^ (Python's u_expr). */
const UNARY_POWER = 30;

const startsOperand = (kind: TokenKind) => kind === 'number' || kind === 'name' || kind === '(';

export class Parser {
  private position = 0;
  private nodes = 0;
  private readonly stateSet: ReadonlySet<string>;
  private readonly tokens: readonly Token[];
  private readonly scope: SymbolScope;
  readonly issue: IssueFactory;
  /** Name errors, collected rather than thrown. */
  readonly collected: EquationIssue[];

  constructor(
    tokens: readonly Token[],
    scope: SymbolScope,
    issue: IssueFactory,
    collected: EquationIssue[],
  ) {
    this.tokens = tokens;
    this.scope = scope;
    this.issue = issue;
    this.collected = collected;
    this.stateSet = new Set(scope.stateVariables);
  }

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.position + offset, this.tokens.length - 1)]!;
  }

  /** The last consumed token (only called after at least one `next`). */
  previous(): Token {
    return this.tokens[this.position - 1]!;
  }

  next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.position++;
    return token;
  }

  abort(code: EquationIssueCode, span: Span, message: string): never {
    throw new SyntaxAbort(this.issue(code, span, message));
  }

  /** Skips to the next equation after an error. */
  skipStatement(): void {
    while (this.peek().kind !== 'separator' && this.peek().kind !== 'end') this.next();
  }

  parseExpression(): Expr {
    return this.parseBinding(0, 1);
  }

  private parseBinding(minPower: number, depth: number): Expr {
    if (depth > LIMITS.maxNesting) {
      this.abort(
        'too-complex',
        this.peek(),
        `the expression is nested more than ${LIMITS.maxNesting} levels deep; simplify it`,
      );
    }
    let left = this.parsePrefix(depth);
    for (;;) {
      const token = this.peek();
      const infix = INFIX.get(token.kind);
      if (infix === undefined) {
        if (startsOperand(token.kind)) {
          const before = clip(this.previous().text);
          const after = token.kind === '(' ? '(...)' : clip(token.text);
          this.abort(
            'syntax',
            token,
            `missing operator between '${before}' and '${clip(token.text)}'; write ${before}*${after} to multiply`,
          );
        }
        return left;
      }
      if (infix.power <= minPower) return left;
      this.next();
      const right = this.parseBinding(infix.right ? infix.power - 1 : infix.power, depth + 1);
      if (infix.operator === '^') this.checkExponent(right);
      left = this.count({
        kind: 'binary',
        operator: infix.operator,
        left,
        right,
        span: join(left.span, right.span),
      });
    }
  }

  private parsePrefix(depth: number): Expr {
    const token = this.next();
    switch (token.kind) {
      case 'number': {
        const value = Number(token.text);
        if (!Number.isFinite(value))
          this.abort('bad-number', token, `the number ${quote(token.text)} is out of range`);
        return this.count({ kind: 'number', value, span: spanOf(token) });
      }
      case 'name':
        return this.parseName(token, depth);
      case '-': {
        const operand = this.parseBinding(UNARY_POWER, depth + 1);
        return this.count({
          kind: 'negate',
          operand,
          span: { start: token.start, end: operand.span.end },
        });
      }
      case '+':
        return this.parseBinding(UNARY_POWER, depth + 1);
      case '(': {
        if (this.peek().kind === ')') this.abort('syntax', token, 'empty parentheses');
        const inner = this.parseBinding(0, depth + 1);
        this.closeParenthesis(
          `missing ')' to close the '(' at column ${columnOf(this.issue, token)}`,
        );
        return inner;
      }
      case 'separator':
      case 'end':
        return this.abort(
          'syntax',
          token,
          'the right side ends too early: expected a number, a name or (',
        );
      case '=':
        return this.abort(
          'syntax',
          token,
          "unexpected '=': write one equation per line or separate them with ';'",
        );
      case ')':
        return this.abort('syntax', token, "unexpected ')' without a matching '('");
      case ',':
        return this.abort(
          'syntax',
          token,
          "unexpected ','; separate equations with ';' or a newline",
        );
      default:
        return this.abort('syntax', token, `${quote(token.text)} needs a left operand`);
    }
  }

  private parseName(token: Token, depth: number): Expr {
    const name = token.text;
    const calls = this.peek().kind === '(';
    const fn = functionNamed(name);
    if (fn !== undefined) {
      if (!calls) this.abort('syntax', token, `${name} is a function: write ${fn}(...)`);
      return this.parseCall(token, fn, depth);
    }
    if (calls) return this.abort('unknown-function', token, this.explainCall(name));

    const velocity = name.startsWith('d') ? this.scope.velocityOf.get(name.slice(1)) : undefined;
    if (this.peek().kind === '/' && this.peek(1).text === 'dt' && this.peek(2).kind !== '^') {
      if (velocity !== undefined) {
        const dt = this.peek(1);
        this.next();
        this.next();
        return this.symbol(velocity, 'state', { start: token.start, end: dt.end });
      }
      if (name.startsWith('d') && this.stateSet.has(name.slice(1))) {
        this.abort(
          'syntax',
          { start: token.start, end: this.peek(1).end },
          `the right side cannot contain ${name}/dt: only first derivatives of positions (dx/dt, meaning vx) may appear there`,
        );
      }
    }
    if (/^d2[A-Za-z_]/.test(name) && this.peek().kind === '/') {
      this.abort(
        'syntax',
        token,
        'second derivatives such as d2x/dt2 may appear only on the left side',
      );
    }
    if (this.stateSet.has(name)) return this.symbol(name, 'state', token);
    if (this.scope.parameters.has(name)) return this.symbol(name, 'parameter', token);
    if (velocity !== undefined) return this.symbol(velocity, 'state', token);
    this.collected.push(this.issue(...this.explainName(name, token)));
    return this.symbol(name, 'parameter', token);
  }

  private parseCall(token: Token, fn: FunctionName, depth: number): Expr {
    this.next();
    if (this.peek().kind === ')') this.abort('syntax', token, `${fn}(...) needs one argument`);
    const argument = this.parseBinding(0, depth + 1);
    if (this.peek().kind === ',')
      this.abort('syntax', this.peek(), `${fn} takes exactly one argument`);
    if (this.peek().kind === '=')
      this.abort('syntax', this.peek(), 'keyword arguments are not allowed');
    const close = this.closeParenthesis(
      `missing ')' to close ${fn}( at column ${columnOf(this.issue, token)}`,
    );
    return this.count({
      kind: 'call',
      name: fn,
      argument,
      span: { start: token.start, end: close.end },
    });
  }

  private closeParenthesis(message: string): Token {
    const token = this.peek();
    if (token.kind !== ')') this.abort('syntax', token, message);
    return this.next();
  }

  private explainCall(name: string): string {
    const advice = NAME_ADVICE.get(name);
    if (advice !== undefined) return `unknown function ${quote(name)}: ${advice}`;
    if (this.stateSet.has(name) || this.scope.parameters.has(name)) {
      return `${quote(name)} is not a function; write ${name}*(...) to multiply`;
    }
    return `unknown function ${quote(name)}${didYouMean(suggestNames(name, FUNCTION_NAMES))}; the functions are ${FUNCTION_NAMES.join(', ')}`;
  }

  private explainName(name: string, span: Span): [EquationIssueCode, Span, string] {
    const state = this.scope.stateVariables.join(', ');
    if (TIME_SYMBOLS.has(name)) {
      const what =
        name === 'dt'
          ? `'dt' may appear only in a derivative such as dx/dt`
          : `${quote(name)} is not allowed`;
      return [
        'time-symbol',
        span,
        `${what}: the system is autonomous, so the right side may use only the state variables (${state}) and declared parameters`,
      ];
    }
    const advice = NAME_ADVICE.get(name);
    if (advice !== undefined)
      return ['unknown-symbol', span, `unknown symbol ${quote(name)}: ${advice}`];
    const candidates = [...this.scope.stateVariables, ...this.scope.parameters];
    const shown = name.length <= LIMITS.maxNameLength ? name : 'c';
    return [
      'unknown-symbol',
      span,
      `unknown symbol ${quote(name)}${didYouMean(suggestNames(name, candidates))}; use a state variable (${state}) or declare it in "params", e.g. "params": {"${shown}": 1.0}`,
    ];
  }

  private checkExponent(exponent: Expr): void {
    const literal = exponent.kind === 'negate' ? exponent.operand : exponent;
    if (literal.kind === 'number' && literal.value > LIMITS.maxLiteralExponent) {
      this.collected.push(
        this.issue(
          'exponent-too-large',
          exponent.span,
          `the exponent ${literal.value} is too large; at most ${LIMITS.maxLiteralExponent} is allowed`,
        ),
      );
    }
  }

  private symbol(name: string, role: SymbolNode['role'], span: Span): Expr {
    return this.count({ kind: 'symbol', name, role, span: spanOf(span) });
  }

  /** Every node passes here, so the size limit holds however the text is shaped. */
  private count<T extends Expr>(node: T): T {
    this.nodes++;
    if (this.nodes > LIMITS.maxNodes) {
      this.abort(
        'too-complex',
        node.span,
        `the equations are too large (more than ${LIMITS.maxNodes} numbers, names and operators); simplify them`,
      );
    }
    return node;
  }
}

/** A plain span (tokens carry more fields, which must not leak into the AST). */
export function spanOf(span: Span): Span {
  return { start: span.start, end: span.end };
}

function join(a: Span, b: Span): Span {
  return { start: a.start, end: b.end };
}

function columnOf(issue: IssueFactory, span: Span): number {
  return issue('syntax', span, '').column;
}

export function didYouMean(suggestions: readonly string[]): string {
  if (suggestions.length === 0) return '';
  return ` (did you mean ${suggestions.map(quote).join(' or ')}?)`;
}
