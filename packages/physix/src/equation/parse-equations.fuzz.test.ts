import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EquationIssue } from './issues.ts';
import { parseEquationSystem, type StateLayout } from './parse-equations.ts';

const LAYOUT: StateLayout = {
  stateVariables: ['x', 'y', 'vx', 'vy'],
  velocityOf: new Map([
    ['x', 'vx'],
    ['y', 'vy'],
  ]),
};
const PARAMETERS = ['k', 'g', '__proto__', 'constructor'];

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
const ADVERSARIAL = [
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

/** Plain checks (vitest's expect is too slow for 100k runs); throws on the first violation. */
function checkResult(text: string): void {
  const started = performance.now();
  const result = parseEquationSystem(text, LAYOUT, PARAMETERS);
  let elapsed = performance.now() - started;
  // The machine is shared: a GC pause or a descheduling is not the input's fault, so a slow
  // input is timed again and must be slow every time to fail.
  if (elapsed >= 50) elapsed = Math.min(elapsed, time(text), time(text));
  assert(elapsed < 50, `took ${elapsed} ms`);
  if (result.ok) {
    assert(
      result.value.equations.length > 0 && result.value.derivatives.length === 4,
      'malformed value',
    );
    return;
  }
  assert(result.issues.length >= 1 && result.issues.length <= 5, `${result.issues.length} issues`);
  for (const issue of result.issues) checkIssue(issue, text);
}

function time(text: string): number {
  const started = performance.now();
  parseEquationSystem(text, LAYOUT, PARAMETERS);
  return performance.now() - started;
}

function checkIssue(issue: EquationIssue, text: string): void {
  assert(
    issue.message.length > 10 && issue.message.length < 400,
    `message length ${issue.message.length}: ${issue.message}`,
  );
  if (issue.path !== undefined) return;
  assert(issue.line >= 1 && issue.column >= 1, `position ${issue.line}:${issue.column}`);
  assert(issue.start <= issue.end && issue.end <= text.length, `span ${issue.start}-${issue.end}`);
}

function assert(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

describe('parseEquationSystem on random and adversarial input', () => {
  const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();

  it('100k random inputs end in a value or clear issues, each within 50 ms', () => {
    const started = performance.now();
    fc.assert(
      fc.property(fc.oneof(soup, anyText, asciiText), (text) => checkResult(text)),
      { numRuns: 100_000, seed: 61 },
    );
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  it('adversarial inputs (deep nesting, huge numbers, 1 MB strings, prototype names)', () => {
    for (const text of ADVERSARIAL) checkResult(text);
    const huge = parseEquationSystem('x'.repeat(1 << 20), LAYOUT, []);
    expect(huge.ok).toBe(false);
    if (!huge.ok) expect(huge.issues[0]!.code).toBe('too-long');
  });

  it('no global state is reachable: prototypes untouched, results depend only on input', () => {
    for (const text of ADVERSARIAL.slice(-3)) parseEquationSystem(text, LAYOUT, PARAMETERS);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
    expect((Object.prototype as Record<string, unknown>)['polluted']).toBeUndefined();
    const text = 'd2x/dt2 = -k*x; d2y/dt2 = -g + __proto__*vy';
    expect(parseEquationSystem(text, LAYOUT, PARAMETERS)).toEqual(
      parseEquationSystem(text, LAYOUT, PARAMETERS),
    );
    // A declared `__proto__` is an ordinary parameter, not the prototype.
    const result = parseEquationSystem(text, LAYOUT, PARAMETERS);
    expect(result.ok && result.value.parametersUsed).toEqual(['__proto__', 'g', 'k']);
  });
});
