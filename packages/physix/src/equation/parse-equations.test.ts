import { unwrap } from '@verilab/core';
import { describe, expect, it } from 'vitest';
import { printEquations, printExpression } from './print.ts';
import { formatEquationIssues, type EquationIssueCode } from './issues.ts';
import { parseEquationSystem, type StateLayout } from './parse-equations.ts';
import { groundTruthAction } from '../episode/ground-truth-action.ts';
import { instantiate } from '../systems/instance.ts';
import { getSystem } from '../systems/registry.ts';
import { targetOf, verify } from '../verify.ts';

const FALL: StateLayout = { stateVariables: ['y', 'vy'], velocityOf: new Map([['y', 'vy']]) };
const PLANE: StateLayout = {
  stateVariables: ['x', 'y', 'vx', 'vy'],
  velocityOf: new Map([
    ['x', 'vx'],
    ['y', 'vy'],
  ]),
};
const PENDULUM: StateLayout = {
  stateVariables: ['theta', 'dtheta'],
  velocityOf: new Map([['theta', 'dtheta']]),
};

function parseOk(text: string, layout: StateLayout = FALL, params: string[] = []) {
  return unwrap(parseEquationSystem(text, layout, params));
}

function rejection(text: string, layout: StateLayout = FALL, params: string[] = []) {
  const result = parseEquationSystem(text, layout, params);
  if (result.ok) throw new Error(`accepted: ${text}`);
  return result.issues;
}

describe('parseEquationSystem accepts the grammar of docs/original-physix.md#grammar', () => {
  it('a second-order equation defines the position and its velocity', () => {
    const system = parseOk('d2y/dt2 = -9.81');
    expect(system.equations).toHaveLength(1);
    expect(system.equations[0]).toMatchObject({ variable: 'y', order: 2 });
    expect(system.equations[0]!.rhs).toMatchObject({
      kind: 'negate',
      operand: { kind: 'number', value: 9.81 },
    });
    expect(system.derivatives.map(printExpression)).toEqual(['vy', '-9.81']);
    expect(system.operatorCount).toBe(1);
  });

  it('first-order pairs, separated by ; or newlines, with d^2y/dt^2 and ** spellings', () => {
    expect(
      parseOk('dy/dt = vy; dvy/dt = -g', FALL, ['g']).derivatives.map(printExpression),
    ).toEqual(['vy', '-g']);
    expect(parseOk('dy/dt = vy\r\n\n dvy/dt = -g\n', FALL, ['g']).equations).toHaveLength(2);
    expect(printEquations(parseOk('d^2y/dt^2 = -g + k * vy**2', FALL, ['g', 'k']).equations)).toBe(
      'd2y/dt2 = -g + k*vy^2',
    );
  });

  it('aliases dx/dt and bare dx to the paired velocity (the 7B textbook answer)', () => {
    const system = parseOk('d2x/dt2 = -k/m * x - c/m * dx/dt; d2y/dt2 = -g - c*dy', PLANE, [
      'k',
      'm',
      'c',
      'g',
    ]);
    expect(printEquations(system.equations)).toBe('d2x/dt2 = -k/m*x - c/m*vx; d2y/dt2 = -g - c*vy');
    expect(system.parametersUsed).toEqual(['c', 'g', 'k', 'm']);
  });

  it('theta/dtheta: dtheta is the velocity itself, dtheta/dt its alias', () => {
    const system = parseOk('d2theta/dt2 = -(g/L)*sin(theta) - b*dtheta/dt', PENDULUM, [
      'g',
      'L',
      'b',
    ]);
    expect(printEquations(system.equations)).toBe('d2theta/dt2 = -(g/L)*sin(theta) - b*dtheta');
    expect(system.operatorCount).toBe(6);
  });

  it('Python precedence: -a^b is -(a^b), a^-b^c is a^(-(b^c)), ^ is right-associative', () => {
    const rhs = (text: string) =>
      parseOk(`d2y/dt2 = ${text}`, FALL, ['a', 'b', 'c']).equations[0]!.rhs;
    expect(rhs('-a^b')).toMatchObject({
      kind: 'negate',
      operand: { kind: 'binary', operator: '^' },
    });
    expect(rhs('a^b^c')).toMatchObject({ operator: '^', right: { operator: '^' } });
    expect(rhs('a^-b^c')).toMatchObject({
      operator: '^',
      right: { kind: 'negate', operand: { operator: '^' } },
    });
    expect(rhs('a-b-c')).toMatchObject({ operator: '-', left: { operator: '-' } });
    expect(rhs('a/b*c')).toMatchObject({ operator: '*', left: { operator: '/' } });
    expect(rhs('-a*b')).toMatchObject({ operator: '*', left: { kind: 'negate' } });
    expect(rhs('+a')).toMatchObject({ kind: 'symbol', name: 'a' });
    expect(rhs('Abs(a)')).toMatchObject({ kind: 'call', name: 'abs' });
  });

  it('numbers in Python syntax', () => {
    for (const [text, value] of [
      ['12', 12],
      ['1.5', 1.5],
      ['.5', 0.5],
      ['1.', 1],
      ['1e-3', 1e-3],
      ['2.5E+2', 250],
    ] as const) {
      expect(parseOk(`d2y/dt2 = ${text}`).equations[0]!.rhs).toMatchObject({
        kind: 'number',
        value,
      });
    }
  });

  it('a newline inside parentheses is a line continuation', () => {
    expect(parseOk('d2y/dt2 = -(g +\n k*vy)', FALL, ['g', 'k']).equations).toHaveLength(1);
  });

  it('an equation written twice, the same after parsing, is one equation counted once', () => {
    const once = parseOk('d2y/dt2 = -g - k*vy*abs(vy)', FALL, ['g', 'k']);
    for (const text of [
      'd2y/dt2 = -g - k*vy*abs(vy)\nd2y/dt2 = -g - k*vy*abs(vy)',
      'd2y/dt2 = -g - k*vy*abs(vy); d^2y/dt^2 = -g-k * dy/dt * abs(vy)',
    ]) {
      const twice = parseOk(text, FALL, ['g', 'k']);
      expect(twice.equations).toHaveLength(1);
      expect(twice.operatorCount).toBe(once.operatorCount);
      expect(twice.nodeCount).toBe(once.nodeCount);
      expect(twice.derivatives.map(printExpression)).toEqual(once.derivatives.map(printExpression));
    }
    const pair = parseOk('dy/dt = vy\ndvy/dt = -9.81\ndy/dt = vy');
    expect(pair.equations.map((e) => e.variable)).toEqual(['y', 'vy']);
    expect(parseOk('d2y/dt2 = -9.81*1.0\nd2y/dt2 = -9.810*1').equations).toHaveLength(1);
  });

  it('the truth with a line repeated scores as the truth', () => {
    const instance = instantiate(getSystem('damped_spring')!, 3);
    const truth = groundTruthAction(instance);
    const [first] = truth.equation.split('\n');
    const repeated = { ...truth, equation: `${truth.equation}\n${first}` };
    for (const fit of [false, true]) {
      const rewards = (action: typeof truth) => verify(targetOf(instance), action, { fit }).report.rewards;
      expect(rewards(repeated)['anti-hack'].total).toBeGreaterThan(0.9);
      expect(rewards(repeated)).toEqual(rewards(truth));
    }
  });

  it('spans point into the source text', () => {
    const text = 'd2y/dt2 = -g - k*vy*abs(vy)';
    const rhs = parseOk(text, FALL, ['g', 'k']).equations[0]!.rhs;
    expect(text.slice(rhs.span.start, rhs.span.end)).toBe('-g - k*vy*abs(vy)');
    if (rhs.kind !== 'binary') throw new Error('expected binary');
    expect(text.slice(rhs.right.span.start, rhs.right.span.end)).toBe('k*vy*abs(vy)');
  });
});

