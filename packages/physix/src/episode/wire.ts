import type { FitReport } from '../fit/fit-parameters.ts';
import type { ScoredErrors } from '../metrics/noise-scaled-error.ts';
import type { ResidualSummary } from '../metrics/residuals.ts';
import type { NoiseModel } from '../systems/instance.ts';
import type { VerificationReport } from '../verify.ts';
import type { EpisodeState, HistoryEntry, PhysixObservation } from './types.ts';

/**
 * The one mapping between the episode's domain types and the original PhysiX-Live's wire
 * models (docs/original-physix.md#models): snake_case names, keys in the original's order, the
 * turn's score spelled the original's ways (`r_match`, `reward_total`, `reward_components` in a
 * history entry; `reward_breakdown` in an observation) where the domain keeps one
 * RewardBreakdown, and the reward paid for it (`reward_paid` in a history entry; OpenEnv's
 * `reward` in an observation); and the verifier's report, fit and residuals with the original's
 * metric names.
 * The reward breakdown's components (`match_dense`, …) are the rewards' own names in both. The
 * server sends and seals these shapes; the browser, which runs the same
 * episode machine when no server hosts PhysiX, shows them; so the mapping lives here, beside
 * the domain, rather than in either.
 */

/** Each wire shape is what its mapping function builds: the function is the definition. */
export type WireNoiseModel = ReturnType<typeof wireNoiseModel>;
export type WireFitReport = ReturnType<typeof wireFitReport>;
export type WireResidualSummary = ReturnType<typeof wireResidualSummary>;
export type WireNoiseScaledErrors = ReturnType<typeof wireNoiseErrors>;
/** The verifier's report as the interactive API and `verilab physix verify` send it. */
export type WireVerificationReport = ReturnType<typeof wireVerificationReport>;
export type WireHistoryEntry = ReturnType<typeof wireHistoryEntry>;
/** The episode state as an HTTP token seals it (tokens minted before this mapping still open). */
export type WireEpisodeState = ReturnType<typeof wireEpisodeState>;
/** PhysiXObservation's own fields, in its order: no seed (it would give the parameters away), done or reward. */
export type WireObservationFields = ReturnType<typeof wireObservationFields>;
/** The observation as the interactive API sends it: OpenEnv's base fields, then its own. */
export type PhysixWireObservation = ReturnType<typeof wireObservation>;

export function wireNoiseModel(noise: NoiseModel) {
  return { model: noise.model, relative_sigma: noise.relativeSigma, sigma: noise.sigma, decimals: noise.decimals };
}

function noiseModelFromWire(noise: WireNoiseModel): NoiseModel {
  return { model: noise.model, relativeSigma: noise.relative_sigma, sigma: noise.sigma, decimals: noise.decimals };
}

function wireFitReport(fit: FitReport) {
  return {
    parameters: fit.parameters,
    initial: fit.initial,
    window: fit.window,
    cost_before: fit.costBefore,
    cost_after: fit.costAfter,
    iterations: fit.iterations,
    simulations: fit.simulations,
    converged: fit.converged,
  };
}

function wireResidualSummary(summary: ResidualSummary) {
  return { max_abs: summary.maxAbs, t_of_max: summary.tOfMax, windows: summary.windows, relative_rms: summary.relativeRms };
}

function wireNoiseErrors(errors: ScoredErrors) {
  return { shown: errors.shown, held_out: errors.heldOut, held_out_failure: errors.heldOutFailure };
}

export function wireVerificationReport(report: VerificationReport) {
  return {
    equation: report.equation,
    issues: report.issues,
    failure: report.failure,
    operator_count: report.operatorCount,
    complexity: report.complexity,
    parameters: report.parameters,
    fit: report.fit === null ? null : wireFitReport(report.fit),
    fit_skipped: report.fitSkipped,
    mismatch_summary: report.mismatchSummary,
    rewards: report.rewards,
    integration: report.integration,
    accepted: report.accepted,
    noise_errors: report.noiseErrors === null ? null : wireNoiseErrors(report.noiseErrors),
    r2: report.r2,
    mean_r2: report.meanR2,
    min_r2: report.minR2,
    r_match: report.match,
    residuals:
      report.residuals === null
        ? null
        : Object.fromEntries(Object.entries(report.residuals).map(([name, summary]) => [name, wireResidualSummary(summary)])),
  };
}

