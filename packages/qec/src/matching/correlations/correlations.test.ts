import { unwrap } from '@verilab/core';
import { describe, expect, it } from 'vitest';
import { flattenDem } from '../../dem/flatten-dem.ts';
import { parseDem } from '../../dem/parse-dem.ts';
import { MatchingDecoder } from '../decoder.ts';
import { BOUNDARY, edgeArrays, MatchingGraphError, type MatchingEdge, type MatchingGraph } from '../graph/matching-graph.ts';
import { NoMatchingError } from '../matcher/event-matcher.ts';
import { CorrelatedMatchingDecoder } from './correlated-decoder.ts';
import { buildCorrelatedGraph } from './implied-weights.ts';
import { ReweightedMatcher } from './reweighted-matcher.ts';

function flat(text: string) {
  return flattenDem(unwrap(parseDem(text)));
}

const xor = (p: number, q: number) => p * (1 - q) + q * (1 - p);
const llr = (q: number) => Math.log((1 - q) / q);

/** The implied real weights of one edge, by the target edge's endpoints. */
function rulesOf(text: string, a: number, b: number): Map<string, number> {
  const { graph, ruleStart, ruleEdge, ruleRealWeight } = buildCorrelatedGraph(flat(text));
  const e = graph.edges.findIndex((edge) => edge.a === a && edge.b === b);
  const rules = new Map<string, number>();
  for (let r = ruleStart[e]!; r < ruleStart[e + 1]!; r++) {
    const target = graph.edges[ruleEdge[r]!]!;
    rules.set(`${target.a}-${target.b}`, ruleRealWeight[r]!);
  }
  return rules;
}

describe('implied weights (PyMatching 2.4 enable_correlations)', () => {
  const dem = 'error(0.1) D0 D1 ^ D2 D3\nerror(0.16) D0 D1\nerror(0.05) D2 D3 ^ D4\n';

  it('conditions each edge of a decomposed mechanism on the others: q = P(e, f) / P(e), capped at 0.5', () => {
    // P(01) = 0.1 ⊕ 0.16; P(01, 23) = 0.1.
    expect(rulesOf(dem, 0, 1).get('2-3')).toBeCloseTo(llr(0.1 / xor(0.1, 0.16)), 12);
    expect([...rulesOf(dem, 0, 1).keys()]).toEqual(['2-3']);
    // P(23) = 0.1 ⊕ 0.05; P(23, 01) = 0.1 (q = 0.69, capped at 0.5: weight 0) and P(23, 4B) = 0.05.
    const from23 = rulesOf(dem, 2, 3);
    expect(from23.get('0-1')).toBe(0);
    expect(from23.get(`4-${BOUNDARY}`)).toBeCloseTo(llr(0.05 / xor(0.1, 0.05)), 12);
    // The boundary edge D4 only ever fires with D2 D3: q = 1, capped at 0.5 → weight 0.
    expect(rulesOf(dem, 4, BOUNDARY).get('2-3')).toBe(0);
  });

  it('puts edge and implied weights on one integer scale, normalised over both', () => {
    // The weight implied for 2-3 by 0-1 (q = 0.001 / 0.3) exceeds every edge weight, so it sets the scale.
    const text = 'error(0.001) D0 D1 ^ D2 D3\nerror(0.2) D2 D3\nerror(0.3) D0 D1\n';
    const correlated = buildCorrelatedGraph(flat(text));
    const implied = llr(0.001 / xor(0.001, 0.3));
    expect(correlated.graph.weightScale).toBeCloseTo((2 * ((1 << 24) - 1)) / implied, 6);
    expect(Math.max(...correlated.ruleWeight)).toBe(2 * ((1 << 24) - 1));
    for (const edge of correlated.graph.edges) {
      expect(edge.integerWeight).toBe(2 * Math.round((edge.weight * correlated.graph.weightScale) / 2));
    }
    // The first pass (MatchingDecoder) reads the graph's edge arrays: they carry the same weights.
    expect(Array.from(edgeArrays(correlated.graph).integerWeights)).toEqual(correlated.graph.edges.map((edge) => edge.integerWeight));
  });

  it("refuses what PyMatching's correlated mode refuses, naming the mechanism", () => {
    expect(() => buildCorrelatedGraph(flat('error(0.6) D0 D1\n'))).toThrow(/#0 has probability 0.6.*p <= 0.5/);
    expect(() => buildCorrelatedGraph(flat('error(0.1) D0\nerror(0.1) D0 D1 D2\n'))).toThrow(/#1 flips 3 detectors.*decompose/);
    expect(() => buildCorrelatedGraph(flat('error(0.1) D0 D1 ^ L0\n'))).toThrow(MatchingGraphError);
    // An undetectable mechanism on its own is skipped, as PyMatching skips it.
    expect(buildCorrelatedGraph(flat('error(0.1) L0\nerror(0.1) D0\n')).graph.edges).toHaveLength(1);
  });
});

describe('correlated decoding', () => {
  // Events D0 D1 D2: D0-D1 must match each other; D2 goes to the boundary either directly (the edge
  // that carries L0, weight ≈ 4.5) or through D3 (2 × 2.2, lighter). The mechanism behind D0-D1 also
  // fires D2's boundary edge, so once D0-D1 is in the solution that edge weighs ln(1) = 0.
  const dem = 'error(0.01) D0 D1 ^ D2 L0\nerror(0.001) D2 L0\nerror(0.1) D2 D3\nerror(0.1) D3\n';

  it('re-matches under the weights implied by the first pass, changing the prediction', () => {
    const events = [0, 1, 2];
    const plain = MatchingDecoder.fromDem(flat(dem)).decode(events);
    const correlated = CorrelatedMatchingDecoder.fromDem(flat(dem)).decode(events);
    expect([...plain.observables]).toEqual([0]);
    expect([...correlated.observables]).toEqual([1]);
    expect(correlated.matched.map((pair) => [pair.a, pair.b])).toEqual([[0, 1], [2, BOUNDARY]]);
    // The second pass's weight: D0-D1 at its own weight, D2's boundary edge at the implied weight 0.
    expect(correlated.integerWeight).toBe(correlated.matched[0]!.integerWeight);
    expect(correlated.matched[1]!.integerWeight).toBe(0);
  });

  it('returns the first pass when it implies no lower weight, and batches like single shots', () => {
    const decoder = CorrelatedMatchingDecoder.fromDem(flat(dem));
    const plain = MatchingDecoder.fromDem(flat(dem));
    expect(decoder.decode([3])).toEqual(plain.decode([3]));
    const shots = [[], [0, 1, 2], [2], [0, 1], [3, 2]];
    const rows = Uint8Array.from(shots, (events) => events.reduce((row, d) => row | (1 << d), 0));
    const batch = decoder.decodeBatch(rows, shots.length, 1);
    expect([...batch]).toEqual(shots.map((events) => decoder.decode(events).observables[0]));
  });
});

/** Minimum matching weight by brute force: all-pairs shortest paths, then a DP over event subsets. */
function bruteForceMinimum(graph: MatchingGraph, weight: Float64Array, events: readonly number[]): number {
  const n = graph.numDetectors;
  const d = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 0 : Infinity)));
  const boundary = new Array<number>(n).fill(Infinity);
  graph.edges.forEach((edge, e) => {
    if (edge.b === BOUNDARY) boundary[edge.a] = Math.min(boundary[edge.a]!, weight[e]!);
    else d[edge.a]![edge.b] = d[edge.b]![edge.a] = Math.min(d[edge.a]![edge.b]!, weight[e]!);
  });
  for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) d[i]![j] = Math.min(d[i]![j]!, d[i]![k]! + d[k]![j]!);
  const toBoundary = events.map((v) => Math.min(...Array.from({ length: n }, (_, x) => d[v]![x]! + boundary[x]!)));
  const best = new Array<number>(1 << events.length).fill(Infinity);
  best[0] = 0;
  for (let mask = 1; mask < best.length; mask++) {
    const i = 31 - Math.clz32(mask & -mask);
    const rest = mask & ~(1 << i);
    let value = toBoundary[i]! + best[rest]!;
    for (let j = i + 1; j < events.length; j++) if (rest & (1 << j)) value = Math.min(value, d[events[i]!]![events[j]!]! + best[rest & ~(1 << j)]!);
    best[mask] = value;
  }
  return best[best.length - 1]!;
}

