import { describe, expect, it } from 'vitest';
import { unwrap } from '@verilab/core';
import { parseEquationSystem } from '../equation/parse-equations.ts';
import { integrateDopri5 } from './dormand-prince.ts';
import { prepareSimulation } from './hypothesis.ts';
import { affineField, AffineSampler, exactSampler, exactSamplingPays, expm } from './linear-propagator.ts';

const layout = { stateVariables: ['x', 'vx'], velocityOf: new Map([['x', 'vx']]) };
const parse = (text: string, parameters: Record<string, number>) =>
  unwrap(parseEquationSystem(text, layout, Object.keys(parameters)));
const fieldOf = (text: string, parameters: Record<string, number>) =>
  affineField(
    parse(text, parameters).derivatives,
    new Map([['x', 0], ['vx', 1]]),
    new Map(Object.entries(parameters)),
  );
const grid = (duration: number, count: number) =>
  Float64Array.from({ length: count }, (_, i) => (duration * i) / (count - 1));

describe('affineField', () => {
  it('reads A and b off a linear law, with state-free coefficients evaluated', () => {
    const field = fieldOf('d2x/dt2 = -(k/m)*x - (b/m)*vx + 2*sqrt(g)', { k: 8, m: 2, b: 1, g: 9 });
    expect(field && Array.from(field.matrix)).toEqual([0, 1, -4, -0.5]);
    expect(field && Array.from(field.offset)).toEqual([0, 6]);
  });

  it.each([
    'd2x/dt2 = -k*sin(x)',
    'd2x/dt2 = -k*x*vx',
    'd2x/dt2 = -k*x^2',
    'd2x/dt2 = -k/x',
    'd2x/dt2 = -k*abs(vx)',
    'd2x/dt2 = 0*x*vx',
  ])('leaves a nonlinear law to the integrator: %s', (text) => {
    expect(fieldOf(text, { k: 2 })).toBeUndefined();
  });

  it('leaves non-finite coefficients to the integrator, which reports them', () => {
    expect(fieldOf('d2x/dt2 = -(k/m)*x', { k: 1, m: 0 })).toBeUndefined();
  });
});

