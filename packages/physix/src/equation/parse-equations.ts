/**
 * Parses an action's `equation` text into the first-order system it defines (docs/original-physix.md#grammar,
 * with the edge cases of #w13 decided): equations are separated by `;` or newlines; each left side is
 * `dq/dt` (first order) or `d2q/dt2` (also `d^2q/dt^2`); a second-order equation for a position
 * q also supplies dq/dt = vq. Every state variable needs exactly one definition: a missing,
 * duplicated or mixed-order definition is rejected with a message saying what to write.
 */
import {
  countOperators,
  walk,
  type Equation,
  type EquationSystem,
  type Expr,
  type Span,
} from './ast.ts';
import { FUNCTION_NAMES, FUNCTION_ALIASES, IDENTIFIER, LIMITS, TIME_SYMBOLS } from './grammar.ts';
import {
  clip,
  locator,
  parameterIssue,
  quote,
  type EquationIssue,
  type EquationResult,
} from './issues.ts';
import { lex } from './lexer.ts';
import { Parser, SyntaxAbort, didYouMean, spanOf, type SymbolScope } from './parse-expression.ts';
import { suggestNames } from './suggest.ts';

/** The state a system exposes to the parser: variables and position → velocity pairs. */
export interface StateLayout {
  readonly stateVariables: readonly string[];
  /** Position → its velocity (y → vy, theta → dtheta): `dy/dt` and bare `dy` mean `vy`. */
  readonly velocityOf: ReadonlyMap<string, string>;
}

/**
 * Parses and caches: a trainer sends the same few texts again and again (every seed of a
 * system, every turn that keeps an equation), and a parse is a tenth of a verification. The
 * result depends only on the text, the layout and the declared names, which form the key;
 * results are immutable, so sharing one is safe. Texts over the length limit are answered
 * without being cached.
 */
export function parseEquationSystem(
  text: string,
  layout: StateLayout,
  parameterNames: Iterable<string>,
): EquationResult<EquationSystem> {
  const parameters = [...parameterNames];
  const last = lastLookup;
  if (
    last !== undefined &&
    last.text === text &&
    last.stateVariables === layout.stateVariables &&
    last.velocityOf === layout.velocityOf &&
    sameNames(parameters, last.parameters)
  )
    return last.result;
  if (text.length > LIMITS.maxTextLength) return parseUncached(text, layout, parameters);
  const key = cacheKey(text, layout, parameters);
  let result = PARSE_CACHE.get(key);
  if (result !== undefined) {
    // Re-insert: the cache evicts the least recently used entry.
    PARSE_CACHE.delete(key);
    PARSE_CACHE.set(key, result);
  } else {
    result = parseUncached(text, layout, parameters);
    if (PARSE_CACHE.size >= PARSE_CACHE_SIZE) PARSE_CACHE.delete(PARSE_CACHE.keys().next().value!);
    PARSE_CACHE.set(key, result);
  }
  lastLookup = {
    text,
    stateVariables: layout.stateVariables,
    velocityOf: layout.velocityOf,
    parameters,
    result,
  };
  return result;
}

/**
 * The latest cached lookup, answered again without building its key: a trainer repeats one
 * text against one system (every seed's target and parameter values, under the same names),
 * and the key (a string as long as the text, hashed anew) was most of a cache hit's cost. A
 * layout is matched by its parts, which every target of a system shares (its layout objects
 * differ). The entry is already the most recently used, so answering here leaves the cache as
 * a lookup would.
 */
let lastLookup:
  | {
      readonly text: string;
      readonly stateVariables: StateLayout['stateVariables'];
      readonly velocityOf: StateLayout['velocityOf'];
      readonly parameters: readonly string[];
      readonly result: EquationResult<EquationSystem>;
    }
  | undefined;

function sameNames(names: readonly string[], expected: readonly string[]): boolean {
  if (names.length !== expected.length) return false;
  for (let i = 0; i < names.length; i++) if (names[i] !== expected[i]) return false;
  return true;
}

/**
 * Entries kept. The grammar bounds an entry (2,000 characters, 400 AST nodes: tens of kB), so
 * the cache stays within a few MB whatever is sent.
 */
const PARSE_CACHE_SIZE = 128;
const PARSE_CACHE = new Map<string, EquationResult<EquationSystem>>();

/**
 * The parts stay apart whatever characters the text or the names hold: each name is prefixed
 * by its length, the layout (the system's own identifiers, no `|`) ends at a `|`, and the text
 * runs to the end. Cheaper than JSON, which this used to be: it runs on every verification.
 */
