import {
  BOUNDARY,
  analyzeErrors,
  compileFrameSampler,
  decoderFrame,
  flattenDem,
  generateRotatedSurfaceCode,
  MatchingDecoder,
  noiseProfile,
  printCircuit,
  printDem,
  Xoshiro128,
  type DataFrame as QubitFrame,
  type FrameSampler,
} from '@verilab/qec';
import { extractLayout, type CodeLayout } from './code-layout.ts';
import type { DecoderOutcome, LevelPhysics, ShotSample } from './level-physics.ts';
import type { Level } from './levels.ts';
import type { DataFrame } from './rewards.ts';
import { sha256Hex } from './sha256.ts';

/**
 * The level's physics, from the QEC core: Stim's rotated memory circuit with the level's noise
 * profile, a Pauli-frame sampler that also returns the true accumulated error, and the exact
 * matching decoder on the decomposed DEM whose frame is the XOR of the matched mechanisms'
 * physical faults (never the original's nearest-qubit snapping). Frames leave here in LLM ids.
 */
export function createLevelPhysics(level: Level): LevelPhysics {
  const circuit = generateRotatedSurfaceCode({
    basis: level.basis,
    distance: level.distance,
    rounds: level.rounds,
    noise: noiseProfile(level.noise, level.p),
  });
  const layout = extractLayout(circuit);
  const analysis = analyzeErrors(circuit, { decomposeErrors: true });
  const demText = printDem(analysis.dem);
  const flat = flattenDem(analysis.dem);
  const decoder = MatchingDecoder.fromDem(flat);
  const componentFrames = flat.errors.map(
    (error) => analysis.provenance[error.itemIndex]?.componentFrames ?? [],
  );
  const sampler = compileFrameSampler(circuit);
  const toLlm = llmIdMapper(layout);

  return {
    level,
    layout,
    circuitText: printCircuit(circuit),
    demText,
    demDigest: sha256Hex(demText).slice(0, 8),
    sample: (seed) => sampleShot(sampler, layout, seed),
    decode(syndromeBits): DecoderOutcome {
      const events: number[] = [];
      syndromeBits.forEach((bit, detector) => {
        if (bit !== 0) events.push(detector);
      });
      const result = decoder.decode(events);
      const edgeEnds = (e: number): [number, number] => {
        const edge = decoder.graph.edges[e];
        return [edge?.a ?? BOUNDARY, edge?.b ?? BOUNDARY];
      };
      return {
        observableFlip: result.observables[0] ?? 0,
        frame: toLlm(decoderFrame(decoder.graph, result, componentFrames)),
        pathEdges: [...result.alwaysFired, ...result.matched.flatMap((pair) => pair.edges)].map(edgeEnds),
        weight: result.weight,
      };
    },
  };
}

/** One `createLevelPhysics` per level, built on first use and shared by every episode. */
export function createPhysicsCache(): (level: Level) => LevelPhysics {
  const cache = new Map<string, LevelPhysics>();
  return (level) => {
    let physics = cache.get(level.name);
    if (physics === undefined) {
      physics = createLevelPhysics(level);
      cache.set(level.name, physics);
    }
    return physics;
  };
}

function sampleShot(sampler: FrameSampler, layout: CodeLayout, seed: number): ShotSample {
  const batch = sampler.sample(1, Xoshiro128.fromSeed(seed), { finalFrames: true });
  const bit = (row: Uint8Array, k: number) => ((row[k >>> 3] ?? 0) >>> (k & 7)) & 1;
  const syndromeBits = Array.from({ length: sampler.numDetectors }, (_, k) => bit(batch.detectors, k));
  const frames = batch.finalFrames;
  const x: number[] = [];
  const z: number[] = [];
  if (frames !== undefined) {
    const column = new Map(frames.qubits.map((qubit, k) => [qubit, k]));
    layout.dataQubits.forEach((qubit, id) => {
      const k = column.get(qubit);
      if (k === undefined) return;
      if (bit(frames.x, k)) x.push(id);
      if (bit(frames.z, k)) z.push(id);
    });
  }
  return { syndromeBits, observableFlip: bit(batch.observables, 0), trueFrame: { x, z } };
}

/** Keeps the data qubits of a frame over Stim qubit ids, renamed to LLM ids. */
function llmIdMapper(layout: CodeLayout): (frame: QubitFrame) => DataFrame {
  const llmId = new Map(layout.dataQubits.map((qubit, id) => [qubit, id]));
  const rename = (qubits: readonly number[]) =>
    qubits.flatMap((qubit) => {
      const id = llmId.get(qubit);
      return id === undefined ? [] : [id];
    }).sort((a, b) => a - b);
  return (frame) => ({ x: rename(frame.x), z: rename(frame.z) });
}