describe('AffineSampler', () => {
  it('samples the damped oscillator to round-off', () => {
    // x'' = −2ζω x' − ω² x, underdamped: x = e^{−ζωt}(cos ω_d t + ζω/ω_d sin ω_d t) from (1, 0).
    const omega = 5;
    const zeta = 0.1;
    const damped = omega * Math.sqrt(1 - zeta * zeta);
    const field = fieldOf('d2x/dt2 = -w2*x - c*vx', { w2: omega * omega, c: 2 * zeta * omega })!;
    const times = grid(10, 100);
    const values = new Float64Array(200);
    const stats = new AffineSampler(field).sample(0, [1, 0], times, 1e9, values);
    expect(stats).toEqual({ steps: 99, rejectedSteps: 0, rhsEvaluations: 0 });
    times.forEach((t, i) => {
      const exact =
        Math.exp(-zeta * omega * t) * (Math.cos(damped * t) + ((zeta * omega) / damped) * Math.sin(damped * t));
      expect(Math.abs(values[i]! - exact)).toBeLessThan(1e-13);
    });
  });

  it('samples a constant force (the affine part) to round-off, and repeats samples at equal times', () => {
    // v' = −c·v − g: v = (v0 + g/c)·e^{−ct} − g/c, x = x0 + (v0 + g/c)(1 − e^{−ct})/c − (g/c)·t.
    const [c, g] = [0.4, 9.81];
    const field = fieldOf('d2x/dt2 = -c*vx - g', { c, g })!;
    const times = Float64Array.from([0, 0, 0.5, 0.5, 1.25, 3]);
    const values = new Float64Array(12);
    new AffineSampler(field).sample(0, [100, 3], times, 1e9, values);
    times.forEach((t, i) => {
      const decay = Math.exp(-c * t);
      expect(values[i]).toBeCloseTo(100 + ((3 + g / c) * (1 - decay)) / c - (g / c) * t, 11);
      expect(values[6 + i]).toBeCloseTo((3 + g / c) * decay - g / c, 12);
    });
  });

  it('is used only where it beats integrating: not for a polynomial or a slow rotation', () => {
    expect(exactSamplingPays(fieldOf('d2x/dt2 = -g', { g: 9.81 })!)).toBe(false);
    expect(exactSamplingPays(fieldOf('d2x/dt2 = -k*x', { k: 0.5 })!)).toBe(false);
    expect(exactSamplingPays(fieldOf('d2x/dt2 = -k*x - b*vx', { k: 30, b: 0.2 })!)).toBe(true);
  });

  it('is built for a fast linear law only, with its parameters bound', () => {
    const sampler = (text: string, parameters: Record<string, number>) =>
      exactSampler(parse(text, parameters).derivatives, new Map([['x', 0], ['vx', 1]]), new Map(Object.entries(parameters)));
    expect(sampler('d2x/dt2 = -g', { g: 9.81 })).toBeUndefined();
    expect(sampler('d2x/dt2 = -k*x', { k: 30 })).toBeInstanceOf(AffineSampler);
    expect(sampler('d2x/dt2 = -k*x', { k: 0.5 })).toBeUndefined();
    expect(sampler('d2x/dt2 = -k*sin(x)', { k: 30 })).toBeUndefined();
  });

  it('decides a law whose A holds a parameter anew for every binding, fast or slow in any order', () => {
    const layout = new Map([['x', 0], ['vx', 1]]);
    const { derivatives } = parse('d2x/dt2 = -k*x - b*vx', { k: 30, b: 0.2 });
    const bound = (k: number) => exactSampler(derivatives, layout, new Map([['k', k], ['b', 0.2]]));
    for (const round of [0, 1]) {
      expect(bound(0.5), `round ${round}`).toBeUndefined();
      expect(bound(30), `round ${round}`).toBeInstanceOf(AffineSampler);
    }
  });

  it('agrees with tightly integrated Dormand–Prince on an uneven grid', () => {
    const field = fieldOf('d2x/dt2 = -k*x + 0.3*vx + 1', { k: 7 })!;
    const times = Float64Array.from([0, 0.1, 0.35, 0.36, 1, 2.5, 4]);
    const values = new Float64Array(14);
    new AffineSampler(field).sample(0, [0.5, -1], times, 1e9, values);
    const reference = integrateDopri5((_t, y, out) => {
      out[0] = y[1]!;
      out[1] = -7 * y[0]! + 0.3 * y[1]! + 1;
    }, 0, [0.5, -1], times, { rtol: 1e-12, atol: 1e-14, layout: 'by-variable' });
    const referenceValues = unwrap(reference).values;
    for (let i = 0; i < 14; i++) expect(Math.abs(values[i]! - referenceValues[i]!)).toBeLessThan(1e-9);
  });

  it('gives up where the solution could pass the magnitude cap between samples', () => {
    const field = fieldOf('d2x/dt2 = k*x', { k: 100 })!;
    expect(new AffineSampler(field).sample(0, [1, 0], grid(10, 100), 1e9, new Float64Array(200))).toBeUndefined();
  });
});

describe('prepareSimulation with a linear law', () => {
  const simulate = (text: string, parameters: Record<string, number>, times: Float64Array) =>
    prepareSimulation({
      system: parse(text, parameters),
      stateVariables: layout.stateVariables,
      parameters: new Map(Object.entries(parameters)),
      text,
    }).run([1, 0], times);

  it('reports a divergence as the integrator does', () => {
    const result = simulate('d2x/dt2 = k*x', { k: 100 }, grid(10, 100));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.failure.kind).toBe('diverged');
  });

  it('stays within the integrator’s tolerance of it on a spring', () => {
    const times = grid(10, 100);
    const exact = simulate('d2x/dt2 = -(k/m)*x', { k: 18, m: 0.5 }, times);
    const integrated = integrateDopri5((_t, y, out) => {
      out[0] = y[1]!;
      out[1] = -36 * y[0]!;
    }, 0, [1, 0], times, { rtol: 1e-6, atol: 1e-8, layout: 'by-variable' });
    if (!exact.ok) throw new Error(exact.failure.message);
    const integratedValues = unwrap(integrated).values;
    for (let i = 0; i < 100; i++) expect(Math.abs(exact.columns[0]![i]! - integratedValues[i]!)).toBeLessThan(1e-4);
  });
});

describe('expm', () => {
  it('is the rotation for a skew matrix and scales by squaring', () => {
    const angle = 7.3;
    const rotation = expm(Float64Array.from([0, angle, -angle, 0]), 2);
    expect(Array.from(rotation).map((v) => v.toFixed(12))).toEqual(
      [Math.cos(angle), Math.sin(angle), -Math.sin(angle), Math.cos(angle)].map((v) => v.toFixed(12)),
    );
  });
});