describe('parseEquationSystem rejects with positional, actionable messages', () => {
  const cases: [string, EquationIssueCode, RegExp, StateLayout?, string[]?][] = [
    [
      'not a real equation',
      'bad-left-side',
      /not an equation: 'not a real equation'.*d2y\/dt2 = \.\.\./,
    ],
    ['', 'empty', /no equation found/],
    ['  ;\n ; ', 'empty', /no equation found/],
    ['d2y/dt2 = -G', 'unknown-symbol', /unknown symbol 'G' \(did you mean 'g'/, FALL, ['g']],
    ['d2y/dt2 = -g', 'unknown-symbol', /declare it in "params", e.g. "params": \{"g": 1.0\}/],
    ['d2y/dt2 = -g*t', 'time-symbol', /'t' is not allowed: the system is autonomous/, FALL, ['g']],
    ['d2y/dt2 = dt', 'time-symbol', /'dt' may appear only in a derivative/],
    ['d2y/dt2 = 2vy', 'syntax', /missing operator between '2' and 'vy'; write 2\*vy/],
    ['d2y/dt2 = 2(vy)', 'syntax', /write 2\*\(\.\.\.\)/],
    ['d2y/dt2 = np.sin(y)', 'syntax', /not np\.sin\(x\)/],
    ['d2y/dt2 = \\frac{1}{2}', 'syntax', /LaTeX is not supported \(found '\\frac'\)/],
    ['d2y/dt2 = -1\\nd2x/dt2 = 0', 'syntax', /real newline/],
    ['d2y/dt2 = sin(y, 2)', 'syntax', /sin takes exactly one argument/],
    ['d2y/dt2 = sin(y=1)', 'syntax', /keyword arguments/],
    ['d2y/dt2 = ln(y)', 'unknown-function', /use log/],
    ['d2y/dt2 = cosh(y)', 'unknown-function', /unknown function 'cosh' \(did you mean 'cos'\?\)/],
    [
      'd2y/dt2 = k(y)',
      'unknown-function',
      /'k' is not a function; write k\*\(\.\.\.\)/,
      FALL,
      ['k'],
    ],
    ['d2y/dt2 = sin', 'syntax', /sin is a function/],
    ['d2y/dt2 = y^100', 'exponent-too-large', /exponent 100 is too large/],
    ['d2y/dt2 = y**-17', 'exponent-too-large', /exponent 17/],
    ['d2y/dt2 = 1e999', 'bad-number', /out of range/],
    [
      'd2y/dt2 = -9.81; d2y/dt2 = -9.8',
      'duplicate-equation',
      /duplicate equation for 'd2y\/dt2' \(also 'd2y\/dt2' at line 1, column 1\)/,
    ],
    [
      'd2y/dt2 = -9.81\nd2y/dt2 = -(9.81)\nd2y/dt2 = -9.8',
      'duplicate-equation',
      /duplicate equation for 'd2y\/dt2' \(also 'd2y\/dt2' at line 1, column 1\) with a different right side; keep one/,
    ],
    [
      'd2y/dt2 = -9.81\ndvy/dt = -9.81',
      'mixed-order',
      /mixed orders: 'dvy\/dt' and 'd2y\/dt2' at line 1, column 1 both define dvy\/dt/,
    ],
    ['d2y/dt2 = -9.81; dy/dt = vy', 'mixed-order', /both define dy\/dt/],
    [
      'dy/dt = vy',
      'missing-equation',
      /missing an equation for vy: add dvy\/dt = \.\.\., or write d2y\/dt2/,
    ],
    ['dvy/dt = -9.81', 'missing-equation', /missing an equation for y: add dy\/dt = vy/],
    [
      'd2x/dt2 = 0',
      'missing-equation',
      /missing an equation for y: write d2y\/dt2 = \.\.\./,
      PLANE,
    ],
    ['d2z/dt2 = 1', 'bad-left-side', /'z' is not a state variable \(did you mean 'y'\?\)/],
    ['d2vy/dt2 = 1', 'bad-left-side', /write d2y\/dt2 for the second derivative of y/],
    ['d2y/dt = 1', 'bad-left-side', /'d2y\/dt' mixes orders/],
    ['d2y/dt2 -9.81', 'syntax', /expected '=' after 'd2y\/dt2'/],
    ['d2y/dt2 = -9.81 = 3', 'syntax', /only one '=' per equation/],
    ['d2y/dt2 = -9.81, d2x/dt2 = 0', 'syntax', /not ','/],
    ['d2y/dt2 = ((y', 'syntax', /missing '\)' to close the '\(' at column 12/],
    ['d2y/dt2 = (y))', 'syntax', /unexpected '\)'/],
    ['d2y/dt2 = ()', 'syntax', /empty parentheses/],
    ['d2y/dt2 = y +', 'syntax', /ends too early/],
    ['d2y/dt2 = * y', 'syntax', /'\*' needs a left operand/],
    ["y'' = -9.81", 'syntax', /primes are not supported/],
    ['d2y/dt2 = −9.81', 'syntax', /non-ASCII operator '−'/],
    ['d2θ/dt2 = 0', 'syntax', /U\+03B8.*theta/],
    ['d2y/dt2 = y[0]', 'syntax', /indexing/],
    ['d2y/dt2 = vy²', 'syntax', /write \^2/],
    ['d2y/dt2 = -k*dvy/dt', 'syntax', /cannot contain dvy\/dt/, FALL, ['k']],
    ['d2y/dt2 = d2y/dt2', 'syntax', /only on the left side/],
  ];
  it.each(cases)('%s', (text, code, message, layout = FALL, params = []) => {
    const issues = rejection(text, layout, params);
    expect(issues[0]!.code).toBe(code);
    expect(issues[0]!.message).toMatch(message);
    expect(issues[0]!.line).toBeGreaterThanOrEqual(1);
    expect(issues[0]!.column).toBeGreaterThanOrEqual(1);
  });

  it('reports line and column on later lines', () => {
    const issues = rejection('d2x/dt2 = 0\nd2y/dt2 = -q', PLANE);
    expect(issues[0]).toMatchObject({
      line: 2,
      column: 12,
      start: 23,
      end: 24,
      code: 'unknown-symbol',
    });
    expect(formatEquationIssues(issues)).toMatch(/^line 2, column 12: unknown symbol 'q'/);
  });

  it('collects several name errors and syntax errors of several equations in one reply', () => {
    const issues = rejection('d2x/dt2 = a + b\nd2y/dt2 = (', PLANE);
    expect(issues.map((issue) => issue.code)).toEqual([
      'unknown-symbol',
      'unknown-symbol',
      'syntax',
    ]);
  });

  it('checks parameter names: identifiers, not shadowing state, functions or time', () => {
    for (const [name, message] of [
      ['y', /state variable/],
      ['sin', /reserved/],
      ['t', /reserved/],
      ['k 1', /ASCII identifiers/],
      ['', /ASCII identifiers/],
    ] as const) {
      const issues = rejection('d2y/dt2 = 0', FALL, [name]);
      expect(issues[0]).toMatchObject({ code: 'bad-parameter', path: ['params', name] });
      expect(issues[0]!.message).toMatch(message);
    }
    expect(formatEquationIssues(rejection('d2y/dt2 = 0', FALL, ['k 1']))).toBe(
      'params["k 1"]: parameter names must be ASCII identifiers of at most 32 characters (letters, digits, _)',
    );
  });

  it('__proto__, constructor and toString are ordinary names: unknown unless declared', () => {
    expect(
      rejection('d2y/dt2 = constructor + __proto__ + toString + hasOwnProperty').map((i) => i.code),
    ).toEqual(Array(4).fill('unknown-symbol'));
    expect(
      parseOk('d2y/dt2 = __proto__ * constructor', FALL, ['__proto__', 'constructor'])
        .parametersUsed,
    ).toEqual(['__proto__', 'constructor']);
  });

  it('limits: text length, nesting, size, equation count', () => {
    expect(rejection(`d2y/dt2 = ${'1+'.repeat(1100)}1`)[0]!.message).toMatch(/at most 2000/);
    expect(rejection(`d2y/dt2 = ${'('.repeat(60)}y${')'.repeat(60)}`)[0]!.code).toBe('too-complex');
    expect(rejection(`d2y/dt2 = ${'-'.repeat(60)}y`)[0]!.code).toBe('too-complex');
    expect(rejection(`d2y/dt2 = ${'y*'.repeat(450)}y`)[0]!.message).toMatch(/more than 400/);
    expect(rejection('dy/dt = vy;'.repeat(9))[0]!.message).toMatch(/too many equations/);
  });
});

describe('parse cache', () => {
  it('keys on text, layout and declared names exactly: no two inputs share an answer', () => {
    const layout = { stateVariables: ['x', 'vx'], velocityOf: new Map([['x', 'vx']]) };
    const text = 'd2x/dt2 = -a*b*x';
    expect(parseEquationSystem(text, layout, ['a', 'b']).ok).toBe(true);
    // The same characters split differently must not hit the first entry.
    expect(parseEquationSystem(text, layout, ['a\u0000b']).ok).toBe(false);
    expect(parseEquationSystem(text, layout, ['a,b']).ok).toBe(false);
    const other = { stateVariables: ['x', 'vx'], velocityOf: new Map<string, string>() };
    expect(parseEquationSystem(text, other, ['a', 'b'])).not.toBe(parseEquationSystem(text, layout, ['a', 'b']));
    expect(parseEquationSystem(text, layout, ['a', 'b'])).toBe(parseEquationSystem(text, layout, ['a', 'b']));
  });

  it('answers a repeated lookup again only for the same text, layout parts and names', () => {
    const stateVariables = ['x', 'vx'];
    const velocityOf = new Map([['x', 'vx']]);
    const text = 'd2x/dt2 = -a*x';
    const first = parseEquationSystem(text, { stateVariables, velocityOf }, ['a']);
    // Another target of the same system: a new layout object with the same parts.
    expect(parseEquationSystem(text, { stateVariables, velocityOf }, ['a'])).toBe(first);
    expect(parseEquationSystem(text, { stateVariables, velocityOf }, ['a', 'b'])).not.toBe(first);
    expect(parseEquationSystem(text, { stateVariables, velocityOf }, ['a'])).toBe(first);
    expect(parseEquationSystem(text, { stateVariables, velocityOf }, ['b']).ok).toBe(false);
    expect(parseEquationSystem(text, { stateVariables: ['x', 'vx'], velocityOf: new Map() }, ['a'])).not.toBe(first);
    expect(parseEquationSystem('d2x/dt2 = -a*x ', { stateVariables, velocityOf }, ['a'])).not.toBe(first);
  });
});
