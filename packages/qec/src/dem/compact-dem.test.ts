import { unwrap } from '@verilab/core';
import { describe, expect, it } from 'vitest';
import { parseCircuit } from '../circuit/parse-circuit.ts';
import { buildMatchingGraphFromCompactDem, buildMatchingGraphFromDem, type MatchingGraph } from '../matching/graph/matching-graph.ts';
import { readFixture, STIM_FIXTURES } from '../testing/stim-fixtures.ts';
import { analyzeErrors } from './analyze-errors.ts';
import { compactDemModel, compactMechanisms, type CompactDem } from './compact-dem.ts';
import { modelMechanisms, type MechanismSource } from './flatten-dem.ts';
import { parseDem } from './parse-dem.ts';
import { asciiText, printCompactDemChunks, printDem } from './print-dem.ts';

const fields = (graph: MatchingGraph) => ({ ...graph, edges: graph.edges.map((edge) => ({ ...edge, sources: edge.sources, frameSource: edge.frameSource })) });

const visits = (source: MechanismSource) => {
  const out: [number, number[]][] = [];
  source.forEachMechanism((p, detectors) => out.push([p, [...detectors]]));
  return { numDetectors: source.numDetectors, out };
};

describe('the compact model of an error analysis', () => {
  for (const fixture of STIM_FIXTURES) {
    it(`${fixture.name}: prints, builds its matching graph and lists its mechanisms as its DemItems do`, () => {
      const analysis = analyzeErrors(unwrap(parseCircuit(readFixture(fixture, 'circuit.stim'))), { decomposeErrors: true });
      expect(asciiText(printCompactDemChunks(analysis.compact))).toBe(readFixture(fixture, 'dem.dem'));
      expect(fields(buildMatchingGraphFromCompactDem(analysis.compact))).toEqual(fields(buildMatchingGraphFromDem(analysis.dem)));
      expect(visits(compactMechanisms(analysis.compact))).toEqual(visits(modelMechanisms(analysis.dem)));
    });
  }

  it('keeps observables, separators, repeated ids and the other items of a hand-made model', () => {
    const text = 'error(0.125) D0 D3 ^ D3 L1\nerror(0.25) D2 D2 L0\ndetector(1, 2) D4\nshift_detectors(1) 3\ndetector D1\nlogical_observable L5\n';
    const { items } = unwrap(parseDem(text));
    const errors = items.flatMap((item) => (item.kind === 'error' ? [item] : []));
    const codes = [0, 3, -1, 3, -3, 2, 2, -2];
    const model: CompactDem = {
      probabilities: Float64Array.from(errors, (e) => e.probability),
      targetStarts: Int32Array.from([0, 5, 8]),
      targetCodes: Float64Array.from(codes),
      otherItems: items.flatMap((item) => (item.kind === 'error' || item.kind === 'repeat' ? [] : [item])),
    };
    expect(compactDemModel(model)).toEqual({ items });
    expect(asciiText(printCompactDemChunks(model))).toBe(printDem({ items }));
    expect(fields(buildMatchingGraphFromCompactDem(model))).toEqual(fields(buildMatchingGraphFromDem({ items })));
    // D1 after the shift is detector 4: five detectors, as flattening counts them.
    expect(visits(compactMechanisms(model))).toEqual(visits(modelMechanisms({ items })));
    expect(compactMechanisms(model).numDetectors).toBe(5);
    // A line longer than a chunk of text (1 MiB at up to 18 bytes a target) still prints whole.
    const ids = Array.from({ length: 60_000 }, (_, k) => 1_000_000 + k);
    const long: CompactDem = { probabilities: Float64Array.of(0.5), targetStarts: Int32Array.of(0, ids.length), targetCodes: Float64Array.from(ids), otherItems: [] };
    expect(asciiText(printCompactDemChunks(long))).toBe(printDem(compactDemModel(long)));
    // A prefix of the lines: their mechanisms only, the whole model's detector count.
    const all = visits(compactMechanisms(model));
    expect(visits(compactMechanisms(model, 1))).toEqual({ numDetectors: 5, out: all.out.slice(0, 1) });
  });
});
