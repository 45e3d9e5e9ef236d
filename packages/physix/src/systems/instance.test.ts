import { describe, expect, it } from 'vitest';
import { NOISE_RELATIVE_SIGMA, SAMPLE_COUNT } from '../constants.ts';
import { standardDeviation } from '@verilab/core';
import { instantiate } from './instance.ts';
import { SYSTEMS, getSystem } from './registry.ts';

describe('instantiate', () => {
  it('is a pure function of (system, seed): frozen reference values (change = format bump)', () => {
    const fall = instantiate(getSystem('free_fall')!, 42);
    expect(fall.parameters).toEqual({ g: 9.81, mass: 3.47276977108024 });
    expect(fall.initialConditions).toEqual({ y: 51.14360323985477, vy: 0 });
    expect(Array.from(fall.observed[0]!.slice(0, 3))).toEqual([51.19736, 51.14425, 51.23709]);
    expect(Array.from(fall.observed[1]!.slice(97))).toEqual([-28.7644, -29.16085, -29.38201]);
    const charged = instantiate(getSystem('charged_particle_b_field')!, 42);
    expect(charged.parameters).toEqual({
      q: 1.4909232570267468,
      m: 0.6675528156324028,
      B: 0.325835060633069,
    });
    expect(Array.from(charged.observed[1]!.slice(97))).toEqual([-1.10293, -1.22191, -1.3245]);
    expect(instantiate(getSystem('free_fall')!, 42)).toEqual(fall);
    expect(instantiate(getSystem('free_fall')!, 43).observed[0]).not.toEqual(fall.observed[0]);
  });

  it.each(SYSTEMS.map((system) => [system.id, system] as const))(
    '%s: 100 samples on linspace(0, duration)',
    (_id, system) => {
      const instance = instantiate(system, 1);
      expect(instance.times).toHaveLength(SAMPLE_COUNT);
      expect(instance.times[0]).toBe(0);
      expect(instance.times[SAMPLE_COUNT - 1]).toBeCloseTo(system.duration, 12);
      for (const column of instance.observed) expect(column).toHaveLength(SAMPLE_COUNT);
      expect(instance.noise).toMatchObject({
        model: 'gaussian',
        relativeSigma: NOISE_RELATIVE_SIGMA,
        decimals: 5,
      });
      system.stateVariables.forEach((name, j) => {
        // Stated from the observed data, to two significant figures (no hidden spread).
        const stated = NOISE_RELATIVE_SIGMA * standardDeviation(instance.observed[j]!);
        expect(instance.noise.sigma[name]).toBe(Number(stated.toPrecision(2)));
        const trueSigma = NOISE_RELATIVE_SIGMA * standardDeviation(instance.clean[j]!);
        expect(Math.abs(instance.noise.sigma[name]! / trueSigma - 1)).toBeLessThan(0.06);
      });
    },
  );

  it('noise is zero-mean Gaussian with the true σ (pooled over 30 seeds of every system)', () => {
    const z: number[] = [];
    for (const system of SYSTEMS) {
      for (let seed = 0; seed < 30; seed++) {
        const instance = instantiate(system, seed);
        system.stateVariables.forEach((_name, j) => {
          const sigma = NOISE_RELATIVE_SIGMA * standardDeviation(instance.clean[j]!);
          if (sigma < 1e-3) return; // rounding to 5 decimals dominates tiny spreads
          instance.observed[j]!.forEach((value, i) =>
            z.push((value - instance.clean[j]![i]!) / sigma),
          );
        });
      }
    }
    const n = z.length;
    const mean = z.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(z.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
    const kurtosis = z.reduce((a, b) => a + (b - mean) ** 4, 0) / n / sd ** 4;
    expect(n).toBeGreaterThan(50_000);
    expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(sd - 1)).toBeLessThan(0.01);
    expect(Math.abs(kurtosis - 3)).toBeLessThan(0.1);
  });

  it('free fall and free fall with drag stay above ground for their whole window', () => {
    for (const id of ['free_fall', 'free_fall_drag']) {
      for (let seed = 0; seed < 200; seed++) {
        expect(Math.min(...instantiate(getSystem(id)!, seed).clean[0]!)).toBeGreaterThan(0);
      }
    }
  });

  it('the drag system rises first (thrown up), so the data fixes the sign of the drag', () => {
    const instance = instantiate(getSystem('free_fall_drag')!, 5);
    expect(instance.clean[1]![0]).toBeGreaterThan(0);
    expect(instance.clean[1]![99]).toBeLessThan(0);
  });

  it('charged particle: 1–3 gyrations, constant speed', () => {
    for (let seed = 0; seed < 20; seed++) {
      const instance = instantiate(getSystem('charged_particle_b_field')!, seed);
      const { q, B, m } = instance.parameters as { q: number; B: number; m: number };
      const turns = (((q * B) / m) * 10) / (2 * Math.PI);
      expect(turns).toBeGreaterThanOrEqual(1);
      expect(turns).toBeLessThanOrEqual(3);
      const speed = (i: number) => Math.hypot(instance.clean[2]![i]!, instance.clean[3]![i]!);
      expect(speed(99)).toBeCloseTo(speed(0), 8);
    }
  });
});
