import { unwrap } from '@verilab/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertSafeSource,
  compileExpression,
  compileVectorField,
  findNonFinite,
  generateVectorFieldSource,
  PROMOTE_AFTER,
} from './compile.ts';
import { FUNCTION_NAMES } from './grammar.ts';
import { parseEquationSystem } from './parse-equations.ts';

const LAYOUT = { stateVariables: ['x', 'vx'], velocityOf: new Map([['x', 'vx']]) };
const STATE_INDEX = new Map([
  ['x', 0],
  ['vx', 1],
]);

function rhs(text: string, params: Record<string, number> = {}) {
  const parsed = unwrap(parseEquationSystem(`d2x/dt2 = ${text}`, LAYOUT, Object.keys(params)));
  return { expr: parsed.derivatives[1]!, params: new Map(Object.entries(params)) };
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
      /parameter k/,
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

describe('compileVectorField: generated code', () => {
  const FIELD_LAYOUT = {
    stateVariables: ['x', 'y', 'vx', 'vy'],
    velocityOf: new Map([
      ['x', 'vx'],
      ['y', 'vy'],
    ]),
  };
  const FIELD_INDEX = new Map(FIELD_LAYOUT.stateVariables.map((name, i) => [name, i]));
  // Names a generator building source from text would be exploited through.
  const HOSTILE = ['__proto__', 'constructor', 'process', 'require', 'globalThis'];

  const atoms = fc.constantFrom('x', 'y', 'vx', 'vy', ...HOSTILE, '0.5', '2', '1e-7', '3.25');
  const expression: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
    e: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      atoms,
      fc.tuple(tie('e'), fc.constantFrom('+', '-', '*', '/', '^', '**'), tie('e')).map(
        ([a, op, b]) => `(${a} ${op} ${b})`,
      ),
      fc.tuple(tie('e'), fc.constantFrom('^2', '^3', '^-1')).map(([a, p]) => `(${a})${p}`),
      fc.tuple(fc.constantFrom(...FUNCTION_NAMES, 'Abs'), tie('e')).map(([f, a]) => `${f}(${a})`),
      tie('e').map((a) => `-${a}`),
    ),
  })).e;

  it('generated code computes the same bits as the closure tree, and its source holds no name or number the agent wrote', () => {
    let compared = 0;
    fc.assert(
      fc.property(expression, expression, fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 4, maxLength: 4 }), (a, b, state) => {
        const parsed = parseEquationSystem(`d2x/dt2 = ${a}; d2y/dt2 = ${b}`, FIELD_LAYOUT, HOSTILE);
        if (!parsed.ok) return;
        const system = parsed.value;
        const values = new Map(HOSTILE.map((name, i) => [name, 0.25 + i]));
        const parameterIndex = new Map(system.parametersUsed.map((name, i) => [name, i]));
        const { source } = generateVectorFieldSource(system.derivatives, FIELD_INDEX, parameterIndex);
        for (const word of [...HOSTILE, 'Math', 'eval', 'Function', '3.25', '0.5', '1e-7']) expect(source).not.toContain(word);
        const compiled = compileVectorField(system.derivatives, FIELD_INDEX, parameterIndex);
        const parameters = Float64Array.from(system.parametersUsed, (name) => values.get(name)!);
        // Bind until the shape is promoted: the first binds are closures, the last generated.
        let field = compiled.bind(parameters);
        for (let i = 0; i < PROMOTE_AFTER && !compiled.generated; i++) field = compiled.bind(parameters);
        expect(compiled.generated).toBe(true);
        const y = Float64Array.from(state);
        const out = new Float64Array(4);
        field(0, y, out);
        system.derivatives.forEach((expr, i) => {
          expect(Object.is(out[i], compileExpression(expr, FIELD_INDEX, values)(y))).toBe(true);
        });
        compared++;
      }),
      { numRuns: 300, seed: 11 },
    );
    expect(compared).toBeGreaterThan(200);
  });

  it('refuses to compile source outside its alphabet', () => {
    expect(() => assertSafeSource('"use strict"; return (p) => process.exit(1);')).toThrow(/unexpected character/);
    expect(() => assertSafeSource('return (t, y, out) => { out[0] = y[1]; };')).not.toThrow();
  });

  it('laws differing only in their constants share one shape, promoted to generated code after PROMOTE_AFTER binds', () => {
    const first = rhs('-k*x - 0.25*vx', { k: 1 });
    const second = rhs('-k*x - 0.75*vx', { k: 1 });
    const parameterIndex = new Map([['k', 0]]);
    expect(generateVectorFieldSource([first.expr], STATE_INDEX, parameterIndex).source).toBe(
      generateVectorFieldSource([second.expr], STATE_INDEX, parameterIndex).source,
    );
    const one = compileVectorField([first.expr], STATE_INDEX, parameterIndex);
    const other = compileVectorField([second.expr], STATE_INDEX, parameterIndex);
    const out = new Float64Array(1);
    const binds = Array.from({ length: PROMOTE_AFTER }, (_, i) => (i % 2 === 0 ? one : other));
    for (const [i, compiled] of binds.entries()) {
      expect(compiled.generated).toBe(false);
      compiled.bind(Float64Array.of(3))(0, Float64Array.of(2, 1), out);
      expect(out[0]).toBe(i % 2 === 0 ? -6.25 : -6.75);
    }
    // The shape is shared: both are generated now, each with its own constant.
    expect(one.generated && other.generated).toBe(true);
    one.bind(Float64Array.of(3))(0, Float64Array.of(2, 1), out);
    expect(out[0]).toBe(-6.25);
    other.bind(Float64Array.of(0.5))(0, Float64Array.of(2, 1), out);
    expect(out[0]).toBe(-1.75);
  });
});
