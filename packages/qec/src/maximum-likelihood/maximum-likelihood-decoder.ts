/**
 * Exact maximum-likelihood decoding of one logical observable of a detector error model:
 *
 *   P(observable flipped | syndrome) = Σ_{e : He = s, Le = 1} P(e) / Σ_{e : He = s} P(e),
 *
 * summed over every configuration e of the DEM's independent mechanisms — the optimal decoder
 * for the DEM (degenerate errors pooled by their effect on the observable), the ceiling any
 * decoder of these shots can reach. Computed by variable elimination along a sweep plan
 * (sweep-plan.ts): O(mechanisms · 2^(frontier + 1)) per syndrome, exact up to rounding since
 * every term is a non-negative product (no cancellation). The table is renormalised after each
 * projection, with the scale kept as a logarithm, so no probability underflows.
 *
 * The prediction is the MAP value of the observable: 1 when the posterior exceeds 1/2, and 0 on
 * an exact tie (the identity correction, as a decoder predicting "no flip" by default would).
 */
import { err, ok, type Issue, type Result } from '@verilab/core';
import { compactDemModel, compactMechanisms, type CompactDem } from '../dem/compact-dem.ts';
import type { DetectorErrorModel } from '../dem/dem.ts';
import { flattenDem, modelMechanisms, type FlatDem } from '../dem/flatten-dem.ts';
import { SyndromeCache } from './syndrome-cache.ts';
import { frontierLowerBound, mechanismFrontierLowerBound, OBSERVABLE_BIT, planSweep, type SweepPlan } from './sweep-plan.ts';

/** Largest frontier decoded by default: a table of 2^21 doubles (16 MiB) per decoder. */
export const DEFAULT_MAX_FRONTIER = 20;
/** The hard ceiling: table indices stay 32-bit integers (and the table under 2 GiB). */
export const MAX_FRONTIER_LIMIT = 27;
export const DEFAULT_CACHE_ENTRIES = 1 << 16;

export interface MaximumLikelihoodOptions {
  /** The observable decoded (default 0); every other observable is summed over. */
  readonly observable?: number;
  /** Refuse DEMs whose frontier is wider than this (default DEFAULT_MAX_FRONTIER, at most MAX_FRONTIER_LIMIT). */
  readonly maxFrontier?: number;
  /** Syndromes whose posterior is remembered, least recently used evicted first (0 disables). */
  readonly cacheEntries?: number;
}

export interface MaximumLikelihoodPosterior {
  /** P(observable flipped | syndrome) under the DEM. */
  readonly posteriorFlipProbability: number;
  /** The MAP prediction: 1 when the posterior exceeds 1/2, 0 otherwise (ties predict no flip). */
  readonly observableFlip: 0 | 1;
  /** ln P(syndrome) under the DEM. */
  readonly logSyndromeProbability: number;
}

/** Why a DEM was refused: the one issue `compileMaximumLikelihoodDecoder` reports. */
export interface FrontierTooWide extends Issue {
  readonly code: 'frontier-too-wide';
  /** The frontier reached when the planner gave up: just above the bound, a lower bound on the real width. */
  readonly frontierWidth: number;
  readonly maxFrontier: number;
}

export type MaximumLikelihoodCompileResult = Result<MaximumLikelihoodDecoder, FrontierTooWide>;

/** A syndrome the DEM cannot produce (probability 0): it has no posterior. */
export class ImpossibleSyndromeError extends Error {
  override name = 'ImpossibleSyndromeError';
}

/**
 * Plans the decoder, or explains why not: a DEM whose frontier exceeds `maxFrontier` is refused
 * as data (its table would take 2^(frontier + 4) bytes), never attempted.
 */
export function compileMaximumLikelihoodDecoder(
  dem: FlatDem,
  options: MaximumLikelihoodOptions = {},
): MaximumLikelihoodCompileResult {
  const { observable, maxFrontier } = checkedOptions(options);
  const plan = frontierLowerBound(dem) > maxFrontier ? undefined : planSweep(dem, observable, maxFrontier);
  if (plan === undefined || plan.frontierWidth > maxFrontier) return frontierTooWide(maxFrontier);
  return ok(new MaximumLikelihoodDecoder(plan, options.cacheEntries ?? DEFAULT_CACHE_ENTRIES));
}

/**
 * compileMaximumLikelihoodDecoder of flattenDem(dem), with the same verdict, but a model past
 * the frontier's lower bound is refused from its items: only a model that may fit is
 * flattened (a large level's flattened model would take tens of megabytes only to be refused).
 * A compact model (an error analysis's) is refused from its arrays.
 */
export function compileMaximumLikelihoodDecoderOfModel(
  dem: DetectorErrorModel | CompactDem,
  options: MaximumLikelihoodOptions = {},
): MaximumLikelihoodCompileResult {
  const { maxFrontier } = checkedOptions(options);
  const compact = 'targetCodes' in dem;
  // Fewer mechanisms open no more detectors across any cut, so a bound over a compact model's
  // first lines already refuses a large model: its first 1/256 (d = 25, r = 13: 669 lines, a
  // bound of 48; its first sixteenth, checked before, 255), else 1/16 of it, then all of it.
  if (compact) {
    const lines = dem.probabilities.length;
    for (let first = lines >>> 8; first > 0 && first < lines; first *= 16) {
      if (mechanismFrontierLowerBound(compactMechanisms(firstLines(dem, first))) > maxFrontier) return frontierTooWide(maxFrontier);
    }
  }
  if (mechanismFrontierLowerBound(compact ? compactMechanisms(dem) : modelMechanisms(dem)) > maxFrontier) return frontierTooWide(maxFrontier);
  return compileMaximumLikelihoodDecoder(flattenDem(compact ? compactDemModel(dem) : dem), options);
}

