import { unwrap } from '@verilab/core';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { flattenDem } from '../../dem/flatten-dem.ts';
import { parseDem } from '../../dem/parse-dem.ts';
import { readFixture, STIM_FIXTURES } from '../../testing/stim-fixtures.ts';
import {
  BOUNDARY,
  buildMatchingGraph,
  buildMatchingGraphFromDem,
  buildMatchingGraphFromDemText,
  edgeArrays,
  MatchingGraphError,
  MAX_MATCHING_DETECTORS,
  mergeWeights,
  type MatchingGraph,
} from './matching-graph.ts';

function graphOf(text: string) {
  return buildMatchingGraph(flattenDem(unwrap(parseDem(text))));
}

/** The graph with each edge's fields as own data properties (a built graph's edges read their sources on demand). */
const fields = (graph: MatchingGraph) => ({ ...graph, edges: graph.edges.map((edge) => ({ ...edge, sources: edge.sources, frameSource: edge.frameSource })) });

const weightOf = (p: number) => Math.log((1 - p) / p);

describe('buildMatchingGraph (PyMatching user_graph semantics)', () => {
  it('makes detector pairs and boundary edges with weight ln((1-p)/p)', () => {
    const graph = graphOf('error(0.1) D0 D1\nerror(0.2) D1 L0\ndetector D2\n');
    expect(graph.numDetectors).toBe(3);
    expect(graph.numObservables).toBe(1);
    expect(graph.edges.map((e) => [e.a, e.b, e.observables])).toEqual([
      [0, 1, []],
      [1, BOUNDARY, [0]],
    ]);
    expect(graph.edges[0]!.weight).toBeCloseTo(weightOf(0.1), 14);
    // Discretisation: the largest |weight| maps to 2·(2^24 − 1).
    expect(graph.edges[0]!.integerWeight).toBe(2 * (2 ** 24 - 1));
    expect(graph.weightScale).toBeCloseTo((2 * (2 ** 24 - 1)) / weightOf(0.1), 6);
    expect(graph.edges[1]!.integerWeight).toBe(2 * Math.round((weightOf(0.2) * graph.weightScale) / 2));
  });

  it('merges parallel edges as independent mechanisms, keeping the first observables', () => {
    const graph = graphOf('error(0.1) D0 D1 L0\nerror(0.3) D1 D0\nerror(0.05) D0 D1 L0\n');
    expect(graph.edges).toHaveLength(1);
    const edge = graph.edges[0]!;
    const p12 = 0.1 * 0.7 + 0.3 * 0.9;
    const p = p12 * 0.95 + 0.05 * (1 - p12);
    expect(edge.probability).toBeCloseTo(p, 14);
    expect(edge.weight).toBeCloseTo(weightOf(p), 12);
    expect(edge.observables).toEqual([0]);
    expect(edge.sources.map((s) => s.errorIndex)).toEqual([0, 1, 2]);
    // The frame stands for the most probable contributor among those flipping the edge's observables.
    expect(edge.frameSource.errorIndex).toBe(0);
  });

  it('mergeWeights is the box-plus of log-likelihood ratios, also for p > 0.5 and huge weights', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1 - 1e-6, noNaN: true }), fc.double({ min: 1e-6, max: 1 - 1e-6, noNaN: true }), (p, q) => {
        const merged = p * (1 - q) + q * (1 - p);
        expect(mergeWeights(weightOf(p), weightOf(q))).toBeCloseTo(weightOf(merged), 6);
      }),
      { numRuns: 300, seed: 3 },
    );
    expect(mergeWeights(800, 900)).toBeCloseTo(800, 9); // no overflow
  });

  it('gives each ^ component its own edge with the error probability', () => {
    const graph = graphOf('error(0.01) D0 D1 ^ D2 L0\nerror(0.02) D2 L0\n');
    expect(graph.edges.map((e) => [e.a, e.b, e.observables, e.sources.map((s) => [s.errorIndex, s.componentIndex])])).toEqual([
      [0, 1, [], [[0, 0]]],
      [2, BOUNDARY, [0], [[0, 1], [1, 0]]],
    ]);
    expect(graph.edges[1]!.frameSource).toEqual({ errorIndex: 1, componentIndex: 0, probability: 0.02 });
  });

  it('skips p = 0 and detector-free components; negative weights for p > 0.5', () => {
    const graph = graphOf('error(0) D0 D1\nerror(0.1) L0\nerror(0.1) D0 ^ L0\nerror(0.8) D1\n');
    expect(graph.edges.map((e) => [e.a, e.b])).toEqual([
      [0, BOUNDARY],
      [1, BOUNDARY],
    ]);
    expect(graph.edges[1]!.weight).toBeLessThan(0);
    // ln(0.2/0.8) = −ln 4, scaled against the largest |weight| ln 9, rounded half away from zero.
    expect(graph.edges[1]!.integerWeight).toBe(-2 * Math.round(((2 ** 24 - 1) * Math.log(4)) / Math.log(9)));
  });

  it('rejects components with more than two detectors, and p = 1, naming the mechanism', () => {
    expect(() => graphOf('error(0.1) D0\nerror(0.1) D0 D1 D2\n')).toThrow(MatchingGraphError);
    expect(() => graphOf('error(0.1) D0\nerror(0.1) D0 D1 D2\n')).toThrow(/error mechanism #1 flips 3 detectors \(D0 D1 D2\)/);
    expect(() => graphOf('error(0.1) D0 D1 ^ D1 D2 D3\n')).toThrow(/component 2 of 2 flips 3 detectors/);
    expect(() => graphOf('error(1) D0\n')).toThrow(/probability 1/);
  });

  it('refuses more than MAX_MATCHING_DETECTORS detectors on every path, before a decoder sizes state by them', () => {
    const largest = `error(0.1) D${MAX_MATCHING_DETECTORS - 1} L0\n`;
    expect(buildMatchingGraphFromDemText(largest)!.numDetectors).toBe(MAX_MATCHING_DETECTORS);
    for (const [text, largestId] of [
      [`error(0.1) D${MAX_MATCHING_DETECTORS} L0\n`, MAX_MATCHING_DETECTORS],
      [`error(0.1) D0\ndetector D2100000000\n`, 2100000000],
    ] as const) {
      const message = new RegExp(`the model has ${largestId + 1} detectors; matching decodes models of at most 16777216 .*\\(D${largestId}\\)$`);
      expect(() => buildMatchingGraphFromDemText(text)).toThrow(message);
      const dem = unwrap(parseDem(text));
      expect(() => buildMatchingGraphFromDem(dem)).toThrow(message);
      expect(() => buildMatchingGraph(flattenDem(dem))).toThrow(message);
    }
  });

  it('builds the same graph, and the same errors, from the parsed model as from its flattening', () => {
    const texts = [
      ...STIM_FIXTURES.map((name) => readFixture(name, 'dem.dem')),
      // Loops, shifts, cancelling ids (inside and across components), p = 0, p > 0.5, ids past the chained ids (2^20), below MAX_MATCHING_DETECTORS.
      'detector D5\nrepeat 3 {\n  error(0.1) D0 D1 ^ D1 D0 D2 D2\n  error(0.2) D1 D0 L1 L1 L0\n  shift_detectors(1) 2\n  repeat 2 {\n    error(0.01) D3 ^ D0 L2\n  }\n}\nerror(0) D90 L7\nerror(0.7) D1\n',
      'error(0.1) D16777212 D16777213\nerror(0.2) D16777213 D16777212 L0\nerror(0.3) D16777213\nerror(0.4) D16777214 D9\nerror(0.5) D9 D16777214\nlogical_observable L4\n',
      'error(0.1) D0\nerror(0.1) D0 D1 D2\n',
      'error(0.1) D0 D1 ^ D1 D2 D3\n',
      'error(0.1) D0 D0 ^ D2\nerror(1) D0\n',
    ];
    const outcome = (build: () => unknown) => {
      try {
        return build();
      } catch (error) {
        return error instanceof MatchingGraphError ? { message: error.message, errorIndex: error.errorIndex } : error;
      }
    };
    for (const text of texts) {
      const dem = unwrap(parseDem(text));
      const expected = outcome(() => fields(buildMatchingGraph(flattenDem(dem))));
      expect(outcome(() => fields(buildMatchingGraphFromDem(dem)))).toEqual(expected);
      expect(outcome(() => fields(buildMatchingGraphFromDemText(text)!))).toEqual(expected);
    }
    // Endpoints past the chained ids (2^20) keep their own edges through the string-keyed map; D9's edge is chained.
    const large = buildMatchingGraphFromDem(unwrap(parseDem(texts[STIM_FIXTURES.length + 1]!)));
    expect(large.edges.map((e) => [e.a, e.b, e.sources.length])).toEqual([
      [16777212, 16777213, 2],
      [16777213, BOUNDARY, 1],
      [9, 16777214, 2],
    ]);
  });

  it("carries its edges' ends, integer weights and observables as typed arrays that match the edge objects", () => {
    const texts = [
      ...STIM_FIXTURES.map((name) => readFixture(name, 'dem.dem')),
      'detector D5\nrepeat 3 {\n  error(0.1) D0 D1 ^ D1 D0 D2 D2\n  error(0.2) D1 D0 L1 L1 L0\n  shift_detectors(1) 2\n}\nerror(0.3) D0 D1 L0\nerror(0.7) D1 L2 L33\n',
    ];
    for (const text of texts) {
      const graph = buildMatchingGraphFromDemText(text)!;
      expect(graph.edgeArrays).toBeDefined();
      // A graph made elsewhere (here: the same edges in a plain object) has its arrays read from the objects.
      const plain: MatchingGraph = { numDetectors: graph.numDetectors, numObservables: graph.numObservables, weightScale: graph.weightScale, edges: graph.edges };
      expect(edgeArrays(graph)).toEqual(edgeArrays(plain));
    }
  });

  it('from text: names the line of a mechanism that is not graph-like, also inside repeat blocks, and reads nothing from text that does not parse', () => {
    const lineOf = (text: string) => {
      try {
        buildMatchingGraphFromDemText(text);
      } catch (error) {
        if (error instanceof MatchingGraphError) return [error.line, error.errorIndex, error.message];
        throw error;
      }
      return undefined;
    };
    expect(lineOf('error(0.1) D0\n# note\nerror(0.1) D0 D1 D2\n')).toEqual([3, 1, expect.stringMatching(/error mechanism #1 flips 3 detectors/)]);
    expect(lineOf('repeat 2 {\n  error(0.1) D0\n  shift_detectors 1\n}\nerror(1) D0\n')).toEqual([5, 2, expect.stringMatching(/probability 1/)]);
    // A parse problem after the mechanism comes first: no graph, and parseDem reports it.
    expect(buildMatchingGraphFromDemText('error(0.1) D0 D1 D2\nerror(2) D0\n')).toBeUndefined();
    expect(buildMatchingGraphFromDemText('error(0.1) D0\nrepeat 2 {\n')).toBeUndefined();
  });
});