describe('ReweightedMatcher', () => {
  it('finds the minimum-weight matching, with consistent paths, on random small graphs and weights', () => {
    let seed = 12345;
    const random = (k: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % k;
    };
    for (let trial = 0; trial < 300; trial++) {
      const n = 2 + random(7);
      const edges: MatchingEdge[] = [];
      const seen = new Set<string>();
      const source = { errorIndex: 0, componentIndex: 0, probability: 0.1 };
      for (let t = random(2 * n) + n; t > 0; t--) {
        const a = random(n);
        const b = random(n + 1) === n ? BOUNDARY : random(n);
        const [lo, hi] = b === BOUNDARY ? [a, b] : [Math.min(a, b), Math.max(a, b)];
        if (lo === hi || seen.has(`${lo},${hi}`)) continue;
        seen.add(`${lo},${hi}`);
        const edge = { a: lo, b: hi, probability: 0.1, weight: 1, integerWeight: 2, observables: random(3) === 0 ? [0] : [], sources: [source], frameSource: source };
        edges.push(edge);
      }
      const graph: MatchingGraph = { numDetectors: n, numObservables: 1, edges, weightScale: 2 };
      const weight = Float64Array.from(edges, () => 2 * random(20));
      const events = Array.from({ length: n }, (_, v) => v).filter(() => random(2) === 0);
      const expected = bruteForceMinimum(graph, weight, events);
      const matcher = new ReweightedMatcher(graph);
      if (expected === Infinity) {
        expect(() => matcher.match(events, weight)).toThrow(NoMatchingError);
        continue;
      }
      const result = matcher.match(events, weight);
      expect(result.integerWeight).toBe(expected);
      let obs = 0;
      const covered: number[] = [];
      for (const pair of result.matched) {
        let at = pair.a;
        let sum = 0;
        for (const e of pair.edges) {
          const edge = edges[e]!;
          expect([edge.a, edge.b]).toContain(at);
          at = edge.a === at ? edge.b : edge.a;
          sum += weight[e]!;
          obs ^= edge.observables.length;
        }
        expect(at).toBe(pair.b);
        expect(sum).toBe(pair.integerWeight);
        covered.push(pair.a, ...(pair.b === BOUNDARY ? [] : [pair.b]));
      }
      expect(covered.sort((x, y) => x - y)).toEqual(events);
      expect(result.observables[0]).toBe(obs);
    }
  });
});
