/**
 * Sparse blossom against the existing exact decoder and brute force: the same minimum weight on
 * every shot (both are exact MWPM on the same integer metric) and observables from a
 * minimum-weight matching.
 */
import { unwrap, Xoshiro128 } from '@verilab/core';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { flattenDem, type FlatDem } from '../../dem/flatten-dem.ts';
import { parseDem } from '../../dem/parse-dem.ts';
import { analyzeErrors } from '../../dem/analyze-errors.ts';
import { compileDemSampler } from '../../dem/sample-dem.ts';
import { noiseProfile } from '../../generate/noise-profiles.ts';
import { generateRotatedSurfaceCode } from '../../generate/rotated-surface-code.ts';
import { bytesPerShot } from '../../shots/row-bits.ts';
import { MatchingDecoder } from '../decoder.ts';
import { NoMatchingError } from '../matcher/event-matcher.ts';
import { allPairsDistances, oracleMatchingWeight } from '../testing/all-pairs-oracle.ts';
import { bruteForce } from '../testing/brute-force.ts';
import { SparseBlossom } from './sparse-blossom.ts';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../fixtures/decoder-scale');

/** A random DEM of single edges between n detectors (and the boundary), p ≤ maxP (above 0.5: negative weights). */
function randomDem(rng: Xoshiro128, n: number, edges: number, observables: number, maxP = 0.45): FlatDem {
  const errors = Array.from({ length: edges }, (_, itemIndex) => {
    const a = Math.floor(rng.nextDouble() * n);
    const toBoundary = rng.nextDouble() < 0.25 || n === 1;
    let b = Math.floor(rng.nextDouble() * (n - 1));
    if (b >= a) b++;
    const detectors = toBoundary ? [a] : [a, b].sort((x, y) => x - y);
    const obs = Array.from({ length: observables }, (_, o) => o).filter(() => rng.nextDouble() < 0.3);
    const probability = 0.001 + (maxP - 0.001) * rng.nextDouble();
    return { probability, detectors, observables: obs, components: [{ detectors, observables: obs }], itemIndex };
  });
  return { numDetectors: n, numObservables: observables, errors, detectorCoords: new Map() };
}

function randomEvents(rng: Xoshiro128, n: number): number[] {
  const out: number[] = [];
  for (let d = 0; d < n; d++) if (rng.nextDouble() < 0.4) out.push(d);
  return out;
}

