/**
 * The equation language as data: the function table (names, aliases, semantics), words the
 * parser answers with specific advice, and the size limits. The parser, the compiler and the
 * grammar hint in the prompt all read this table, so they cannot disagree (docs/original-physix.md#grammar-hint).
 */

export const FUNCTION_NAMES = ['sin', 'cos', 'tan', 'exp', 'log', 'sqrt', 'abs'] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

/**
 * Semantics of each function: IEEE double, as NumPy evaluates the original's lambdified
 * expressions (log is natural; sqrt and log of a negative give NaN, which the simulator
 * reports).
 */
export const FUNCTIONS: ReadonlyMap<FunctionName, (x: number) => number> = new Map<
  FunctionName,
  (x: number) => number
>([
  ['sin', Math.sin],
  ['cos', Math.cos],
  ['tan', Math.tan],
  ['exp', Math.exp],
  ['log', Math.log],
  ['sqrt', Math.sqrt],
  ['abs', Math.abs],
]);

/** Accepted spellings that mean a listed function (the original accepted SymPy's `Abs`). */
export const FUNCTION_ALIASES: ReadonlyMap<string, FunctionName> = new Map([['Abs', 'abs']]);

/** Names a model often reaches for, with the advice we give instead of a bare "unknown". */
export const NAME_ADVICE: ReadonlyMap<string, string> = new Map([
  ['ln', 'use log(...) for the natural logarithm'],
  ['pow', 'write a^b or a**b for powers'],
  ['sign', 'write x/abs(x) for the sign of x'],
  ['sgn', 'write x/abs(x) for the sign of x'],
  ['np', 'library prefixes are not allowed: write sin(x), not np.sin(x)'],
  ['math', 'library prefixes are not allowed: write sin(x), not math.sin(x)'],
  ['sp', 'library prefixes are not allowed: write sin(x), not sp.sin(x)'],
  ['frac', 'write a/b for a fraction'],
]);

/**
 * Bounds on what a model may send ([decided]; docs/original-physix.md#w13). The largest ground truth is about
 * 90 characters and 30 nodes, so these leave a wide margin while bounding every pass over the
 * AST (the parser, printer and compiled closures recurse at most MAX_NODES deep) and the work
 * per right-hand-side evaluation.
 */
export const LIMITS = {
  /** Characters of equation text; longer input is rejected before it is scanned. */
  maxTextLength: 2000,
  /** AST nodes over all equations. */
  maxNodes: 400,
  /** Nesting of parentheses, unary signs and right operands while parsing. */
  maxNesting: 48,
  /** |literal exponent| in a^n; beyond this no physical law lives and doubles overflow. */
  maxLiteralExponent: 16,
  /** Equations in one action (two per state variable is already redundant). */
  maxEquations: 8,
  /** Declared parameters and the length of their names. */
  maxParameters: 16,
  maxNameLength: 32,
  /** Issues reported per action: enough to act on, short enough to read. */
  maxIssues: 5,
} as const;

/** Identifiers as in Python 2 / ASCII: the only names the language knows. */
export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The time symbol is never allowed on a right side: every system is autonomous. */
export const TIME_SYMBOLS: ReadonlySet<string> = new Set(['t', 'dt', 'time']);

export function functionNamed(name: string): FunctionName | undefined {
  if ((FUNCTION_NAMES as readonly string[]).includes(name)) return name as FunctionName;
  return FUNCTION_ALIASES.get(name);
}
