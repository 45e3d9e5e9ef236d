/**
 * The matching graph of a decomposed DEM together with the *implied weights* of correlated
 * matching (Fowler, "Optimal complexity correction of correlated errors in the surface code",
 * arXiv:1310.0863), built the way PyMatching 2.4 builds them when it loads a DEM with
 * `enable_correlations=True` (oscarhiggott/PyMatching, src/pymatching/sparse_blossom/driver/
 * user_graph.{h,cc}: `iter_dem_instructions_include_correlations`,
 * `add_decomposed_error_to_joint_probabilities`, `populate_implied_edge_weights`,
 * `get_edge_weight_normalising_constant`; flooder/graph.cc: `convert_rule`).
 *
 * - The graph's edges are the plain ones (every `^`-separated component an edge, parallel edges
 *   merged as independent mechanisms: matching-graph.ts).
 * - For every error mechanism of probability p, each of its components' edges e gets
 *   P(e) ← P(e) ⊕ p (⊕: XOR of independent Bernoulli variables, p(1 − q) + q(1 − p)), and each
 *   pair of components (e, f) of one mechanism gets P(e, f) ← P(e, f) ⊕ p, both ways round.
 * - Edge e then *implies* for every f ≠ e with P(e, f) > 0 the conditional probability
 *   q = min(0.5, P(e, f) / P(e)) — "given that e fired, f fired with probability q" — and the
 *   weight ln((1 − q) / q) ≥ 0 (the 0.5 cap keeps it non-negative, as PyMatching does).
 * - Weights are discretised like the plain graph's, but the normalising constant is taken over
 *   the edge weights *and* the implied weights (so both live on one integer scale).
 *
 * PyMatching's restrictions in this mode are kept, with its reasons: a mechanism with p > 0.5 is
 * refused (implied weights cannot change an edge weight's sign), an undecomposed hyperedge (a
 * component with three or more detectors) is refused, and so is a decomposed mechanism with a
 * component that flips no detector. A mechanism with no detector at all is skipped.
 */
import type { FlatDem } from '../../dem/flatten-dem.ts';
import { BOUNDARY, buildMatchingGraph, MatchingGraphError, normalisingConstant, roundHalfAway, type MatchingGraph } from '../graph/matching-graph.ts';

/** The plain matching graph on the correlated integer scale, with each edge's implied weights. */
export interface CorrelatedGraph {
  /** Edges as buildMatchingGraph makes them; integerWeight and weightScale on the shared scale. */
  readonly graph: MatchingGraph;
  /** Edge e implies weights for the edges ruleEdge[ruleStart[e] .. ruleStart[e + 1]). */
  readonly ruleStart: Int32Array;
  readonly ruleEdge: Int32Array;
  /** The implied integer weight of each rule, on graph.weightScale (even, ≥ 0). */
  readonly ruleWeight: Float64Array;
  /** The same before discretisation: ln((1 − q) / q) for the conditional probability q. */
  readonly ruleRealWeight: Float64Array;
}

const bernoulliXor = (p: number, q: number): number => p * (1 - q) + q * (1 - p);

/**
 * Builds the correlated matching graph of a flattened, decomposed DEM. Throws MatchingGraphError
 * (naming the mechanism) for what PyMatching's correlated mode refuses, and for what the plain
 * graph refuses.
 */
export function buildCorrelatedGraph(dem: FlatDem): CorrelatedGraph {
  dem.errors.forEach(checkMechanism);
  const plain = buildMatchingGraph(dem);
  const edgeOf = new Map<number, number>();
  const key = (a: number, b: number) => a * (dem.numDetectors + 1) + (b + 1);
  plain.edges.forEach((edge, e) => edgeOf.set(key(edge.a, edge.b), e));

  // joint.get(e).get(f): P(e, f); joint.get(e).get(e): P(e), the marginal (PyMatching keeps both in one map).
  const joint = new Map<number, Map<number, number>>();
  const xorInto = (e: number, f: number, p: number) => {
    let row = joint.get(e);
    if (row === undefined) joint.set(e, (row = new Map()));
    row.set(f, bernoulliXor(row.get(f) ?? 0, p));
  };
  for (const error of dem.errors) {
    const p = error.probability;
    if (!(p > 0) || error.components.every((component) => component.detectors.length === 0)) continue;
    const edges = error.components.map((component) => {
      const [a, b = BOUNDARY] = component.detectors as [number, number?];
      return edgeOf.get(key(a, b))!;
    });
    if (edges.length > 1) {
      for (let i = 0; i < edges.length; i++) {
        for (let j = i + 1; j < edges.length; j++) {
          xorInto(edges[i]!, edges[j]!, p);
          xorInto(edges[j]!, edges[i]!, p);
        }
      }
    }
    for (const e of edges) xorInto(e, e, p);
  }

  const rules: { edge: number; weight: number }[][] = plain.edges.map(() => []);
  for (const [e, row] of joint) {
    const marginal = row.get(e) ?? 0;
    if (marginal === 0) continue;
    for (const [f, p] of row) {
      if (f === e) continue;
      const q = Math.min(0.5, p / marginal);
      rules[e]!.push({ edge: f, weight: Math.log((1 - q) / q) });
    }
  }

  // PyMatching's constant, taken over the edge and implied weights alike.
  const weightScale = 2 * normalisingConstant([...plain.edges.map((edge) => edge.weight), ...rules.flat().map((rule) => rule.weight)]);
  const discretise = (weight: number) => 2 * roundHalfAway((weight * weightScale) / 2);
  // A new graph of edge objects alone (not a spread of plain, which would carry plain's edge
  // arrays, with the weights of plain's scale, to the decoder that reads them).
  const { numDetectors, numObservables } = plain;
  const graph: MatchingGraph =
    weightScale === plain.weightScale
      ? plain
      : { numDetectors, numObservables, weightScale, edges: plain.edges.map((edge) => ({ ...edge, integerWeight: discretise(edge.weight) })) };

  const ruleStart = new Int32Array(plain.edges.length + 1);
  rules.forEach((list, e) => (ruleStart[e + 1] = ruleStart[e]! + list.length));
  const flat = rules.flat();
  return {
    graph,
    ruleStart,
    ruleEdge: Int32Array.from(flat, (rule) => rule.edge),
    ruleWeight: Float64Array.from(flat, (rule) => discretise(rule.weight)),
    ruleRealWeight: Float64Array.from(flat, (rule) => rule.weight),
  };
}

/** Refuses what PyMatching's correlated mode refuses (the plain graph checks the rest). */
function checkMechanism(error: FlatDem['errors'][number], errorIndex: number): void {
  const where = `error mechanism #${error.itemIndex}`;
  if (error.probability > 0.5) {
    throw new MatchingGraphError(`${where} has probability ${error.probability}: correlated matching needs p <= 0.5 (as PyMatching's enable_correlations)`, errorIndex);
  }
  if (!(error.probability > 0)) return;
  const components = error.components;
  components.forEach((component, k) => {
    const part = components.length > 1 ? ` component ${k + 1} of ${components.length}` : '';
    if (component.detectors.length > 2) {
      throw new MatchingGraphError(
        `${where}${part} flips ${component.detectors.length} detectors: correlated matching needs hyperedges decomposed into graph-like parts (stim analyze_errors --decompose_errors)`,
        errorIndex,
      );
    }
    if (component.detectors.length === 0 && components.length > 1) {
      throw new MatchingGraphError(`${where}${part} flips no detector: correlated matching cannot use an undetectable part of a decomposed error`, errorIndex);
    }
  });
}