export function wireHistoryEntry(entry: HistoryEntry) {
  return {
    turn: entry.turn,
    equation: entry.equation,
    params: entry.params,
    fitted_params: entry.fittedParams,
    rationale: entry.rationale,
    accepted: entry.accepted,
    r_match: entry.score.match,
    reward_total: entry.score.total,
    reward_paid: entry.paid,
    reward_components: entry.score,
    mismatch_summary: entry.mismatchSummary,
  };
}

/** A wire entry's score is its breakdown (`r_match` and `reward_total` are copies of its match and total). */
export function historyEntryFromWire(entry: WireHistoryEntry): HistoryEntry {
  return {
    turn: entry.turn,
    equation: entry.equation,
    params: entry.params,
    fittedParams: entry.fitted_params,
    rationale: entry.rationale,
    accepted: entry.accepted,
    score: entry.reward_components,
    paid: entry.reward_paid,
    mismatchSummary: entry.mismatch_summary,
  };
}

export function wireEpisodeState(state: EpisodeState) {
  return {
    format_version: state.formatVersion,
    system_id: state.systemId,
    seed: state.seed,
    max_turns: state.maxTurns,
    reward_profile: state.rewardProfile,
    fit: state.fit,
    history: state.history.map(wireHistoryEntry),
  };
}

export function episodeStateFromWire(state: WireEpisodeState): EpisodeState {
  return {
    formatVersion: state.format_version,
    systemId: state.system_id,
    seed: state.seed,
    maxTurns: state.max_turns,
    rewardProfile: state.reward_profile,
    fit: state.fit,
    history: state.history.map(historyEntryFromWire),
  };
}

export function wireObservationFields(observation: PhysixObservation) {
  return {
    system_id: observation.systemId,
    tier: observation.tier,
    state_variables: observation.stateVariables,
    hint: observation.hint,
    trajectory: observation.trajectory,
    stats: observation.stats,
    noise: wireNoiseModel(observation.noise),
    history: observation.history.map(wireHistoryEntry),
    mismatch_summary: observation.mismatchSummary,
    turn: observation.turn,
    turn_remaining: observation.turnsRemaining,
    max_turns: observation.maxTurns,
    reward_profile: observation.rewardProfile,
    fit: observation.fit,
    reward_breakdown: observation.score,
    converged: observation.converged,
  };
}

/** The original's `PhysiXObservation` as pydantic dumps it: base fields first, then its own. */
export function wireObservation(observation: PhysixObservation) {
  return { done: observation.done, reward: observation.reward, metadata: {}, ...wireObservationFields(observation) };
}

/** A received observation in domain terms, for the prompt a model would see (the wire has no seed). */
export function observationFromWire(observation: PhysixWireObservation, seed: number): PhysixObservation {
  return {
    systemId: observation.system_id,
    tier: observation.tier,
    seed,
    stateVariables: observation.state_variables,
    hint: observation.hint,
    trajectory: observation.trajectory,
    stats: observation.stats,
    noise: noiseModelFromWire(observation.noise),
    history: observation.history.map(historyEntryFromWire),
    mismatchSummary: observation.mismatch_summary,
    turn: observation.turn,
    turnsRemaining: observation.turn_remaining,
    maxTurns: observation.max_turns,
    rewardProfile: observation.reward_profile,
    fit: observation.fit,
    score: observation.reward_breakdown,
    reward: observation.reward,
    converged: observation.converged,
    done: observation.done,
  };
}