function cacheKey(text: string, layout: StateLayout, parameters: readonly string[]): string {
  let key = `${parameters.length}`;
  for (const name of parameters) key += `:${name.length}:${name}`;
  return `${key}|${layoutKey(layout)}|${text}`;
}

const LAYOUT_KEYS = new WeakMap<StateLayout, string>();

function layoutKey(layout: StateLayout): string {
  let key = LAYOUT_KEYS.get(layout);
  if (key === undefined) {
    key = layout.stateVariables.join(' ');
    for (const [position, velocity] of layout.velocityOf) key += ` ${position}>${velocity}`;
    LAYOUT_KEYS.set(layout, key);
  }
  return key;
}

function parseUncached(
  text: string,
  layout: StateLayout,
  parameters: readonly string[],
): EquationResult<EquationSystem> {
  const at = locator(text.length > LIMITS.maxTextLength ? '' : text);
  if (text.length > LIMITS.maxTextLength) {
    return rejected([
      at(
        'too-long',
        { start: 0, end: 0 },
        `the equation text has ${text.length} characters; at most ${LIMITS.maxTextLength} are allowed`,
      ),
    ]);
  }
  const parameterIssues = checkParameterNames(parameters, layout);
  if (parameterIssues.length > 0) return rejected(parameterIssues);

  const lexed = lex(text);
  if (!lexed.ok) return rejected([at('syntax', lexed.span, lexed.message)]);
  const issues: EquationIssue[] = [];
  const scope: SymbolScope = { ...layout, parameters: new Set(parameters) };
  const parser = new Parser(lexed.tokens, scope, at, issues);
  const equations: Equation[] = [];
  while (parser.peek().kind !== 'end' && issues.length < LIMITS.maxIssues) {
    if (parser.peek().kind === 'separator') {
      parser.next();
      continue;
    }
    if (equations.length >= LIMITS.maxEquations) {
      issues.push(
        at('too-complex', parser.peek(), `too many equations: at most ${LIMITS.maxEquations}`),
      );
      break;
    }
    try {
      equations.push(parseStatement(parser, layout, text));
    } catch (error) {
      if (!(error instanceof SyntaxAbort)) throw error;
      issues.push(error.issue);
      if (error.issue.code === 'too-complex') break;
      parser.skipStatement();
    }
  }
  if (issues.length === 0 && equations.length === 0) {
    issues.push(
      at(
        'empty',
        { start: 0, end: text.length },
        `no equation found: write one like ${example(layout)}`,
      ),
    );
  }
  if (issues.length > 0) return rejected(issues);
  return assemble(equations, layout, at, text.length);
}

function parseStatement(parser: Parser, layout: StateLayout, text: string): Equation {
  const lhs = parseLeftSide(parser, layout, text);
  const rhs = parser.parseExpression();
  const after = parser.peek();
  if (after.kind === '=')
    parser.abort(
      'syntax',
      after,
      "only one '=' per equation; put each equation on its own line or separate them with ';'",
    );
  if (after.kind === ',')
    parser.abort('syntax', after, "separate equations with ';' or a newline, not ','");
  if (after.kind === ')') parser.abort('syntax', after, "unexpected ')' without a matching '('");
  return { variable: lhs.variable, order: lhs.order, rhs, lhsSpan: lhs.span };
}

function parseLeftSide(
  parser: Parser,
  layout: StateLayout,
  text: string,
): { variable: string; order: 1 | 2; span: Span } {
  const first = parser.peek();
  const bad = (): never => {
    const statement = text.slice(first.start).split(/[;\n]/, 1)[0]!.trim();
    return parser.abort(
      'bad-left-side',
      first,
      `not an equation: ${quote(statement)}; each equation must look like ${example(layout)} (state variables: ${layout.stateVariables.join(', ')})`,
    );
  };
  if (first.kind !== 'name') return bad();
  let order: 1 | 2;
  let variable: string;
  if (
    first.text === 'd' &&
    parser.peek(1).kind === '^' &&
    parser.peek(2).text === '2' &&
    parser.peek(3).kind === 'name'
  ) {
    order = 2;
    variable = parser.peek(3).text;
    for (let i = 0; i < 4; i++) parser.next();
  } else {
    const match = /^d(2?)([A-Za-z_]\w*)$/.exec(first.text);
    if (match === null) return bad();
    order = match[1] === '2' ? 2 : 1;
    variable = match[2]!;
    parser.next();
  }
  if (parser.peek().kind !== '/') return bad();
  parser.next();
  const denominator = parser.next();
  let denominatorOrder: 1 | 2;
  if (denominator.text === 'dt2') denominatorOrder = 2;
  else if (denominator.text !== 'dt') return bad();
  else if (parser.peek().kind === '^' && parser.peek(1).text === '2') {
    parser.next();
    parser.next();
    denominatorOrder = 2;
  } else denominatorOrder = 1;
  const lhsSpan = { start: first.start, end: parser.previous().end };
  const written = quote(lhsText(variable, order, denominatorOrder));
  if (order !== denominatorOrder) {
    parser.abort(
      'bad-left-side',
      lhsSpan,
      `${written} mixes orders: write d2${clip(variable)}/dt2 (second order) or d${clip(variable)}/dt (first order)`,
    );
  }
  const equals = parser.peek();
  if (equals.kind !== '=') parser.abort('syntax', equals, `expected '=' after ${written}`);
  parser.next();
  checkLeftVariable(parser, layout, variable, order, lhsSpan);
  return { variable, order, span: lhsSpan };
}

