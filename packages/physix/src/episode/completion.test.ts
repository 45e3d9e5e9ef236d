import { describe, expect, it } from 'vitest';
import { HOSTILE_COMPLETIONS } from '../testing/equation-inputs.ts';
import { parseCompletion } from './completion.ts';

describe('parseCompletion', () => {
  it('bare JSON', () => {
    expect(
      parseCompletion(
        '{"equation": "d2y/dt2 = -g", "params": {"g": 9.81}, "rationale": "free fall"}',
      ),
    ).toEqual({
      action: { equation: 'd2y/dt2 = -g', params: { g: 9.81 }, rationale: 'free fall' },
      found: true,
    });
  });

  it('a fenced block after reasoning, with braces and quotes in the prose', () => {
    const text =
      'The drag {quadratic} isn\'t linear.\n```json\n{\n  "equation": "d2y/dt2 = -g - k*vy*abs(vy)",\n  "params": {"g": 9.81, "k": 0.05}\n}\n```\nDone.';
    expect(parseCompletion(text).action).toEqual({
      equation: 'd2y/dt2 = -g - k*vy*abs(vy)',
      params: { g: 9.81, k: 0.05 },
    });
  });

  it('the last object wins over an echoed example; objects without "equation" are skipped', () => {
    const text =
      'The format is {"equation": "d2y/dt2 = -9.81", "params": {}}. My answer: {"equation": "d2x/dt2 = -w*x", "params": {"w": 4}} {"note": 1}';
    expect(parseCompletion(text).action.equation).toBe('d2x/dt2 = -w*x');
  });

  it('an answer wrapped in non-JSON braces is still found', () => {
    expect(parseCompletion('{answer: {"equation": "d2y/dt2 = -9.81"}}').action.equation).toBe(
      'd2y/dt2 = -9.81',
    );
  });

  it('repairs raw newlines inside strings and Python-style quotes', () => {
    expect(parseCompletion('{"equation": "dx/dt = vx\n  dvx/dt = -x"}').action.equation).toBe(
      'dx/dt = vx\n  dvx/dt = -x',
    );
    expect(parseCompletion("{'equation': 'd2y/dt2 = -g', 'params': {'g': 9.81}}").action).toEqual({
      equation: 'd2y/dt2 = -g',
      params: { g: 9.81 },
    });
  });

  it('keeps params as sent (the verifier validates them) and drops non-string rationale', () => {
    expect(
      parseCompletion('{"equation": "d2y/dt2 = -g", "params": {"g": "9.81"}, "rationale": 3}')
        .action,
    ).toEqual({
      equation: 'd2y/dt2 = -g',
      params: { g: '9.81' },
    });
  });

  it('garbage gives an empty action (format 0) and a reason', () => {
    for (const text of [
      '',
      'no json here',
      '{"eqn": "d2y/dt2 = -g"}',
      '{"equation": 5}',
      '[{"equation": "x"}]'.slice(1, -1).replace('{', ''),
    ]) {
      const parsed = parseCompletion(text);
      expect(parsed.found).toBe(false);
      expect(parsed.action).toEqual({ equation: '' });
      expect(parsed.error).toMatch(/no JSON object/);
    }
  });

  it('prototype keys are inert data', () => {
    const parsed = parseCompletion(
      '{"equation": "d2y/dt2 = -__proto__", "params": {"__proto__": 9.81, "constructor": 1}}',
    );
    expect(Object.keys(parsed.action.params as object)).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>)['constructor']).toBe(Object);
  });

  // How long each takes is measured by completion.bench.ts, not asserted on a shared machine.
  it('hostile text (1 MB of braces, quotes and nesting) is answered with no action found', () => {
    for (const text of HOSTILE_COMPLETIONS) {
      expect(parseCompletion(text)).toMatchObject({ found: false, error: expect.stringContaining('no JSON object') });
    }
  });
});
