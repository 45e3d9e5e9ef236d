import fc from 'fast-check';
import type { StateLayout } from '../equation/parse-equations.ts';

/**
 * Inputs for stressing the equation parser, shared by its fuzz test (every input ends in a value
 * or clear issues) and its benchmark (how long the worst of them take).
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
