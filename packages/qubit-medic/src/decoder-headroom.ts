import {
  analyzeErrors,
  bytesPerShot,
  compileFrameSampler,
  compileMaximumLikelihoodDecoder,
  flattenDem,
  MatchingDecoder,
  MAX_BATCH_SHOTS,
} from '@verilab/qec';
import { formatIssues, newcombePaired, wilsonInterval, Xoshiro128, type Interval } from '@verilab/core';
import type { Level } from './levels.ts';
import { levelCircuit } from './physics-adapter.ts';

/**
 * How much better than matching any decoder of a level can do: the optimal (exact
 * maximum-likelihood) decoder and the matching decoder on the same circuit shots, paired. The
 * optimal decoder's logical error rate is the ceiling an LLM decoder can reach on the level;
 * the shots where matching is wrong bound how often beating it is possible at all, and those
 * where the two disagree are where the difference is made.
 */
export interface DecoderHeadroom {
  readonly level: string;
  readonly shots: number;
  readonly seed: number;
  readonly matching: ErrorRate;
  readonly optimal: ErrorRate;
  /** Optimal's logical error rate minus matching's, over the same shots. */
  readonly optimalMinusMatching: {
    readonly difference: number;
    /** Standard error of the paired difference, from the discordant shots. */
    readonly sigma: number;
    /** Newcombe's paired 95 % interval. */
    readonly ci95: Interval;
  };
  /** Shots where matching predicts the observable wrongly: the most an answer can gain on. */
  readonly matchingWrongFraction: number;
  /** Shots where the two decoders predict differently (one observable: exactly one of them is wrong). */
  readonly disagreementFraction: number;
  /** The discordant shots: only matching wrong, only optimal wrong. */
  readonly onlyMatchingWrong: number;
  readonly onlyOptimalWrong: number;
  /** Distinct syndromes the optimal decoder contracted (cache misses). */
  readonly optimalContractions: number;
}

export interface ErrorRate {
  readonly errors: number;
  readonly logicalErrorRate: number;
  readonly ci95: Interval;
}

export interface HeadroomOptions {
  /** Syndromes the optimal decoder remembers (default 2^18: most repeated syndromes at L1/L2 fit). */
  readonly cacheEntries?: number;
  /** Called after each batch with the shots done so far. */
  readonly onProgress?: (shotsDone: number) => void;
}

/**
 * Samples `shots` shots of the level's circuit (the frame sampler the environment uses, seeded
 * with `seed`) and decodes each with both decoders. Throws when the level is too large for the
 * optimal decoder, with the planner's message.
 */
export function measureDecoderHeadroom(level: Level, shots: number, seed: number, options: HeadroomOptions = {}): DecoderHeadroom {
  const circuit = levelCircuit(level);
  const flat = flattenDem(analyzeErrors(circuit, { decomposeErrors: true }).dem);
  const compiled = compileMaximumLikelihoodDecoder(flat, { cacheEntries: options.cacheEntries ?? 1 << 18 });
  if (!compiled.ok) throw new RangeError(`level ${level.name}: ${formatIssues(compiled.issues)}`);
  const optimal = compiled.value;
  const matching = MatchingDecoder.fromDem(flat);
  const sampler = compileFrameSampler(circuit);
  const rng = Xoshiro128.fromSeed(seed);
  const rowBytes = bytesPerShot(sampler.numDetectors);
  const obsBytes = bytesPerShot(sampler.numObservables);
  const events: number[] = [];
  let matchingErrors = 0;
  let optimalErrors = 0;
  let onlyMatching = 0;
  let onlyOptimal = 0;
  for (let done = 0; done < shots; ) {
    const batchShots = Math.min(MAX_BATCH_SHOTS, shots - done);
    const batch = sampler.sample(batchShots, rng);
    const predictions = matching.decodeBatch(batch.detectors, batchShots, rowBytes);
    for (let shot = 0; shot < batchShots; shot++) {
      events.length = 0;
      for (let byte = 0; byte < rowBytes; byte++) {
        let bits = batch.detectors[shot * rowBytes + byte]!;
        while (bits !== 0) {
          const low = bits & -bits;
          events.push(byte * 8 + 31 - Math.clz32(low));
          bits ^= low;
        }
      }
      const actual = batch.observables[shot * obsBytes]! & 1;
      const byMatching = predictions[shot * obsBytes]! & 1;
      const byOptimal = optimal.decode(events).observableFlip;
      const matchingWrong = byMatching !== actual;
      const optimalWrong = byOptimal !== actual;
      if (matchingWrong) matchingErrors++;
      if (optimalWrong) optimalErrors++;
      if (matchingWrong && !optimalWrong) onlyMatching++;
      if (optimalWrong && !matchingWrong) onlyOptimal++;
    }
    done += batchShots;
    options.onProgress?.(done);
  }
  const bothWrong = optimalErrors - onlyOptimal;
  const paired = newcombePaired(bothWrong, onlyOptimal, onlyMatching, shots - bothWrong - onlyOptimal - onlyMatching);
  const discordant = onlyMatching + onlyOptimal;
  return {
    level: level.name,
    shots,
    seed,
    matching: errorRate(matchingErrors, shots),
    optimal: errorRate(optimalErrors, shots),
    optimalMinusMatching: {
      difference: paired.difference,
      sigma: Math.sqrt(discordant - (onlyOptimal - onlyMatching) ** 2 / shots) / shots,
      ci95: paired.ci95,
    },
    matchingWrongFraction: matchingErrors / shots,
    disagreementFraction: discordant / shots,
    onlyMatchingWrong: onlyMatching,
    onlyOptimalWrong: onlyOptimal,
    optimalContractions: optimal.cache.stats.misses,
  };
}

const errorRate = (errors: number, shots: number): ErrorRate => ({
  errors,
  logicalErrorRate: errors / shots,
  ci95: wilsonInterval(errors, shots),
});
