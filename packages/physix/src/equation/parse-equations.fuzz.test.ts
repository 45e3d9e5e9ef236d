import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EquationIssue } from './issues.ts';
import { parseEquationSystem } from './parse-equations.ts';
import { ADVERSARIAL_EQUATIONS, FUZZ_LAYOUT, FUZZ_PARAMETERS, fuzzedEquationText } from '../testing/equation-inputs.ts';

/** Plain checks (vitest's expect is too slow for 100k runs); throws on the first violation. */
function checkResult(text: string): void {
  const result = parseEquationSystem(text, FUZZ_LAYOUT, FUZZ_PARAMETERS);
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

  // How long they take (the worst adversarial inputs, random text) is measured by
  // parse-equations.bench.ts, not asserted here: a loaded machine is not the parser's fault.
  it('100k random inputs end in a value or clear issues', () => {
    fc.assert(
      fc.property(fuzzedEquationText, (text) => checkResult(text)),
      { numRuns: 100_000, seed: 61 },
    );
  });

  it('adversarial inputs (deep nesting, huge numbers, 1 MB strings, prototype names)', () => {
    for (const text of ADVERSARIAL_EQUATIONS) checkResult(text);
    const huge = parseEquationSystem('x'.repeat(1 << 20), FUZZ_LAYOUT, []);
    expect(huge.ok).toBe(false);
    if (!huge.ok) expect(huge.issues[0]!.code).toBe('too-long');
  });

  it('no global state is reachable: prototypes untouched, results depend only on input', () => {
    for (const text of ADVERSARIAL_EQUATIONS.slice(-3)) parseEquationSystem(text, FUZZ_LAYOUT, FUZZ_PARAMETERS);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
    expect((Object.prototype as Record<string, unknown>)['polluted']).toBeUndefined();
    const text = 'd2x/dt2 = -k*x; d2y/dt2 = -g + __proto__*vy';
    expect(parseEquationSystem(text, FUZZ_LAYOUT, FUZZ_PARAMETERS)).toEqual(
      parseEquationSystem(text, FUZZ_LAYOUT, FUZZ_PARAMETERS),
    );
    // A declared `__proto__` is an ordinary parameter, not the prototype.
    const result = parseEquationSystem(text, FUZZ_LAYOUT, FUZZ_PARAMETERS);
    expect(result.ok && result.value.parametersUsed).toEqual(['__proto__', 'g', 'k']);
  });
});
