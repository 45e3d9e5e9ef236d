import { unwrap } from '@verilab/core';
import { describe, expect, it } from 'vitest';
import { readFormatFixture } from '../testing/stim-fixtures.ts';
import { concatRowBits } from './row-bits.ts';
import { ShotDecoder } from './shot-decoder.ts';
import { encodeShots, type DetsLayout, type ShotFormat } from './shot-encoder.ts';

/**
 * Every format against files written by Stim itself (fixtures/stim/formats: 256 shots of the
 * d3 r3 SI1000-like circuit: 24 detectors, 1 observable, 33 measurements). Each file must decode
 * to the same bits as its b8 sibling and re-encode to the exact bytes Stim wrote.
 */
const SHOTS = 256;
const DETECTORS = 24;
const OBSERVABLES = 1;
const MEASUREMENTS = 33;

function decode(format: ShotFormat, bits: number, data: Uint8Array, layout?: DetsLayout): Uint8Array {
  const decoder = new ShotDecoder(format, bits, layout);
  // Odd-sized chunks, so shots and tokens straddle chunk boundaries.
  const parts: Uint8Array[] = [];
  for (let i = 0; i <= data.length; i += 37) {
    parts.push(unwrap(i < data.length ? decoder.push(data.subarray(i, i + 37)) : decoder.finish()).rows);
  }
  expect(decoder.shots).toBe(SHOTS);
  return Uint8Array.from(parts.flatMap((p) => [...p]));
}

describe.each([
  ['dets', DETECTORS],
  ['obs', OBSERVABLES],
  ['meas', MEASUREMENTS],
] as const)('Stim-written %s files', (stem, bits) => {
  const reference = decode('b8', bits, readFormatFixture(`${stem}.b8`));

  it.each(['01', 'b8', 'r8', 'ptb64', 'hits'] as const)('%s decodes to the b8 bits and re-encodes byte for byte', (format) => {
    const file = readFormatFixture(`${stem}.${format}`);
    expect(decode(format, bits, file)).toEqual(reference);
    expect(encodeShots(format, reference, bits, SHOTS)).toEqual(file);
  });
});

describe('Stim-written dets files', () => {
  const detectors = decode('b8', DETECTORS, readFormatFixture('dets.b8'));
  const observables = decode('b8', OBSERVABLES, readFormatFixture('obs.b8'));

  it('detect writes observables first by default (L tokens before D tokens)', () => {
    const layout: DetsLayout = [{ prefix: 'L', count: OBSERVABLES }, { prefix: 'D', count: DETECTORS }];
    const rows = concatRowBits(observables, OBSERVABLES, detectors, DETECTORS, SHOTS);
    const file = readFormatFixture('dets.dets');
    expect(decode('dets', DETECTORS + OBSERVABLES, file, layout)).toEqual(rows);
    expect(encodeShots('dets', rows, DETECTORS + OBSERVABLES, SHOTS, layout)).toEqual(file);
  });

  it('--append_observables puts them after the detectors', () => {
    const layout: DetsLayout = [{ prefix: 'D', count: DETECTORS }, { prefix: 'L', count: OBSERVABLES }];
    const rows = concatRowBits(detectors, DETECTORS, observables, OBSERVABLES, SHOTS);
    const file = readFormatFixture('dets_with_obs.dets');
    expect(decode('dets', DETECTORS + OBSERVABLES, file, layout)).toEqual(rows);
    expect(encodeShots('dets', rows, DETECTORS + OBSERVABLES, SHOTS, layout)).toEqual(file);
  });
});