/**
 * The model's first `lines` error lines as a model of their own (views, no copy, no other
 * items): its detector count is read from those lines' targets alone, not from all of the
 * model's (714k at d = 25, r = 13). Detectors no line touches are open across no cut, so the
 * bound is the same as over the first lines of the whole model.
 */
function firstLines(dem: CompactDem, lines: number): CompactDem {
  const { probabilities, targetStarts, targetCodes } = dem;
  return {
    probabilities: probabilities.subarray(0, lines),
    targetStarts: targetStarts.subarray(0, lines + 1),
    targetCodes: targetCodes.subarray(0, targetStarts[lines]),
    otherItems: [],
  };
}

function checkedOptions(options: MaximumLikelihoodOptions): { observable: number; maxFrontier: number } {
  const observable = options.observable ?? 0;
  const maxFrontier = options.maxFrontier ?? DEFAULT_MAX_FRONTIER;
  if (!Number.isInteger(maxFrontier) || maxFrontier < 0 || maxFrontier > MAX_FRONTIER_LIMIT) {
    throw new RangeError(`maxFrontier must be an integer from 0 to ${MAX_FRONTIER_LIMIT}, got ${maxFrontier}`);
  }
  if (!Number.isInteger(observable) || observable < 0) throw new RangeError(`observable must be a non-negative integer, got ${observable}`);
  return { observable, maxFrontier };
}

function frontierTooWide(maxFrontier: number): MaximumLikelihoodCompileResult {
  const message =
    `exact maximum-likelihood decoding needs more than ${maxFrontier} detectors open at once ` +
    `(the bound; a table of over 2^${maxFrontier + 1} entries): this DEM is too large for it`;
  return err([{ code: 'frontier-too-wide', path: [], message, frontierWidth: maxFrontier + 1, maxFrontier }]);
}

export class MaximumLikelihoodDecoder {
  readonly plan: SweepPlan;
  readonly cache: SyndromeCache<MaximumLikelihoodPosterior>;
  private readonly table: Float64Array;
  private readonly fired: Uint8Array;

  constructor(plan: SweepPlan, cacheEntries = DEFAULT_CACHE_ENTRIES) {
    this.plan = plan;
    this.cache = new SyndromeCache(cacheEntries);
    this.table = new Float64Array(2 ** (plan.frontierWidth + 1));
    this.fired = new Uint8Array(plan.numDetectors);
  }

  /** Decodes a shot given as the detectors that fired (any order; one listed twice cancels). */
  decode(detectionEvents: readonly number[]): MaximumLikelihoodPosterior {
    const { numDetectors } = this.plan;
    const fired = this.fired;
    fired.fill(0);
    for (const d of detectionEvents) {
      if (!Number.isInteger(d) || d < 0 || d >= numDetectors) {
        throw new RangeError(`detection event ${d} is not a detector of this DEM (it has ${numDetectors}: D0..D${numDetectors - 1})`);
      }
      fired[d]! ^= 1;
    }
    let key = '';
    for (let d = 0; d < numDetectors; d++) if (fired[d]) key += `${d},`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const posterior = this.contract(fired);
    this.cache.set(key, posterior);
    return posterior;
  }

  /** Decodes a shot given as one 0/1 entry per detector. */
  decodeBits(syndromeBits: ArrayLike<number>): MaximumLikelihoodPosterior {
    if (syndromeBits.length !== this.plan.numDetectors) {
      throw new RangeError(`expected ${this.plan.numDetectors} syndrome bits, got ${syndromeBits.length}`);
    }
    const events: number[] = [];
    for (let d = 0; d < syndromeBits.length; d++) if (syndromeBits[d]) events.push(d);
    return this.decode(events);
  }

  private contract(fired: Uint8Array): MaximumLikelihoodPosterior {
    for (const d of this.plan.untouchedDetectors) {
      if (fired[d]) throw new ImpossibleSyndromeError(`detector D${d} fired, but no error mechanism of this DEM flips it`);
    }
    const t = this.table;
    t.fill(0);
    t[0] = 1;
    let logScale = 0;
    for (const step of this.plan.steps) {
      const span = step.span;
      if (step.kind === 'mechanism') {
        const { mask, probability: p, complement: q } = step;
        const top = highestBit(mask);
        for (let x = 0; x < span; x++) {
          if (x & top) continue;
          const y = x ^ mask;
          const a = t[x]!;
          const b = t[y]!;
          t[x] = a * q + b * p;
          t[y] = b * q + a * p;
        }
        continue;
      }
      // Close the detector: keep the entries matching its syndrome bit, at the bit's 0 side.
      const bit = step.bit;
      const keep = fired[step.detector] ? bit : 0;
      let total = 0;
      for (let x = 0; x < span; x++) {
        if (x & bit) continue;
        const v = t[x | keep]!;
        t[x] = v;
        t[x | bit] = 0;
        total += v;
      }
      if (total === 0) throw new ImpossibleSyndromeError(`this syndrome has probability 0 under the DEM (detector D${step.detector} cannot be explained)`);
      const inverse = 1 / total;
      for (let x = 0; x < span; x++) t[x]! *= inverse;
      logScale += Math.log(total);
    }
    const noFlip = t[0]!;
    const flip = t[OBSERVABLE_BIT]!;
    const total = noFlip + flip;
    const posteriorFlipProbability = flip / total;
    return Object.freeze({
      posteriorFlipProbability,
      observableFlip: flip > noFlip ? 1 : 0,
      logSyndromeProbability: logScale + Math.log(total),
    });
  }
}

const highestBit = (mask: number): number => 2 ** (31 - Math.clz32(mask));
