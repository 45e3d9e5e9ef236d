/**
 * Logical error rate, end to end with our own sampler and decoder: ≥ 1M shots of a fixture
 * circuit from the Pauli-frame sampler, decoded with the fixture DEM, must land within 3
 * standard errors of PyMatching's high-statistics rate (PROVENANCE.md). The standard error is
 * that of the difference of the two binomial estimates. The d = 3 fixtures run in the default
 * suite (~1 s each); set VERILAB_SLOW_TESTS=1 to add the d = 5 ones (a few seconds each).
 */
import { describe, expect, it } from 'vitest';
import { flattenDem } from '../dem/flatten-dem.ts';
import { parseDem } from '../dem/parse-dem.ts';
import { parseCircuit } from '../circuit/parse-circuit.ts';
import { unwrap, Xoshiro128 } from '@verilab/core';
import { compileFrameSampler } from '../sample/frame-sampler.ts';
import { bytesPerShot } from '../shots/row-bits.ts';
import { readFixture, STIM_FIXTURES, type StimFixture } from '../testing/stim-fixtures.ts';
import { MatchingDecoder } from './decoder.ts';

const SHOTS = 1_000_000;
const CHUNK = 65_536;
const slow = process.env['VERILAB_SLOW_TESTS'] === '1';

function logicalErrors(fixture: StimFixture, shots: number, seed: number): number {
  const sampler = compileFrameSampler(unwrap(parseCircuit(readFixture(fixture, 'circuit.stim')), 'fixture circuit does not parse'));
  const decoder = MatchingDecoder.fromDem(flattenDem(unwrap(parseDem(readFixture(fixture, 'dem.dem')), 'fixture DEM does not parse')));
  const obsBytes = bytesPerShot(decoder.numObservables);
  const predictions = new Uint8Array(CHUNK * obsBytes);
  const rng = Xoshiro128.fromSeed(seed);
  let mistakes = 0;
  for (let done = 0; done < shots; done += CHUNK) {
    const n = Math.min(CHUNK, shots - done);
    const batch = sampler.sample(n, rng);
    decoder.decodeBatch(batch.detectors, n, undefined, predictions);
    for (let s = 0; s < n; s++) {
      for (let b = s * obsBytes; b < (s + 1) * obsBytes; b++) {
        if (predictions[b] !== batch.observables[b]) {
          mistakes++;
          break;
        }
      }
    }
  }
  return mistakes;
}

describe('logical error rate: our sampler + our decoder vs PyMatching', () => {
  for (const fixture of STIM_FIXTURES) {
    const run = fixture.distance <= 3 || slow ? it : it.skip;
    run(`${fixture.name}: within 3 standard errors of ${fixture.logicalErrors.mistakes} / ${fixture.logicalErrors.shots}`, () => {
      const mistakes = logicalErrors(fixture, SHOTS, 2026);
      const reference = fixture.logicalErrors.mistakes / fixture.logicalErrors.shots;
      const variance = reference * (1 - reference);
      const standardError = Math.sqrt(variance / SHOTS + variance / fixture.logicalErrors.shots);
      expect(Math.abs(mistakes / SHOTS - reference)).toBeLessThanOrEqual(3 * standardError);
    });
  }
});
