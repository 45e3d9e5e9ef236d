/**
 * The decoder's correction as a Pauli frame on the qubits: the XOR of the frames of the DEM
 * components behind every graph edge the matching uses (matched paths and always-fired
 * negative-weight edges). A graph edge stands for the physical fault of its `frameSource`
 * component (matching-graph.ts), whose observables are the edge's own — so the frame's parity on
 * each observable's support equals the decoder's predicted flip, shot by shot. Edges used twice
 * (overlapping paths) cancel, as the Paulis do. Measurement-result flips carry an empty frame.
 */
import type { DataFrame } from '../dem/error-provenance.ts';
import type { DecodeResult } from './decoder.ts';
import type { MatchingGraph } from './graph/matching-graph.ts';

/**
 * `componentFrames[errorIndex][componentIndex]`: the frame of each component of each flat DEM
 * error (MechanismProvenance.componentFrames, indexed like FlatDem.errors).
 */
export function decoderFrame(
  graph: MatchingGraph,
  result: DecodeResult,
  componentFrames: readonly (readonly DataFrame[])[],
): DataFrame {
  const x = new Set<number>();
  const z = new Set<number>();
  const toggle = (set: Set<number>, qubit: number) => {
    if (!set.delete(qubit)) set.add(qubit);
  };
  const use = (e: number) => {
    const { errorIndex, componentIndex } = graph.edges[e]!.frameSource;
    const frame = componentFrames[errorIndex]?.[componentIndex];
    if (frame === undefined) {
      throw new RangeError(`no frame for component ${componentIndex} of DEM error #${errorIndex}`);
    }
    for (const q of frame.x) toggle(x, q);
    for (const q of frame.z) toggle(z, q);
  };
  for (const e of result.alwaysFired) use(e);
  for (const pair of result.matched) for (const e of pair.edges) use(e);
  const sorted = (set: Set<number>) => [...set].sort((a, b) => a - b);
  return { x: sorted(x), z: sorted(z) };
}
