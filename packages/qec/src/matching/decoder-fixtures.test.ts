/**
 * The decoder against PyMatching itself: on every reference fixture, decoding `dets.01` with
 * `dem.dem` must agree with PyMatching's `predictions.01` on ≥ 99.9% of shots, and every
 * disagreement must be a tie — the minimum matching weight constrained to our observable
 * prediction equals the one constrained to PyMatching's (exactly: we use PyMatching's integer
 * weights, so equal means equal).
 */
import { unwrap } from '@verilab/core';
import { describe, expect, it } from 'vitest';
import { flattenDem } from '../dem/flatten-dem.ts';
import { parseDem } from '../dem/parse-dem.ts';
import { bytesPerShot } from '../shots/row-bits.ts';
import { readFixture, STIM_FIXTURES } from '../testing/stim-fixtures.ts';
import { MatchingDecoder } from './decoder.ts';
import { BOUNDARY, type MatchingGraph } from './graph/matching-graph.ts';

function fixtureDecoder(name: string): MatchingDecoder {
  return MatchingDecoder.fromDem(flattenDem(unwrap(parseDem(readFixture(name, 'dem.dem')), 'fixture DEM does not parse')));
}

/** Packs the lines of a `01` file into rows of `bits` bits. */
function packLines01(text: string, bits: number): { rows: Uint8Array; shots: number } {
  const lines = text.split('\n').filter((line) => line.length > 0);
  const rowBytes = bytesPerShot(bits);
  const rows = new Uint8Array(lines.length * rowBytes);
  lines.forEach((line, shot) => {
    expect(line.length).toBe(bits);
    for (let k = 0; k < bits; k++) if (line[k] === '1') rows[shot * rowBytes + (k >> 3)]! |= 1 << (k & 7);
  });
  return { rows, shots: lines.length };
}

/**
 * Minimum integer weight of an edge set whose endpoints flip exactly `events`, for each total
 * observable mask (Infinity when unreachable). Dijkstra on the graph lifted to (detector, mask)
 * states gives shortest paths of each mask class; a DP over subsets of events × masks pairs them.
 * Test-only and exponential in the events (fine for the few disagreeing shots). Non-negative
 * weights only (the fixtures have no p > 0.5).
 */
function constrainedMinima(graph: MatchingGraph, events: readonly number[]): Float64Array {
  const masks = 1 << graph.numObservables;
  const n = graph.numDetectors;
  const edgeMask = graph.edges.map((e) => e.observables.reduce((m, o) => m ^ (1 << o), 0));
  const adjacency: [number, number, number][][] = Array.from({ length: n }, () => []);
  graph.edges.forEach((e, k) => {
    if (e.b !== BOUNDARY) {
      adjacency[e.a]!.push([e.b, e.integerWeight, edgeMask[k]!]);
      adjacency[e.b]!.push([e.a, e.integerWeight, edgeMask[k]!]);
    }
  });
  // lifted[i][(v·masks + m)] and toBoundary[i][m] from event i.
  const fromEvent = events.map((source) => {
    const dist = new Float64Array(n * masks).fill(Number.POSITIVE_INFINITY);
    const done = new Uint8Array(n * masks);
    dist[source * masks] = 0;
    for (;;) {
      let best = -1;
      for (let s = 0; s < dist.length; s++) if (!done[s] && dist[s]! < Number.POSITIVE_INFINITY && (best < 0 || dist[s]! < dist[best]!)) best = s;
      if (best < 0) break;
      done[best] = 1;
      const v = Math.floor(best / masks);
      const m = best % masks;
      for (const [w, weight, mask] of adjacency[v]!) {
        const s = w * masks + (m ^ mask);
        if (dist[best]! + weight < dist[s]!) dist[s] = dist[best]! + weight;
      }
    }
    const boundary = new Float64Array(masks).fill(Number.POSITIVE_INFINITY);
    graph.edges.forEach((e, k) => {
      if (e.b !== BOUNDARY) return;
      for (let m = 0; m < masks; m++) {
        const via = dist[e.a * masks + m]! + e.integerWeight;
        if (via < boundary[m ^ edgeMask[k]!]!) boundary[m ^ edgeMask[k]!] = via;
      }
    });
    return { dist, boundary };
  });
  const k = events.length;
  const f = new Float64Array((1 << k) * masks).fill(Number.POSITIVE_INFINITY);
  f[0] = 0;
  for (let set = 1; set < 1 << k; set++) {
    const i = 31 - Math.clz32(set & -set);
    const rest = set ^ (1 << i);
    for (let m1 = 0; m1 < masks; m1++) {
      const viaBoundary = fromEvent[i]!.boundary[m1]!;
      for (let m = 0; m < masks; m++) {
        const candidate = viaBoundary + f[rest * masks + (m ^ m1)]!;
        if (candidate < f[set * masks + m]!) f[set * masks + m] = candidate;
      }
      for (let j = i + 1; j < k; j++) {
        if (!((rest >> j) & 1)) continue;
        const pair = fromEvent[i]!.dist[events[j]! * masks + m1]!;
        const other = rest ^ (1 << j);
        for (let m = 0; m < masks; m++) {
          const candidate = pair + f[other * masks + (m ^ m1)]!;
          if (candidate < f[set * masks + m]!) f[set * masks + m] = candidate;
        }
      }
    }
  }
  return f.slice(((1 << k) - 1) * masks);
}

