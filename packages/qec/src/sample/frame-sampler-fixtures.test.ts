import { beforeAll, describe, expect, it } from 'vitest';
import type { Circuit } from '../circuit/circuit.ts';
import { flippingComponents } from '../circuit/gate-table.ts';
import { parseCircuit } from '../circuit/parse-circuit.ts';
import { generateRotatedSurfaceCode, type SurfaceCodeNoise } from '../generate/rotated-surface-code.ts';
import { unwrap, Xoshiro128 } from '@verilab/core';
import { bytesPerShot, getRowBit } from '../shots/row-bits.ts';
import { readFixture, readFixtureStats, STIM_FIXTURES } from '../testing/stim-fixtures.ts';
import { bitRates, expectRatesAgree } from '../testing/rate-comparison.ts';
import { forEachInstruction } from './for-each-instruction.ts';
import { compileFrameSampler, type FinalFrames, type SampleBatch } from './frame-sampler.ts';

const SHOTS = 1_000_000;

function circuitOf(text: string): Circuit {
  return unwrap(parseCircuit(text));
}

/**
 * Which final-frame bits an observable's flip is the parity of, derived from the circuit alone:
 * the measurements it includes, their qubits, and the frame component each basis reads. Every
 * included measurement must be its qubit's last (true of memory experiments), else the final
 * frame would not determine it.
 */
function observableSupport(circuit: Circuit, observable: number): { readonly qubit: number; readonly x: boolean; readonly z: boolean }[] {
  const measurements: { qubit: number; x: boolean; z: boolean }[] = [];
  const lastOf = new Map<number, number>();
  const included: number[] = [];
  forEachInstruction(circuit, (instruction) => {
    const spec = instruction.spec;
    if (spec.kind === 'measure' || spec.kind === 'measure-reset') {
      for (const target of instruction.targets) {
        if (target.type !== 'qubit') continue;
        lastOf.set(target.qubit, measurements.length);
        measurements.push({ qubit: target.qubit, ...flippingComponents(spec.basis) });
      }
    } else if (spec.name === 'OBSERVABLE_INCLUDE' && instruction.args[0] === observable) {
      for (const target of instruction.targets) if (target.type === 'rec') included.push(measurements.length - target.lookback);
    }
  });
  for (const m of included) expect(lastOf.get(measurements[m]!.qubit), `measurement ${m} is its qubit's last`).toBe(m);
  return included.map((m) => measurements[m]!);
}

/** Checks, shot by shot, that each observable flip is the parity of the final frame on its support. */
function expectFrameParityMatchesObservables(circuit: Circuit, batch: SampleBatch, numObservables: number): void {
  const frames: FinalFrames = batch.finalFrames!;
  const K = frames.qubits.length;
  for (let obs = 0; obs < numObservables; obs++) {
    const support = observableSupport(circuit, obs).map(({ qubit, x, z }) => ({ row: frames.qubits.indexOf(qubit), x, z }));
    expect(support.length).toBeGreaterThan(0);
    expect(support.every(({ row }) => row >= 0)).toBe(true);
    let mismatches = 0;
    let flips = 0;
    for (let shot = 0; shot < batch.shots; shot++) {
      let parity = false;
      for (const { row, x, z } of support) {
        if (x && getRowBit(frames.x, K, shot, row)) parity = !parity;
        if (z && getRowBit(frames.z, K, shot, row)) parity = !parity;
      }
      const flipped = getRowBit(batch.observables, numObservables, shot, obs);
      if (flipped) flips++;
      if (parity !== flipped) mismatches++;
    }
    expect(mismatches, `observable ${obs}: shots whose final-frame parity differs`).toBe(0);
    expect(flips).toBeGreaterThan(0);
  }
}

describe.each(STIM_FIXTURES.map((fixture) => [fixture.name, fixture] as const))('frame sampler on fixture %s', (_, fixture) => {
  const circuit = circuitOf(readFixture(fixture, 'circuit.stim'));
  const sampler = compileFrameSampler(circuit);
  const stats = readFixtureStats(fixture);
  let batch: SampleBatch;
  beforeAll(() => {
    batch = sampler.sample(SHOTS, Xoshiro128.fromSeed(fixture.distance * 1000 + fixture.rounds), { finalFrames: true });
  });

  it('matches Stim: detector, observable and pair rates within 5 standard errors over 1M shots', () => {
    expect(sampler.numDetectors).toBe(stats.detector_rates.length);
    expect(sampler.numObservables).toBe(stats.observable_rates.length);
    const pairs = stats.pair_rates.map(([a, b]) => [a, b] as const);
    const ours = bitRates(batch.detectors, sampler.numDetectors, SHOTS, pairs);
    const reference = { rates: stats.detector_rates, pairRates: stats.pair_rates.map(([, , rate]) => rate) };
    expectRatesAgree('detectors', ours, SHOTS, reference, stats.shots);
    expectRatesAgree('observables', bitRates(batch.observables, sampler.numObservables, SHOTS), SHOTS, { rates: stats.observable_rates, pairRates: [] }, stats.shots);
  });

  it('returns final frames whose parity on the observable support equals the observable flip, every shot', () => {
    expect(batch.finalFrames!.x.length).toBe(SHOTS * bytesPerShot(batch.finalFrames!.qubits.length));
    expectFrameParityMatchesObservables(circuit, batch, sampler.numObservables);
  });
});

describe('final frames on generated circuits outside the fixtures (both bases, each noise knob alone)', () => {
  const knobs: readonly (keyof SurfaceCodeNoise)[] = [
    'afterCliffordDepolarization',
    'beforeRoundDataDepolarization',
    'beforeMeasureFlipProbability',
    'afterResetFlipProbability',
  ];
  const cases = (['Z', 'X'] as const).flatMap((basis) =>
    knobs.map((knob, i) => ({ basis, knob, distance: 3 + 2 * (i % 3), rounds: 2 + 3 * i })),
  );
  it.each(cases)('memory $basis, $knob only, d=$distance, r=$rounds', ({ basis, knob, distance, rounds }) => {
    const circuit = generateRotatedSurfaceCode({ basis, distance, rounds, noise: { [knob]: 0.01 } });
    const sampler = compileFrameSampler(circuit);
    const batch = sampler.sample(20_000, Xoshiro128.fromSeed(distance * 100 + rounds), { finalFrames: true });
    expectFrameParityMatchesObservables(circuit, batch, sampler.numObservables);
  });

  it('memory X and Z at d=9, r=10 with all four knobs', () => {
    for (const basis of ['X', 'Z'] as const) {
      const noise = { afterCliffordDepolarization: 0.003, beforeRoundDataDepolarization: 0.003, beforeMeasureFlipProbability: 0.003, afterResetFlipProbability: 0.003 };
      const circuit = generateRotatedSurfaceCode({ basis, distance: 9, rounds: 10, noise });
      const sampler = compileFrameSampler(circuit);
      expectFrameParityMatchesObservables(circuit, sampler.sample(20_000, Xoshiro128.fromSeed(99), { finalFrames: true }), sampler.numObservables);
    }
  });
});
