import {
  BOUNDARY,
  analyzeErrors,
  compileFrameSampler,
  buildMatchingGraphFromCompactDem,
  compileMaximumLikelihoodDecoderOfModel,
  CorrelatedMatchingDecoder,
  decoderFrame,
  flattenDem,
  generateRotatedSurfaceCode,
  MatchingDecoder,
  noiseProfile,
  printCircuit,
  printCompactDemChunks,
  asciiText,
  ImpossibleSyndromeError,
  type Circuit,
  type DataFrame as QubitFrame,
  type CompactDem,
  type FrameSampler,
  type MaximumLikelihoodPosterior,
  type MechanismProvenance,
  type DecodeResult,
  type MatchingGraph,
} from '@verilab/qec';
import { formatIssues, sha256HexOfChunks, Xoshiro128 } from '@verilab/core';
import { extractLayout, type CodeLayout } from './code-layout.ts';
import type { DecoderOutcome, LevelPhysics, ShotSample } from './level-physics.ts';
import type { Level } from './levels.ts';
import type { DataFrame } from './rewards.ts';

/**
 * The level's physics, from the QEC core: Stim's rotated memory circuit with the level's noise
 * profile, a Pauli-frame sampler that also returns the true accumulated error, and the exact
 * matching decoder on the decomposed DEM whose frame is the XOR of the matched mechanisms'
 * physical faults (never the original's nearest-qubit snapping). Frames leave here in LLM ids.
 * Levels whose DEM is small enough also get the exact maximum-likelihood decoder (see
 * OPTIMAL_DECODER_LIMITS).
 */
export function createLevelPhysics(level: Level, options: LevelPhysicsOptions = {}): BuiltLevelPhysics {
  const circuit = levelCircuit(level);
  const layout = extractLayout(circuit);
  // The sampler first: its arrays then go where the heap is still small, not on top of the
  // error model's transients (a d = 25 build peaks ~10 MB lower).
  const sampler = compileFrameSampler(circuit);
  const { demChunks, decoder, provenanceOf, optimal } = levelModel(circuit, options);
  const framesFor = componentFramesOnDemand(provenanceOf);
  const toLlm = llmIdMapper(layout);

  // The last decoded syndrome, when it is a (frozen, hence unchanged) shot of ours: the step
  // decodes the very array a policy just decoded.
  let lastDecoded: { bits: readonly number[]; outcome: DecoderOutcome } | undefined;
  const decode = (syndromeBits: readonly number[]): DecoderOutcome => {
    if (lastDecoded?.bits === syndromeBits) return lastDecoded.outcome;
    const events: number[] = [];
    for (let detector = 0; detector < syndromeBits.length; detector++) {
      if (syndromeBits[detector] !== 0) events.push(detector);
    }
    const result = decoder.decode(events);
    const edgeEnds = (e: number): [number, number] => {
      const edge = decoder.graph.edges[e];
      return [edge?.a ?? BOUNDARY, edge?.b ?? BOUNDARY];
    };
    const outcome: DecoderOutcome = Object.freeze({
      observableFlip: result.observables[0] ?? 0,
      frame: freezeFrame(toLlm(decoderFrame(decoder.graph, result, framesFor(decoder.graph, result)))),
      pathEdges: Object.freeze([...result.alwaysFired, ...result.matched.flatMap((pair) => pair.edges)].map(edgeEnds)),
      weight: result.weight,
    });
    if (Object.isFrozen(syndromeBits)) lastDecoded = { bits: syndromeBits, outcome };
    return outcome;
  };

  return {
    level,
    layout,
    get circuitText() {
      return levelCircuitText(level);
    },
    get demText() {
      return asciiText(demChunks);
    },
    demChunks,
    demDigest: (options.sha256HexOfChunks ?? sha256HexOfChunks)(demChunks).slice(0, 8),
    sample: shotSampler(sampler, layout),
    decode,
    ...optimal,
  };
}