/** Left-side variables must be state variables; second order needs a position. */
function checkLeftVariable(
  parser: Parser,
  layout: StateLayout,
  variable: string,
  order: 1 | 2,
  span: Span,
): void {
  const states = layout.stateVariables;
  if (!states.includes(variable)) {
    parser.collected.push(
      parser.issue(
        'bad-left-side',
        span,
        `${quote(variable)} is not a state variable${didYouMean(suggestNames(variable, states))}; the state variables are ${states.join(', ')}`,
      ),
    );
    return;
  }
  if (order === 2 && !layout.velocityOf.has(variable)) {
    const position = [...layout.velocityOf].find(([, velocity]) => velocity === variable)?.[0];
    const advice =
      position === undefined
        ? `write d${variable}/dt`
        : `write d2${position}/dt2 for the second derivative of ${position}, or d${variable}/dt`;
    parser.collected.push(
      parser.issue(
        'bad-left-side',
        span,
        `${quote(variable)} has no second-order form here: ${advice}`,
      ),
    );
  }
}

/** Checks one definition per state variable and builds d(state)/dt in state order. */
function assemble(
  equations: readonly Equation[],
  layout: StateLayout,
  at: ReturnType<typeof locator>,
  textLength: number,
): EquationResult<EquationSystem> {
  const definedBy = new Map<string, Equation>();
  const issues: EquationIssue[] = [];
  /** The equations without repeats: a line written twice is one equation, counted once. */
  const distinct: Equation[] = [];
  for (const equation of equations) {
    const velocity = layout.velocityOf.get(equation.variable);
    const targets =
      equation.order === 2 && velocity !== undefined
        ? [equation.variable, velocity]
        : [equation.variable];
    const clash = targets
      .map((target) => definedBy.get(target))
      .find((other) => other !== undefined);
    if (clash === undefined) {
      for (const target of targets) definedBy.set(target, equation);
      distinct.push(equation);
      continue;
    }
    const sameLeftSide = clash.order === equation.order && clash.variable === equation.variable;
    if (sameLeftSide && sameExpression(clash.rhs, equation.rhs)) continue;
    const here = describe(equation);
    const where = at('syntax', clash.lhsSpan, '');
    const there = `${describe(clash)} at line ${where.line}, column ${where.column}`;
    issues.push(
      sameLeftSide
        ? at(
            'duplicate-equation',
            equation.lhsSpan,
            `duplicate equation for ${here} (also ${there}) with a different right side; keep one`,
          )
        : at(
            'mixed-order',
            equation.lhsSpan,
            `mixed orders: ${here} and ${there} both define ${sharedTargets(clash, equation, layout)}; use either the second-order form or first-order equations`,
          ),
    );
  }
  if (issues.length === 0) {
    const end = { start: textLength, end: textLength };
    for (const variable of layout.stateVariables) {
      if (definedBy.has(variable)) continue;
      const velocity = layout.velocityOf.get(variable);
      const position = [...layout.velocityOf].find(([, v]) => v === variable)?.[0];
      // A position and its velocity both missing is one omission: the second-order equation.
      if (position !== undefined && !definedBy.has(position)) continue;
      issues.push(
        at(
          'missing-equation',
          end,
          missingAdvice(variable, velocity, position, definedBy.has(velocity ?? '')),
        ),
      );
    }
  }
  if (issues.length > 0) return rejected(issues);

  const derivatives = layout.stateVariables.map((variable): Expr => {
    const equation = definedBy.get(variable)!;
    const velocity = layout.velocityOf.get(variable);
    return equation.order === 2 && velocity !== undefined
      ? { kind: 'symbol', name: velocity, role: 'state', span: spanOf(equation.lhsSpan) }
      : equation.rhs;
  });
  const used = new Set<string>();
  let nodeCount = 0;
  for (const expr of derivatives) {
    walk(expr, (node) => {
      nodeCount++;
      if (node.kind === 'symbol' && node.role === 'parameter') used.add(node.name);
    });
  }
  return {
    ok: true,
    value: {
      equations: distinct,
      derivatives,
      operatorCount: distinct.reduce((sum, equation) => sum + countOperators(equation.rhs), 0),
      parametersUsed: [...used].sort(),
      nodeCount,
    },
  };
}

