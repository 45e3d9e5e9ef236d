import { describe, expect, it } from 'vitest';
import type { Circuit } from '../circuit/circuit.ts';
import { parseCircuit } from '../circuit/parse-circuit.ts';
import { unwrap, Xoshiro128 } from '@verilab/core';
import { compileFrameSampler } from '../sample/frame-sampler.ts';
import { bytesPerShot } from '../shots/row-bits.ts';
import { ShotDecoder } from '../shots/shot-decoder.ts';
import { bitRates, expectRatesAgree } from '../testing/rate-comparison.ts';
import { readFixture, readFixtureStats, readFormatFixture } from '../testing/stim-fixtures.ts';
import { MeasurementsToDetections } from './measurements-to-detections.ts';
import { referenceSample } from './reference-sample.ts';

function circuitOf(text: string): Circuit {
  return unwrap(parseCircuit(text));
}

const bitsOf = (row: Uint8Array, n: number) => Array.from({ length: n }, (_, k) => (row[k >>> 3]! >>> (k & 7)) & 1).join('');

function readB8(file: string, bits: number): { rows: Uint8Array; shots: number } {
  const decoder = new ShotDecoder('b8', bits);
  const decoded = unwrap(decoder.push(readFormatFixture(file)), `bad fixture ${file}`);
  unwrap(decoder.finish(), `bad fixture ${file}`);
  return decoded;
}

const FIXTURE = 'si1000_d3_r3_p0.001';

describe('referenceSample', () => {
  // Expected records from Stim 1.16's `stim.Circuit(text).reference_sample()`.
  it.each([
    ['H 0\nM 0\nMX 1\nMY 2\nM !3', '0001'],
    ['X 0\nM 0 1\nMX 0\nH 1\nMX 1', '1000'],
    ['RX 0\nCX 0 1\nM 0 1\nMY 1\nMR 0\nM 0', '00000'],
    ['H 0\nS 0\nMY 0\nSQRT_X 1\nMY 1\nSQRT_X_DAG 2\nMY !2\nS_DAG 3\nH 3\nS_DAG 3\nM 3', '0110'],
    ['RY 0 1\nCZ 0 1\nMY 0\nX 1\nCY 1 2\nM 2\nSWAP 0 2\nMY 2\nMRX 1\nMX 1\nY 3\nZ 4\nM 3 4 !4', '01000101'],
    ['H 0 1 2\nCX 0 3 1 3 2 3\nM 3\nH 0 1 2\nCZ 0 1\nMX 0 1 2\nR 0\nX_ERROR(1) 0\nM(0.5) 0', '00010'],
  ])('%j gives Stim’s record %s (random results 0, noise ignored)', (text, expected) => {
    expect(bitsOf(referenceSample(circuitOf(text)), expected.length)).toBe(expected);
  });
});

describe('MeasurementsToDetections (m2d)', () => {
  const circuit = circuitOf(readFixture(FIXTURE, 'circuit.stim'));

  it("reproduces Stim's m2d byte for byte on Stim's sampled measurements", () => {
    const m2d = new MeasurementsToDetections(circuit);
    const measurements = readB8('meas.b8', m2d.numMeasurements);
    const { detectors, observables } = m2d.convert(measurements.rows, measurements.shots);
    const expected = (file: string, bits: number) => {
      const decoder = new ShotDecoder('01', bits);
      return unwrap(decoder.push(readFormatFixture(file))).rows;
    };
    expect(detectors).toEqual(expected('m2d_dets.01', m2d.numDetectors));
    expect(observables).toEqual(expected('m2d_obs.01', m2d.numObservables));
  });
});

describe('measurement sampling (reference sample XOR gauge-randomized frame flips)', () => {
  const circuit = circuitOf(readFixture(FIXTURE, 'circuit.stim'));
  const sampler = compileFrameSampler(circuit, { randomizeGauge: true });
  const shots = 20_480;
  const reference = referenceSample(circuit);
  const M = sampler.numMeasurements;
  const rowBytes = bytesPerShot(M);
  const flips = sampler.sample(shots, Xoshiro128.fromSeed(5), { measurementFlips: true }).measurementFlips!;
  const measurements = flips.map((byte, i) => byte ^ reference[i % rowBytes]!);

  it("matches Stim's per-measurement rates (random first-round X stabilizers at 1/2, the rest near the reference)", () => {
    const stim = readB8('meas.b8', M);
    expectRatesAgree('measurement', bitRates(measurements, M, shots), shots, bitRates(stim.rows, M, stim.shots), stim.shots);
    const rates = bitRates(measurements, M, shots).rates;
    expect(rates.filter((r) => r > 0.4 && r < 0.6).length).toBeGreaterThan(0);
  });

  it("gives, through m2d, detection events at the rates of Stim's `detect`", () => {
    const m2d = new MeasurementsToDetections(circuit);
    const { detectors } = m2d.convert(measurements, shots);
    const stats = readFixtureStats(FIXTURE);
    expectRatesAgree('detector', bitRates(detectors, m2d.numDetectors, shots), shots, { rates: stats.detector_rates, pairRates: [] }, stats.shots);
  });
});