/**
 * A level's physics as built here, with its DEM text's bytes as printed (ASCII chunks, in order;
 * not to be changed): a level worker hands them on as bytes instead of decoding them to the
 * 9 MB text of d = 25, r = 13 and encoding that again.
 */
export type BuiltLevelPhysics = LevelPhysics & { readonly demChunks: readonly Uint8Array[] };

export interface LevelPhysicsOptions {
  /**
   * The reference decoder uses two-pass correlated matching (PyMatching 2.4's
   * `enable_correlations`; @verilab/qec's CorrelatedMatchingDecoder) instead of plain matching.
   * Off by default, so the decoder that rewards compare against — and with it every reward — is
   * unchanged unless a caller asks for it.
   */
  readonly correlatedMatching?: boolean;
  /**
   * SHA-256 of the chunks' bytes one after the other, as 64 hex digits, for the DEM digest:
   * @verilab/core's pure sha256HexOfChunks unless given. A server passes node:crypto's, which
   * gives the same digest about ten times faster (~7 ms instead of ~70 ms for the 9 MB DEM of
   * d = 25, r = 13) but may not be imported here (pure packages do no I/O or platform calls).
   */
  readonly sha256HexOfChunks?: (chunks: readonly Uint8Array[]) => string;
}

/**
 * What the physics keeps of the level's error model: its text (as byte chunks, hashed as they
 * are), its decoders and its mechanisms' provenance. The model is read from the analysis's
 * compact form (its error lines in typed arrays), unreachable once this returns: the text is
 * printed, plain matching's graph built and a large model refused by the optimal decoder from
 * its arrays. The model is made into items and flattened (several small objects per mechanism,
 * tens of megabytes at d = 25) only for correlated matching or a model small enough for exact
 * decoding.
 */
function levelModel(
  circuit: Circuit,
  options: LevelPhysicsOptions,
): {
  demChunks: Uint8Array[];
  decoder: MatchingDecoder | CorrelatedMatchingDecoder;
  provenanceOf: (errorIndex: number) => MechanismProvenance | undefined;
  optimal: Pick<LevelPhysics, 'decodeOptimal' | 'optimalUnavailable'>;
} {
  // Decoding reads the mechanisms' frames, never their fault lists.
  const analysis = analyzeErrors(circuit, { decomposeErrors: true, faultLists: false });
  const { compact, provenanceOf } = analysis;
  const decoder =
    options.correlatedMatching === true
      ? CorrelatedMatchingDecoder.fromDem(flattenDem(analysis.dem))
      : new MatchingDecoder(buildMatchingGraphFromCompactDem(compact));
  return { demChunks: printCompactDemChunks(compact), decoder, provenanceOf, optimal: optimalDecoder(compact) };
}

/** The level's circuit: Stim's rotated surface-code memory experiment with the level's noise. */
export function levelCircuit(level: Level): Circuit {
  return generateRotatedSurfaceCode({
    basis: level.basis,
    distance: level.distance,
    rounds: level.rounds,
    noise: noiseProfile(level.noise, level.p),
  });
}

/**
 * The level circuit's Stim text, made anew on each read from the level alone: nothing in a build
 * or an episode reads it, and printing it cost ~10 ms of a d = 25, r = 13 build (keeping the
 * circuit for it would hold its instructions for the level's life).
 */
export function levelCircuitText(level: Level): string {
  return printCircuit(levelCircuit(level));
}

/**
 * Bounds on the optimal decoder inside an environment, where it runs on every step: a frontier
 * of at most 16 detectors (a 1 MiB table; distance-3 levels need at most 11, however many
 * rounds; distance 4 with 4 rounds needs 18 and half a second per syndrome, so it is refused),
 * and a small cache of recent syndromes (under a megabyte), since a server may hold many levels
 * at once and an uncached L2 syndrome costs under a millisecond anyway.
 */
export const OPTIMAL_DECODER_LIMITS = { maxFrontier: 16, cacheEntries: 4096 } as const;

