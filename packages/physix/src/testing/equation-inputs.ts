import fc from 'fast-check';
import type { StateLayout } from '../equation/parse-equations.ts';

/**
 * Hostile and random inputs for PhysiX's parsers and verifier, shared by the tests (every input
 * ends in a value or a structured failure) and the benchmarks (how long that takes). The first
 * group feeds the equation parser's fuzz test.
 */
export const FUZZ_LAYOUT: StateLayout = {
  stateVariables: ['x', 'y', 'vx', 'vy'],
  velocityOf: new Map([
    ['x', 'vx'],
    ['y', 'vy'],
  ]),
};
export const FUZZ_PARAMETERS = ['k', 'g', '__proto__', 'constructor'];

/** Fragments that exercise every branch of the lexer and parser, valid or not. */
const FRAGMENTS = [
  'd2x/dt2',
  'd2y/dt2',
  'dvx/dt',
  'dy/dt',
  'd^2x/dt^2',
  '=',
  ' = ',
  ';',
  '\n',
  ',',
  '(',
  ')',
  '((',
  '))',
  '+',
  '-',
  '*',
  '/',
  '^',
  '**',
  'x',
  'vy',
  'k',
  'g',
  't',
  'dt',
  'dx/dt',
  'dx',
  'sin(',
  'Abs(',
  'log(',
  'np.',
  '\\frac',
  "'",
  '[0]',
  '{',
  'θ',
  '−',
  '²',
  '1',
  '2.5',
  '.5',
  '1e3',
  '1e999',
  '9'.repeat(400),
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  ' ',
  '\t',
  '\r\n',
  '\u0000',
  '\uD800',
  '😀',
  'eval',
  'Function',
  'process',
  'globalThis',
  'this',
];

const soup = fc
  .array(fc.constantFrom(...FRAGMENTS), { maxLength: 40 })
  .map((parts) => parts.join(''));
const anyText = fc.string({ unit: 'binary', maxLength: 80 });
const asciiText = fc.string({
  unit: fc.constantFrom(...'dxyvt2=+-*/^()., ;\n0123456789eEkgsincoaqbrl_'),
  maxLength: 120,
});

/** Adversarial shapes, many at or just past the limits. */
export const ADVERSARIAL_EQUATIONS = [
  '('.repeat(2000),
  `d2x/dt2 = ${'('.repeat(1990)}`,
  `d2x/dt2 = ${'-'.repeat(1989)}x`,
  `d2x/dt2 = ${'x^'.repeat(994)}x`,
  `d2x/dt2 = ${'sin('.repeat(497)}x`,
  `d2x/dt2 = ${'x+'.repeat(994)}x`,
  `d2x/dt2 = ${'1e99999'}`,
  `d2x/dt2 = x^1e308; d2y/dt2 = x^-1e308`,
  `d2x/dt2 = ${'9'.repeat(1900)}; d2y/dt2 = 0`,
  `${'d2x/dt2 = 0;'.repeat(166)}`,
  `${';'.repeat(2000)}`,
  `${'\n'.repeat(2000)}`,
  'x'.repeat(1 << 20),
  '('.repeat(1 << 20),
  `d2x/dt2 = ${'x*'.repeat(1 << 19)}x`,
  '\uD800'.repeat(1 << 20),
  `d2x/dt2 = __proto__.polluted; d2y/dt2 = constructor.prototype`,
  'd2x/dt2 = constructor(x); d2y/dt2 = __proto__(y)',
  'd2__proto__/dt2 = 1; dconstructor/dt = 2',
];

/** Random text: fragment soup, arbitrary UTF-16, and formula-like ASCII. */
export const fuzzedEquationText = fc.oneof(soup, anyText, asciiText);

/**
 * Hypotheses built to make verification slow (blow-ups, stiffness, division by zero, a huge
 * parameter to fit), with their parameters: verify.test.ts checks each ends in a structured
 * result, verify.hostile.bench.ts how long that takes.
 */
export const HOSTILE_EQUATIONS = [
  'd2y/dt2 = exp(vy^10)',
  'd2y/dt2 = 1e300*y^16',
  'd2y/dt2 = -1e12*(y - 40)*abs(vy)^0.5',
  'dy/dt = vy; dvy/dt = 1/(vy - vy)',
  'd2y/dt2 = -k*(y - 50)',
  'd2y/dt2 = -k*sin(w*y) + vy^k',
];
export const HOSTILE_PARAMS = { k: 1e6, w: 100 };

/** Completions of 1 MB of braces, quotes and nesting, for the completion parser. */
export const HOSTILE_COMPLETIONS = [
  '{'.repeat(1 << 20),
  '{"a":'.repeat(200_000),
  `${'}'.repeat(1 << 19)}${'{'.repeat(1 << 19)}`,
  '{"equation": "x"'.repeat(60_000),
  `{${'"'.repeat(1 << 20)}}`,
];