/** Parameter names: identifiers that do not shadow the state, a function or time. */
function checkParameterNames(names: readonly string[], layout: StateLayout): EquationIssue[] {
  if (names.length > LIMITS.maxParameters) {
    return [
      parameterIssue(
        names[LIMITS.maxParameters]!,
        `too many parameters: at most ${LIMITS.maxParameters}`,
      ),
    ];
  }
  const issues: EquationIssue[] = [];
  const reserved = new Set<string>([
    ...FUNCTION_NAMES,
    ...FUNCTION_ALIASES.keys(),
    ...TIME_SYMBOLS,
  ]);
  for (const name of names) {
    if (!IDENTIFIER.test(name) || name.length > LIMITS.maxNameLength) {
      issues.push(
        parameterIssue(
          name,
          `parameter names must be ASCII identifiers of at most ${LIMITS.maxNameLength} characters (letters, digits, _)`,
        ),
      );
    } else if (layout.stateVariables.includes(name)) {
      issues.push(
        parameterIssue(name, `${quote(name)} is a state variable and cannot be a parameter`),
      );
    } else if (reserved.has(name)) {
      issues.push(parameterIssue(name, `${quote(name)} is reserved and cannot be a parameter`));
    }
  }
  return issues.slice(0, LIMITS.maxIssues);
}

function missingAdvice(
  variable: string,
  velocity: string | undefined,
  position: string | undefined,
  velocityDefined: boolean,
): string {
  if (velocity !== undefined && velocityDefined)
    return `missing an equation for ${variable}: add d${variable}/dt = ${velocity}`;
  if (velocity !== undefined)
    return `missing an equation for ${variable}: write d2${variable}/dt2 = ... (or d${variable}/dt = ${velocity} and d${velocity}/dt = ...)`;
  if (position !== undefined)
    return `missing an equation for ${variable}: add d${variable}/dt = ..., or write d2${position}/dt2 = ... instead of d${position}/dt`;
  return `missing an equation for ${variable}: add d${variable}/dt = ...`;
}

/** The same expression, wherever it was written (spans aside). */
function sameExpression(a: Expr, b: Expr): boolean {
  switch (a.kind) {
    case 'number':
      return b.kind === 'number' && Object.is(a.value, b.value);
    case 'symbol':
      return b.kind === 'symbol' && a.name === b.name;
    case 'negate':
      return b.kind === 'negate' && sameExpression(a.operand, b.operand);
    case 'call':
      return b.kind === 'call' && a.name === b.name && sameExpression(a.argument, b.argument);
    case 'binary':
      return (
        b.kind === 'binary' &&
        a.operator === b.operator &&
        sameExpression(a.left, b.left) &&
        sameExpression(a.right, b.right)
      );
  }
}

function sharedTargets(a: Equation, b: Equation, layout: StateLayout): string {
  const targets = (e: Equation) =>
    e.order === 2 ? [e.variable, layout.velocityOf.get(e.variable)!] : [e.variable];
  return targets(a)
    .filter((target) => targets(b).includes(target))
    .map((v) => `d${v}/dt`)
    .join(' and ');
}

function describe(equation: Equation): string {
  return quote(lhsText(equation.variable, equation.order, equation.order));
}

function lhsText(variable: string, order: 1 | 2, denominatorOrder: 1 | 2): string {
  return `d${order === 2 ? '2' : ''}${variable}/dt${denominatorOrder === 2 ? '2' : ''}`;
}

function example(layout: StateLayout): string {
  const [position, velocity] = [...layout.velocityOf][0] ?? [
    layout.stateVariables[0] ?? 'y',
    undefined,
  ];
  return velocity === undefined
    ? `d${position}/dt = ...`
    : `d2${position}/dt2 = ... or d${velocity}/dt = ...`;
}

function rejected(issues: readonly EquationIssue[]): EquationResult<EquationSystem> {
  const sorted = [...issues].sort(
    (a, b) => (a.path ? -1 : 0) - (b.path ? -1 : 0) || a.start - b.start,
  );
  return { ok: false, issues: sorted.slice(0, LIMITS.maxIssues) };
}