function optimalDecoder(dem: CompactDem): Pick<LevelPhysics, 'decodeOptimal' | 'optimalUnavailable'> {
  const compiled = compileMaximumLikelihoodDecoderOfModel(dem, OPTIMAL_DECODER_LIMITS);
  if (!compiled.ok) return { decodeOptimal: () => null, optimalUnavailable: formatIssues(compiled.issues) };
  const decoder = compiled.value;
  return {
    optimalUnavailable: null,
    decodeOptimal(syndromeBits): MaximumLikelihoodPosterior | null {
      try {
        return decoder.decodeBits(syndromeBits);
      } catch (error) {
        // A syndrome the DEM cannot produce has no posterior; anything else is a bug.
        if (error instanceof ImpossibleSyndromeError) return null;
        throw error;
      }
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

/**
 * One-shot sampling, memoised for the last seed: an episode samples its shot at reset and again
 * at step (the spec is all the environment keeps), and policies decode the same bits the step
 * decodes. Shots are frozen, so the memo can hand out the same object safely.
 */
function shotSampler(sampler: FrameSampler, layout: CodeLayout): (seed: number) => ShotSample {
  const numDetectors = sampler.numDetectors;
  let columns: Int32Array | undefined;
  let last: { seed: number; shot: ShotSample } | undefined;
  return (seed) => {
    if (last?.seed === seed) return last.shot;
    const batch = sampler.sample(1, Xoshiro128.fromSeed(seed), { finalFrames: true });
    const syndromeBits = new Array<number>(numDetectors);
    for (let k = 0; k < numDetectors; k++) syndromeBits[k] = bit(batch.detectors, k);
    const x: number[] = [];
    const z: number[] = [];
    const frames = batch.finalFrames;
    if (frames !== undefined) {
      // The measured qubits are the same for every shot of a sampler: map them to LLM ids once.
      columns ??= dataColumns(frames.qubits, layout);
      for (let id = 0; id < columns.length; id++) {
        const k = columns[id] as number;
        if (k < 0) continue;
        if (bit(frames.x, k)) x.push(id);
        if (bit(frames.z, k)) z.push(id);
      }
    }
    const shot: ShotSample = Object.freeze({
      syndromeBits: Object.freeze(syndromeBits),
      observableFlip: bit(batch.observables, 0),
      trueFrame: freezeFrame({ x, z }),
    });
    last = { seed, shot };
    return shot;
  };
}

/**
 * The component frames decoderFrame reads (indexed like the model's errors, which the graph's
 * error indices count, as the provenance does), each mechanism's looked up and converted the
 * first time a decode matches it: a large level has hundreds of thousands of mechanisms and a
 * decode uses a handful. Built outside createLevelPhysics so that its closures keep only the
 * provenance lookup, not the whole analysis.
 */
function componentFramesOnDemand(
  provenanceOf: (errorIndex: number) => MechanismProvenance | undefined,
): (graph: MatchingGraph, result: DecodeResult) => readonly (readonly QubitFrame[])[] {
  const frames: (readonly QubitFrame[])[] = [];
  return (graph, result) => {
    const need = (edge: number) => {
      const errorIndex = graph.edges[edge]!.frameSource.errorIndex;
      frames[errorIndex] ??= provenanceOf(errorIndex)?.componentFrames ?? [];
    };
    for (const edge of result.alwaysFired) need(edge);
    for (const pair of result.matched) for (const edge of pair.edges) need(edge);
    return frames;
  };
}

const freezeFrame = (frame: DataFrame): DataFrame =>
  Object.freeze({ x: Object.freeze(frame.x), z: Object.freeze(frame.z) });

const bit = (row: Uint8Array, k: number): number => ((row[k >>> 3] ?? 0) >>> (k & 7)) & 1;

/** For each LLM id, the column of its data qubit among the frame's measured qubits (-1: none). */
function dataColumns(measured: readonly number[], layout: CodeLayout): Int32Array {
  const column = new Map(measured.map((qubit, k) => [qubit, k]));
  return Int32Array.from(layout.dataQubits, (qubit) => column.get(qubit) ?? -1);
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
