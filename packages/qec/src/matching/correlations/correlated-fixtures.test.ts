/**
 * Correlated matching against PyMatching 2.4's `enable_correlations=True` on Stim-sampled shots
 * (fixtures/correlations/PROVENANCE.md): the predictions must agree on ≥ 99% of shots (only ties
 * may differ: equally light first-pass solutions or paths that imply different reweightings), and
 * correlated matching must make fewer logical errors than plain matching on these shots, as
 * PyMatching's does. The second pass's matcher, given the graph's own weights, must find the plain
 * decoder's minimum weight on every shot (two exact solvers, one optimum).
 */
import { unwrap } from '@verilab/core';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { flattenDem } from '../../dem/flatten-dem.ts';
import { parseDem } from '../../dem/parse-dem.ts';
import { bytesPerShot } from '../../shots/row-bits.ts';
import { MatchingDecoder } from '../decoder.ts';
import { CorrelatedMatchingDecoder } from './correlated-decoder.ts';
import { ReweightedMatcher } from './reweighted-matcher.ts';

const FOLDER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../fixtures/correlations/si1000_d5_r5_p0.005');
const lines = (file: string) => readFileSync(path.join(FOLDER, file), 'utf8').split('\n').filter((line) => line.length > 0);

function fixtureDem() {
  return flattenDem(unwrap(parseDem(gunzipSync(readFileSync(path.join(FOLDER, 'model.dem.gz'))).toString('utf8')), 'fixture DEM does not parse'));
}

describe('correlated matching like PyMatching 2.4', () => {
  it('si1000_d5_r5_p0.005: agrees with PyMatching on ≥ 99% of 5,000 shots and beats plain matching as it does', () => {
    const flat = fixtureDem();
    const correlated = CorrelatedMatchingDecoder.fromDem(flat);
    const plain = MatchingDecoder.fromDem(flat);
    expect(correlated.numObservables).toBe(1);
    const rows = new Uint8Array(readFileSync(path.join(FOLDER, 'dets.b8')));
    const shots = rows.length / bytesPerShot(correlated.numDetectors);
    const actual = lines('obs.01');
    const theirsCorrelated = lines('predictions-correlated.01');
    const theirsPlain = lines('predictions-plain.01');
    expect([shots, actual.length, theirsCorrelated.length, theirsPlain.length]).toEqual([5000, 5000, 5000, 5000]);

    const ours = correlated.decodeBatch(rows, shots);
    const oursPlain = plain.decodeBatch(rows, shots);
    let agree = 0;
    const mistakes = { ours: 0, oursPlain: 0, theirs: 0, theirsPlain: 0 };
    for (let shot = 0; shot < shots; shot++) {
      if (String(ours[shot]) === theirsCorrelated[shot]) agree++;
      if (String(ours[shot]) !== actual[shot]) mistakes.ours++;
      if (String(oursPlain[shot]) !== actual[shot]) mistakes.oursPlain++;
      if (theirsCorrelated[shot] !== actual[shot]) mistakes.theirs++;
      if (theirsPlain[shot] !== actual[shot]) mistakes.theirsPlain++;
    }
    expect(agree / shots).toBeGreaterThanOrEqual(0.99);
    expect(mistakes.theirs).toBeLessThan(mistakes.theirsPlain);
    expect(mistakes.ours).toBeLessThan(mistakes.oursPlain);
  });

  it('si1000_d5_r5_p0.005: the second-pass matcher under the graph\'s own weights finds the plain minimum on 1,000 shots', () => {
    const plain = MatchingDecoder.fromDem(fixtureDem());
    const matcher = new ReweightedMatcher(plain.graph);
    const weights = Float64Array.from(plain.graph.edges, (edge) => edge.integerWeight);
    const rows = new Uint8Array(readFileSync(path.join(FOLDER, 'dets.b8')));
    const rowBytes = bytesPerShot(plain.numDetectors);
    let same = 0;
    for (let shot = 0; shot < 1000; shot++) {
      const events: number[] = [];
      for (let d = 0; d < plain.numDetectors; d++) if ((rows[shot * rowBytes + (d >>> 3)]! >>> (d & 7)) & 1) events.push(d);
      if (matcher.match(events, weights).integerWeight === plain.decode(events).integerWeight) same++;
    }
    expect(same).toBe(1000);
  });
});
