/**
 * A MatchingGraph as a few typed arrays, for handing a built graph to worker threads:
 * `verilab predict --threads N` parses, flattens and builds the graph once, and each worker only
 * builds its decoder from it. Copying typed arrays between threads costs a memcpy, where cloning
 * the graph's objects (an edge per detector pair, a source per DEM component, ~200k at d = 17)
 * cost about as much as building it again.
 */
import type { EdgeSource, MatchingEdge, MatchingGraph } from '@verilab/qec/decoding';

export interface PackedMatchingGraph {
  readonly numDetectors: number;
  readonly numObservables: number;
  readonly weightScale: number;
  /** Per edge: a and b (BOUNDARY kept). */
  readonly ends: Int32Array;
  readonly probability: Float64Array;
  readonly weight: Float64Array;
  readonly integerWeight: Float64Array;
  /** Edge e's observables are observables[observableStart[e], observableStart[e + 1]). */
  readonly observableStart: Int32Array;
  readonly observables: Int32Array;
  /** Edge e's sources are entries [sourceStart[e], sourceStart[e + 1]) of the three source arrays. */
  readonly sourceStart: Int32Array;
  readonly sourceError: Int32Array;
  readonly sourceComponent: Int32Array;
  readonly sourceProbability: Float64Array;
  /** Edge e's frame source, as an index into its own sources. */
  readonly frameSource: Int32Array;
}

export function packMatchingGraph(graph: MatchingGraph): PackedMatchingGraph {
  const edges = graph.edges;
  const observableStart = new Int32Array(edges.length + 1);
  const sourceStart = new Int32Array(edges.length + 1);
  edges.forEach((edge, e) => {
    observableStart[e + 1] = observableStart[e]! + edge.observables.length;
    sourceStart[e + 1] = sourceStart[e]! + edge.sources.length;
  });
  const packed = {
    numDetectors: graph.numDetectors,
    numObservables: graph.numObservables,
    weightScale: graph.weightScale,
    ends: new Int32Array(2 * edges.length),
    probability: new Float64Array(edges.length),
    weight: new Float64Array(edges.length),
    integerWeight: new Float64Array(edges.length),
    observableStart,
    observables: new Int32Array(observableStart[edges.length]!),
    sourceStart,
    sourceError: new Int32Array(sourceStart[edges.length]!),
    sourceComponent: new Int32Array(sourceStart[edges.length]!),
    sourceProbability: new Float64Array(sourceStart[edges.length]!),
    frameSource: new Int32Array(edges.length),
  };
  edges.forEach((edge, e) => {
    packed.ends[2 * e] = edge.a;
    packed.ends[2 * e + 1] = edge.b;
    packed.probability[e] = edge.probability;
    packed.weight[e] = edge.weight;
    packed.integerWeight[e] = edge.integerWeight;
    packed.observables.set(edge.observables, observableStart[e]);
    edge.sources.forEach((source, k) => {
      const at = sourceStart[e]! + k;
      packed.sourceError[at] = source.errorIndex;
      packed.sourceComponent[at] = source.componentIndex;
      packed.sourceProbability[at] = source.probability;
    });
    packed.frameSource[e] = edge.sources.indexOf(edge.frameSource);
  });
  return packed;
}

/** The graph packMatchingGraph packed: equal field by field, each frame source one of its edge's sources. */
export function unpackMatchingGraph(packed: PackedMatchingGraph): MatchingGraph {
  const edges: MatchingEdge[] = [];
  for (let e = 0; e < packed.probability.length; e++) {
    const sources: EdgeSource[] = [];
    for (let at = packed.sourceStart[e]!; at < packed.sourceStart[e + 1]!; at++) {
      sources.push({ errorIndex: packed.sourceError[at]!, componentIndex: packed.sourceComponent[at]!, probability: packed.sourceProbability[at]! });
    }
    edges.push({
      a: packed.ends[2 * e]!,
      b: packed.ends[2 * e + 1]!,
      probability: packed.probability[e]!,
      weight: packed.weight[e]!,
      integerWeight: packed.integerWeight[e]!,
      observables: Array.from(packed.observables.subarray(packed.observableStart[e], packed.observableStart[e + 1])),
      sources,
      frameSource: sources[packed.frameSource[e]!]!,
    });
  }
  return { numDetectors: packed.numDetectors, numObservables: packed.numObservables, edges, weightScale: packed.weightScale };
}
