/**
 * Correlated (two-pass) matching, PyMatching 2.4's `enable_correlations=True` (oscarhiggott/
 * PyMatching, src/pymatching/sparse_blossom/driver/mwpm_decoding.cc:
 * `decode_detection_events_to_edges`, `decode_detection_events_for_up_to_64_observables`;
 * flooder/graph.cc: `reweight_for_edges`; after Fowler, arXiv:1310.0863):
 *
 * 1. match the shot normally (MatchingDecoder, on the correlated integer scale);
 * 2. take the set of graph edges of that solution — every edge on the matched paths, counted
 *    mod 2 (an edge two paths share cancels, as the correction it stands for does);
 * 3. for each edge of that set, lower every edge it implies (implied-weights.ts) to the implied
 *    weight when that is smaller — a weight is only ever lowered, so the result is the minimum
 *    of the edge's own weight and all the weights implied for it;
 * 4. match again, exactly, under those weights (reweighted-matcher.ts): the predictions, the
 *    matched paths and the weight (under the lowered weights, as PyMatching reports it) are the
 *    second pass's.
 *
 * When the first pass's edges imply no lower weight, the second pass would solve the very same
 * problem, so the first pass's solution is returned as it is.
 *
 * Differences from PyMatching can only come from ties: two first-pass solutions of equal weight
 * (or equal-weight paths between a matched pair) whose edges imply different reweightings, or
 * equal-weight second-pass solutions with different observables.
 */
import type { FlatDem } from '../../dem/flatten-dem.ts';
import { bytesPerShot } from '../../shots/row-bits.ts';
import { batchOutput } from '../batch-output.ts';
import { MatchingDecoder, type DecodeResult } from '../decoder.ts';
import type { MatchingGraph } from '../graph/matching-graph.ts';
import { buildCorrelatedGraph, type CorrelatedGraph } from './implied-weights.ts';
import { ReweightedMatcher } from './reweighted-matcher.ts';

export class CorrelatedMatchingDecoder {
  readonly graph: MatchingGraph;
  readonly correlations: CorrelatedGraph;
  readonly numDetectors: number;
  readonly numObservables: number;
  private readonly firstPass: MatchingDecoder;
  private readonly secondPass: ReweightedMatcher;
  /** Every edge's weight for the second pass: the graph's, lowered for the shot and restored after. */
  private readonly weight: Float64Array;
  private readonly baseWeight: Float64Array;
  /** Scratch: parity of each edge's use in the first pass, and the edges lowered this shot. */
  private readonly used: Uint8Array;
  private readonly lowered: number[] = [];

  /** Compiles a correlated decoder for a flattened, decomposed DEM (throws MatchingGraphError for what it cannot use). */
  static fromDem(dem: FlatDem): CorrelatedMatchingDecoder {
    return new CorrelatedMatchingDecoder(buildCorrelatedGraph(dem));
  }

  constructor(correlations: CorrelatedGraph) {
    this.correlations = correlations;
    this.graph = correlations.graph;
    this.numDetectors = this.graph.numDetectors;
    this.numObservables = this.graph.numObservables;
    this.firstPass = new MatchingDecoder(this.graph);
    this.secondPass = new ReweightedMatcher(this.graph, this.firstPass.detectors);
    this.baseWeight = Float64Array.from(this.graph.edges, (edge) => edge.integerWeight);
    this.weight = this.baseWeight.slice();
    this.used = new Uint8Array(this.graph.edges.length);
  }

  /** Decodes one shot given as the detectors that fired (any order; one listed twice cancels). */
  decode(detectionEvents: readonly number[]): DecodeResult {
    const first = this.firstPass.decode(detectionEvents);
    const edges = this.firstPassEdges(first);
    if (!this.lowerImpliedWeights(edges)) return first;
    try {
      const events = first.matched.flatMap((pair) => (pair.b < 0 ? [pair.a] : [pair.a, pair.b])).sort((x, y) => x - y);
      const second = this.secondPass.match(events, this.weight);
      return {
        observables: second.observables,
        integerWeight: second.integerWeight,
        weight: second.integerWeight / this.graph.weightScale,
        matched: second.matched,
        alwaysFired: first.alwaysFired,
      };
    } finally {
      for (const e of this.lowered) this.weight[e] = this.baseWeight[e]!;
      this.lowered.length = 0;
    }
  }

  /**
   * Decodes `shots` packed rows (Stim's b8 layout, the detectors in the first numDetectors bits
   * of rows of `rowBytes` bytes) into packed prediction rows of ceil(numObservables / 8) bytes.
   */
  decodeBatch(rows: Uint8Array, shots: number, rowBytes = bytesPerShot(this.numDetectors), out?: Uint8Array): Uint8Array {
    const outBytes = bytesPerShot(this.numObservables);
    const result = batchOutput(this, rows, shots, rowBytes, out);
    const events: number[] = [];
    for (let shot = 0; shot < shots; shot++) {
      events.length = 0;
      const base = shot * rowBytes;
      for (let d = 0; d < this.numDetectors; d++) if ((rows[base + (d >>> 3)]! >>> (d & 7)) & 1) events.push(d);
      result.fill(0, shot * outBytes, (shot + 1) * outBytes);
      if (events.length === 0) continue;
      const { observables } = this.decode(events);
      for (let o = 0; o < this.numObservables; o++) result[shot * outBytes + (o >>> 3)]! |= observables[o]! << (o & 7);
    }
    return result;
  }

  /** The first pass's edges, each once, that were used an odd number of times. */
  private firstPassEdges(result: DecodeResult): number[] {
    const { used } = this;
    const touched: number[] = [];
    const toggle = (e: number) => {
      if (used[e] === 0) touched.push(e);
      used[e]! ^= 1;
    };
    for (const e of result.alwaysFired) toggle(e);
    for (const pair of result.matched) for (const e of pair.edges) toggle(e);
    const odd = touched.filter((e) => used[e] === 1);
    for (const e of touched) used[e] = 0;
    return odd;
  }

  /** Applies the implied weights of `edges`; says whether any weight went down. */
  private lowerImpliedWeights(edges: readonly number[]): boolean {
    const { ruleStart, ruleEdge, ruleWeight } = this.correlations;
    for (const e of edges) {
      for (let r = ruleStart[e]!; r < ruleStart[e + 1]!; r++) {
        const target = ruleEdge[r]!;
        const implied = ruleWeight[r]!;
        if (implied >= this.weight[target]!) continue;
        if (this.weight[target] === this.baseWeight[target]) this.lowered.push(target);
        this.weight[target] = implied;
      }
    }
    return this.lowered.length > 0;
  }
}