describe('SparseBlossom', () => {
  it('equals brute force on random small graphs (weight, and an optimal observable mask)', () => {
    const rng = Xoshiro128.fromSeed(15);
    let solved = 0;
    for (let trial = 0; trial < 3000; trial++) {
      const n = 1 + Math.floor(rng.nextDouble() * 7);
      const dem = randomDem(rng, n, 1 + Math.floor(rng.nextDouble() * 11), 2);
      const decoder = MatchingDecoder.fromDem(dem);
      if (decoder.graph.edges.length > 12) continue;
      const engine = new SparseBlossom(decoder.detectors);
      const events = randomEvents(rng, n);
      const expected = bruteForce(decoder.graph, new Set(events));
      const obs = new Int32Array(1);
      if (expected.weight === Number.POSITIVE_INFINITY) {
        expect(() => engine.match(Int32Array.from(events), events.length, obs)).toThrow(NoMatchingError);
        continue;
      }
      const weight = engine.match(Int32Array.from(events), events.length, obs);
      expect({ trial, weight }).toEqual({ trial, weight: expected.weight });
      expect(expected.masks.has(obs[0]!)).toBe(true);
      solved++;
    }
    expect(solved).toBeGreaterThan(1500);
  });

  it('drives MatchingDecoder.decodeBatch: predictions from a minimum-weight matching, negative weights included', () => {
    const rng = Xoshiro128.fromSeed(2303);
    let checked = 0;
    for (let trial = 0; trial < 1500; trial++) {
      const n = 1 + Math.floor(rng.nextDouble() * 7);
      const dem = randomDem(rng, n, 1 + Math.floor(rng.nextDouble() * 11), 2, 0.9);
      const decoder = MatchingDecoder.fromDem(dem, { sparseMinDetectors: 0, sparseMinEvents: 0 });
      if (decoder.graph.edges.length > 12) continue;
      const events = randomEvents(rng, n);
      const expected = bruteForce(decoder.graph, new Set(events));
      if (expected.weight === Number.POSITIVE_INFINITY) continue;
      const row = new Uint8Array(1);
      for (const d of events) row[0]! |= 1 << d;
      expect({ trial, ok: expected.masks.has(decoder.decodeBatch(row, 1)[0]!) }).toEqual({ trial, ok: true });
      checked++;
    }
    expect(checked).toBeGreaterThan(800);
  });

  it('equals an independent MWPM (Floyd–Warshall distances + Edmonds) on random graphs of 10–60 detectors', () => {
    const rng = Xoshiro128.fromSeed(1515);
    for (let trial = 0; trial < 300; trial++) {
      const n = 10 + Math.floor(rng.nextDouble() * 50);
      const edges = randomDem(rng, n, n * 2 + Math.floor(rng.nextDouble() * n * 2), 3);
      // Every detector can reach the boundary, so every shot has a matching.
      const boundaryEdges = Array.from({ length: n }, (_, d) => ({ probability: 0.01, detectors: [d], observables: [], components: [{ detectors: [d], observables: [] }], itemIndex: edges.errors.length + d }));
      const dem = { ...edges, errors: [...edges.errors, ...boundaryEdges] };
      const decoder = MatchingDecoder.fromDem(dem);
      const engine = new SparseBlossom(decoder.detectors);
      const metric = allPairsDistances(decoder.graph);
      for (let shot = 0; shot < 10; shot++) {
        const events = randomEvents(rng, n);
        const obs = new Int32Array(1);
        const weight = engine.match(Int32Array.from(events), events.length, obs);
        expect({ trial, shot, weight }).toEqual({ trial, shot, weight: oracleMatchingWeight(metric, n, events) });
      }
    }
  });

  it('si1000_d11_r11_p0.005: same weight as the existing decoder on every shot, ≥ 99% the same prediction as PyMatching (300 shots; decoder-scale.test.ts checks 99.9% on 2,000)', () => {
    const folder = path.join(FIXTURES, 'si1000_d11_r11_p0.005');
    const dem = flattenDem(unwrap(parseDem(gunzipSync(readFileSync(path.join(folder, 'model.dem.gz'))).toString('utf8')), 'fixture DEM does not parse'));
    const decoder = MatchingDecoder.fromDem(dem);
    const engine = new SparseBlossom(decoder.detectors);
    const rows = new Uint8Array(readFileSync(path.join(folder, 'dets.b8')));
    const expected = readFileSync(path.join(folder, 'predictions.01'), 'utf8').split('\n').filter((line) => line.length > 0);
    const rowBytes = bytesPerShot(decoder.numDetectors);
    const shots = 300;
    let agree = 0;
    const events = new Int32Array(decoder.numDetectors);
    for (let shot = 0; shot < shots; shot++) {
      let k = 0;
      for (let d = 0; d < decoder.numDetectors; d++) if ((rows[shot * rowBytes + (d >> 3)]! >> (d & 7)) & 1) events[k++] = d;
      const obs = new Int32Array(1);
      const weight = engine.match(events, k, obs);
      expect({ shot, weight }).toEqual({ shot, weight: decoder.decode([...events.subarray(0, k)]).integerWeight });
      if (String(obs[0]) === expected[shot]) agree++;
    }
    expect(agree / shots).toBeGreaterThanOrEqual(0.99);
  });

  for (const distance of [3, 5, 7, 9, 11]) {
    it(`generated rotated surface code d${distance} r${distance} SI1000-like p = 0.005: the existing decoder's weight on every sampled shot, same prediction on ≥ 99%`, () => {
      const circuit = generateRotatedSurfaceCode({ basis: 'Z', distance, rounds: distance, noise: noiseProfile('si1000-like', 0.005) });
      const dem = flattenDem(analyzeErrors(circuit, { decomposeErrors: true }).dem);
      const decoder = MatchingDecoder.fromDem(dem);
      const engine = new SparseBlossom(decoder.detectors);
      const shots = distance <= 7 ? 300 : 100;
      const sample = compileDemSampler(dem).sample(shots, Xoshiro128.fromSeed(distance));
      const rowBytes = bytesPerShot(decoder.numDetectors);
      const events = new Int32Array(decoder.numDetectors);
      let agree = 0;
      for (let shot = 0; shot < shots; shot++) {
        let k = 0;
        for (let d = 0; d < decoder.numDetectors; d++) if ((sample.detectors[shot * rowBytes + (d >> 3)]! >> (d & 7)) & 1) events[k++] = d;
        const obs = new Int32Array(1);
        const weight = engine.match(events, k, obs);
        const expected = decoder.decode([...events.subarray(0, k)]);
        expect({ shot, weight }).toEqual({ shot, weight: expected.integerWeight });
        if (obs[0] === expected.observables[0]) agree++;
      }
      expect(agree / shots).toBeGreaterThanOrEqual(0.99);
    });
  }
});