describe('decoding the reference fixtures like PyMatching', () => {
  for (const fixture of STIM_FIXTURES) {
    it(`${fixture.name}: agrees with predictions.01 on ≥ 99.9% of shots, and every disagreement is a tie`, () => {
      const decoder = fixtureDecoder(fixture.name);
      const D = decoder.numDetectors;
      const O = decoder.numObservables;
      expect(decoder.graph.edges.every((e) => e.integerWeight >= 0)).toBe(true);
      const dets = packLines01(readFixture(fixture, 'dets.01'), D);
      const expected = packLines01(readFixture(fixture, 'predictions.01'), O);
      expect(expected.shots).toBe(dets.shots);
      const predicted = decoder.decodeBatch(dets.rows, dets.shots);
      const obsBytes = bytesPerShot(O);
      const disagreements: number[] = [];
      for (let shot = 0; shot < dets.shots; shot++) {
        for (let b = 0; b < obsBytes; b++) {
          if (predicted[shot * obsBytes + b] !== expected.rows[shot * obsBytes + b]) {
            disagreements.push(shot);
            break;
          }
        }
      }
      expect(disagreements.length).toBeLessThanOrEqual(dets.shots / 1000);
      const rowBytes = bytesPerShot(D);
      for (const shot of disagreements) {
        const events: number[] = [];
        for (let d = 0; d < D; d++) if ((dets.rows[shot * rowBytes + (d >> 3)]! >> (d & 7)) & 1) events.push(d);
        const result = decoder.decode(events);
        const maskOf = (rows: Uint8Array) => {
          let mask = 0;
          for (let o = 0; o < O; o++) mask |= ((rows[shot * obsBytes + (o >> 3)]! >> (o & 7)) & 1) << o;
          return mask;
        };
        const minima = constrainedMinima(decoder.graph, events);
        expect(minima[maskOf(predicted)]).toBe(result.integerWeight);
        expect(minima[maskOf(expected.rows)]).toBe(result.integerWeight);
      }
    });
  }

  it('the decoder weight is the exact minimum on real shots (independent check by lifted Dijkstra + subset DP)', () => {
    for (const name of ['si1000_d3_r3_p0.001', 'si1000_d5_r5_p0.001']) {
      const decoder = fixtureDecoder(name);
      const D = decoder.numDetectors;
      const lines = readFixture(name, 'dets.01').split('\n').slice(0, 400);
      let checked = 0;
      for (const line of lines) {
        const events = [...line].flatMap((bit, d) => (bit === '1' ? [d] : []));
        if (events.length === 0 || events.length > 10 || line.length !== D) continue;
        const result = decoder.decode(events);
        const minima = constrainedMinima(decoder.graph, events);
        expect(Math.min(...minima)).toBe(result.integerWeight);
        expect(minima[result.observables[0]!]).toBe(result.integerWeight);
        checked++;
      }
      expect(checked).toBeGreaterThan(50);
    }
  });

  it('the constrained minima see both outcomes of a symmetric tie', () => {
    // A ring-free toy: detector 0 between two boundary edges of equal weight, one flipping L0.
    const graph: MatchingGraph = {
      numDetectors: 1,
      numObservables: 1,
      weightScale: 1,
      edges: [0, 1].map((o) => {
        const source = { errorIndex: o, componentIndex: 0, probability: 0.1 };
        return { a: 0, b: BOUNDARY, probability: 0.1, weight: 2, integerWeight: 4, observables: o ? [0] : [], sources: [source], frameSource: source };
      }),
    };
    expect(Array.from(constrainedMinima(graph, [0]))).toEqual([4, 4]);
  });
});
