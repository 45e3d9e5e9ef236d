import { describe, expect, it } from 'vitest';
import { compileExpression, findNonFinite } from './compile.ts';
import { formatEquationIssues } from './issues.ts';
import { parseEquationSystem } from './parse-equations.ts';

const LAYOUT = { stateVariables: ['x', 'vx'], velocityOf: new Map([['x', 'vx']]) };
const STATE_INDEX = new Map([
  ['x', 0],
  ['vx', 1],
]);

function rhs(text: string, params: Record<string, number> = {}) {
  const parsed = parseEquationSystem(`d2x/dt2 = ${text}`, LAYOUT, Object.keys(params));
  if (!parsed.ok) throw new Error(formatEquationIssues(parsed.issues));
  return { expr: parsed.value.derivatives[1]!, params: new Map(Object.entries(params)) };
}

describe('compileExpression', () => {
  const cases: [string, Record<string, number>, (x: number, v: number) => number][] = [
    ['-k*x - c*vx', { k: 3, c: 0.5 }, (x, v) => -3 * x - 0.5 * v],
    ['-(g/L)*sin(x)', { g: 9.81, L: 1.2 }, (x) => -(9.81 / 1.2) * Math.sin(x)],
    ['x^2 + vx**3 - 2^-x', {}, (x, v) => x ** 2 + v ** 3 - 2 ** -x],
    ['-x^2', {}, (x) => -(x ** 2)],
    [
      'exp(-abs(vx))*log(1 + x^2) / sqrt(4 + cos(x)) - tan(vx/10)',
      {},
      (x, v) =>
        (Math.exp(-Math.abs(v)) * Math.log(1 + x * x)) / Math.sqrt(4 + Math.cos(x)) -
        Math.tan(v / 10),
    ],
    ['a - b - c', { a: 1, b: 2, c: 3 }, () => -4],
    ['a / b / c', { a: 12, b: 2, c: 3 }, () => 2],
    ['a ^ b ^ c', { a: 2, b: 3, c: 2 }, () => 512],
  ];
  it.each(cases)('%s', (text, params, expected) => {
    const { expr, params: values } = rhs(text, params);
    const f = compileExpression(expr, STATE_INDEX, values);
    for (const [x, v] of [
      [0.3, -1.2],
      [2, 0.5],
      [-1.5, 3],
    ] as const) {
      expect(f(Float64Array.of(x, v))).toBeCloseTo(expected(x, v), 12);
    }
  });

  it('refuses symbols it was not given (programmer error)', () => {
    const { expr } = rhs('k*x', { k: 1 });
    expect(() => compileExpression(expr, STATE_INDEX, new Map())).toThrow(
      /no value for parameter k/,
    );
  });
});

describe('findNonFinite', () => {
  it('points at the innermost non-finite sub-expression and its inputs', () => {
    const { expr, params } = rhs('1 + k*sqrt(x - 2)', { k: 1 });
    const found = findNonFinite(expr, STATE_INDEX, params, Float64Array.of(1, 0));
    expect(found?.node).toMatchObject({ kind: 'call', name: 'sqrt', span: { start: 16, end: 27 } });
    expect(found?.inputs).toEqual([-1]);
    expect(findNonFinite(expr, STATE_INDEX, params, Float64Array.of(3, 0))).toBeUndefined();
  });

  it('division by zero and overflow', () => {
    const division = rhs('vx / x');
    expect(
      findNonFinite(division.expr, STATE_INDEX, division.params, Float64Array.of(0, 1))?.node,
    ).toMatchObject({ operator: '/' });
    const overflow = rhs('exp(vx^10)');
    expect(
      findNonFinite(overflow.expr, STATE_INDEX, overflow.params, Float64Array.of(0, 3))?.node,
    ).toMatchObject({ kind: 'call', name: 'exp' });
  });
});
