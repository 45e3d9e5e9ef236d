import { describe, expect, it } from 'vitest';
import { unwrap } from '@verilab/core';
import { buildMatchingGraph, flattenDem, MatchingDecoder, parseDem, type MatchingGraph } from '@verilab/qec';
import { readFixture } from '@verilab/qec/testing';
import { packMatchingGraph, unpackMatchingGraph } from './matching-graph-transfer.ts';

/**
 * The graph with each edge's fields as own data properties (a built graph's edges read their
 * sources on demand), without the typed-array copy of those fields a graph built from a DEM
 * also carries (`edgeArrays`, which the decoder reads; the decoders below are compared).
 */
const fields = ({ edgeArrays: _copyOfEdges, ...graph }: MatchingGraph) => ({ ...graph, edges: graph.edges.map((edge) => ({ ...edge, sources: edge.sources, frameSource: edge.frameSource })) });

describe('packMatchingGraph / unpackMatchingGraph', () => {
  it('give back the same graph, and a decoder built from it predicts the same', () => {
    // d5 SI1000-like: parallel edges merged from several sources, boundary edges, an observable.
    const graph = buildMatchingGraph(flattenDem(unwrap(parseDem(readFixture('si1000_d5_r5_p0.001', 'dem.dem')))));
    expect(graph.edges.some((edge) => edge.sources.length > 1 && edge.frameSource !== edge.sources[0])).toBe(true);
    const packed = packMatchingGraph(graph);
    // Only typed arrays and numbers: what structured clone copies cheaply between threads.
    expect(Object.values(packed).every((field) => typeof field === 'number' || ArrayBuffer.isView(field))).toBe(true);
    const copy = unpackMatchingGraph(structuredClone(packed));
    expect(fields(copy)).toEqual(fields(graph));
    expect(copy.edges.every((edge) => edge.sources.includes(edge.frameSource))).toBe(true);

    const shots = 64;
    const rowBytes = Math.ceil(graph.numDetectors / 8);
    const rows = Uint8Array.from({ length: shots * rowBytes }, (_, i) => (i * 2654435761) >>> 27 === 0 ? 1 << i % 8 : 0);
    expect(new MatchingDecoder(copy).decodeBatch(rows, shots, rowBytes)).toEqual(new MatchingDecoder(graph).decodeBatch(rows, shots, rowBytes));
  });
});
