import type { EquationSystem } from './equation/ast.ts';
import { formatEquationIssues, parameterIssue, type EquationIssue } from './equation/issues.ts';
import { parseEquationSystem, type StateLayout } from './equation/parse-equations.ts';
import { printEquations } from './equation/print.ts';
import { HELD_OUT_SKIP_ERROR, HELD_OUT_TOLERANCES, NOISE_BAND } from './constants.ts';
import { fitParameters, type FitReport } from './fit/fit-parameters.ts';
import { heldOutAllowance, type HeldOutAllowance } from './fit/truth-uncertainty.ts';
import { contentFreeError } from './reward/content-free.ts';
import { scoringReference, type HeldOutExperiment } from './held-out/held-out.ts';
import { summarizeMismatch } from './metrics/mismatch.ts';
import { excessError, excessErrorOfSums, worstError, type ScoredErrors } from './metrics/noise-scaled-error.ts';
import { matchScoresOfResiduals, type MatchScores } from './metrics/r-squared.ts';
import { measureResiduals, type ResidualSummary } from './metrics/residuals.ts';
import { scoringSigma } from './metrics/noise-unit.ts';
import { standardDeviation } from '@verilab/core';
import { canonicalComplexity, complexityBudget } from './reward/complexity.ts';
import {
  computeReward,
  DEFAULT_REWARD_PROFILE,
  type RewardBreakdown,
  type RewardEvidence,
  type RewardInput,
  type RewardProfile,
} from './reward/reward.ts';
import type { IntegrationStats } from './simulate/integration.ts';
import { prepareSimulation, type Simulation, type SimulationFailure } from './simulate/hypothesis.ts';
import type { SystemInstance } from './systems/instance.ts';

/**
 * What a hypothesis is checked against: observed data and the true starting state, plus what
 * only the server knows — held-out experiments.
 */
export interface VerifyTarget extends StateLayout {
  readonly times: ArrayLike<number>;
  /** Observed (noisy) columns in state order. */
  readonly observed: readonly ArrayLike<number>[];
  /** The true initial state, in state order. */
  readonly initial: ArrayLike<number>;
  /**
   * The unit of the default score per state variable, in state order: the noise σ as the
   * observed data give it (metrics/noise-unit.ts), not the hidden true σ, which the reward
   * would otherwise give back.
   */
  readonly sigma: ArrayLike<number>;
  /** Experiments the agent never sees, scored against their own noisy samples. */
  readonly heldOut: readonly HeldOutExperiment[];
  /**
   * Per held-out experiment and variable, σ² beyond the noise band that a truth with estimated
   * constants may reach there (fit/truth-uncertainty.ts); none when absent.
   */
  readonly heldOutAllowance?: HeldOutAllowance;
  /** The default reward's format reference (reward/content-free.ts); full format when absent. */
  readonly contentFreeError?: number;
}

export function targetOf(instance: SystemInstance): VerifyTarget {
  const { system } = instance;
  const reference = scoringReference(instance);
  return {
    stateVariables: system.stateVariables,
    velocityOf: system.velocityOf,
    times: instance.times,
    observed: instance.observed,
    initial: system.stateVariables.map((name) => instance.initialConditions[name]!),
    sigma: scoringSigma(instance.observed),
    heldOut: reference.heldOut,
    heldOutAllowance: heldOutAllowance(instance),
    contentFreeError: contentFreeError(instance),
  };
}

/** The scored part of an action. `params` is untrusted JSON and is validated here. */
export interface HypothesisAction {
  readonly equation: string;
  readonly params?: unknown;
}

export interface VerifyOptions {
  /** Fit the declared parameters before scoring (docs/original-physix.md#w2). */
  readonly fit?: boolean;
  /** The profile whose r_match drives the mismatch summary (default anti-hack). */
  readonly profile?: RewardProfile;
  /** Previous turn's r_match per profile, for `progress`. */
  readonly previousMatch?: Partial<Readonly<Record<RewardProfile, number>>>;
}

/** The verifier's verdict as plain JSON data (episode/wire.ts gives it the original's wire names). */
export interface VerificationReport {
  /** Parsed and simulated to the end without NaN, overflow or budget exhaustion. */
  readonly accepted: boolean;
  /** The equations in canonical form, if they parsed. */
  readonly equation: string | null;
  readonly issues: readonly EquationIssue[];
  readonly failure: SimulationFailure | null;
  readonly operatorCount: number;
  /** Operators of the first-order system however written: what default simplicity counts. */
  readonly complexity: number;
  /** Parameter values used for scoring: fitted ones when fitting ran. */
  readonly parameters: Readonly<Record<string, number>>;
  readonly fit: FitReport | null;
  /** Why fitting was requested but not done. */
  readonly fitSkipped: string | null;
  /** The errors behind the default r_match; null if the shown simulation did not complete. */
  readonly noiseErrors: ScoredErrors | null;
  /** Unclipped R² per state variable. */
  readonly r2: Readonly<Record<string, number>> | null;
  readonly meanR2: number | null;
  readonly minR2: number | null;
  /** r_match of the chosen profile. */
  readonly match: number;
  readonly residuals: Readonly<Record<string, ResidualSummary>> | null;
  readonly mismatchSummary: string;
  readonly rewards: Readonly<Record<RewardProfile, RewardBreakdown>>;
  readonly integration: IntegrationStats | null;
}

export interface Verification {
  readonly report: VerificationReport;
  /** Predicted columns in state order (for plotting), if the simulation completed. */
  readonly predicted: readonly Float64Array[] | null;
}

/** Parse → (fit) → simulate → score: the whole verifier, pure and deterministic. */
export function verify(
  target: VerifyTarget,
  action: HypothesisAction,
  options: VerifyOptions = {},
): Verification {
  const profile = options.profile ?? DEFAULT_REWARD_PROFILE;
  const params = readParams(action.params);
  if (!params.ok) {
    return failed(options, {
      issues: params.issues,
      summary: `The parameters were rejected. ${formatEquationIssues(params.issues)}`,
    });
  }
  // The action is untrusted JSON: a non-string equation is an empty one.
  const text = typeof action.equation === 'string' ? action.equation : '';
  const parsed = parseEquationSystem(text, target, params.values.keys());
  if (!parsed.ok) {
    return failed(options, {
      issues: parsed.issues,
      summary: `The equation was rejected. ${formatEquationIssues(parsed.issues)}`,
    });
  }
  const system = parsed.value;
  const { equation, complexity } = describeSystem(system);
  const used = new Map<string, number>();
  for (const name of system.parametersUsed) used.set(name, params.values.get(name)!);
  let parameters: ReadonlyMap<string, number> = used;
  let fit: FitReport | null = null;
  let fitSkipped: string | null = null;
  if (options.fit === true) {
    const outcome = fitParameters({
      system,
      stateVariables: target.stateVariables,
      text,
      parameters: used,
      initial: target.initial,
      times: target.times,
      observed: target.observed,
      sigma: target.sigma,
    });
    if (outcome.ok) {
      parameters = outcome.parameters;
      fit = outcome.report;
    } else fitSkipped = outcome.reason;
  }
  const simulation = prepareSimulation({
    system,
    stateVariables: target.stateVariables,
    parameters,
    text,
  });
  const simulated = simulation.run(target.initial, target.times);
  const common = { equation, system, complexity, stateLayout: target, parameters, fit, fitSkipped };
  if (!simulated.ok) {
    return failed(options, {
      ...common,
      failure: simulated.failure,
      integration: simulated.stats,
      summary: `The simulation failed: ${simulated.failure.message}`,
    });
  }
  // One pass over each variable's residuals gives its summary, R²'s SS_res and the
  // noise-scaled error's sum.
  const spreads: number[] = [];
  const summaries: ResidualSummary[] = [];
  const residuals: Record<string, ResidualSummary> = {};
  const squares: number[] = [];
  const scaledSquares: number[] = [];
  for (let j = 0; j < target.stateVariables.length; j++) {
    const observed = target.observed[j]!;
    const spread = spreadOf(observed);
    const measures = measureResiduals(target.times, observed, simulated.columns[j]!, spread, target.sigma[j]!);
    spreads.push(spread);
    summaries.push(measures.summary);
    residuals[target.stateVariables[j]!] = measures.summary;
    squares.push(measures.squares);
    scaledSquares.push(measures.scaledSquares);
  }
  const scores = matchScoresOfResiduals(target.stateVariables, target.observed, squares);
  const shownError = excessErrorOfSums(scaledSquares, target.times.length);
  const errors = noiseScaledErrors(target, simulation, shownError);
  const evidence: RewardEvidence = {
    scores,
    noiseError: worstError(errors),
    contentFreeError: target.contentFreeError,
  };
  const rewards = rewardsFor(options, { system, complexity, stateLayout: target, evidence });
  const rMatch = rewards[profile].match;
  const summary =
    (profile === 'anti-hack' ? heldOutFeedback(errors, evidence.noiseError) : undefined) ??
    summarizeMismatch({
      stateVariables: target.stateVariables,
      times: target.times,
      observed: target.observed,
      predicted: simulated.columns,
      rMatch,
      spreads,
      residuals: summaries,
    });
  return {
    report: reportOf(
      options,
      // Written out, not spread from `common`: this is every accepted verification's path.
      {
        equation,
        system,
        complexity,
        parameters,
        fit,
        fitSkipped,
        rewards,
        integration: simulated.stats,
        summary,
      },
      { errors, scores, rMatch, residuals },
    ),
    predicted: simulated.columns,
  };
}

/**
 * The shown data's excess error (`shown`), then each held-out experiment simulated with the same
 * parameters (fitted ones when fitting ran: they were fitted to the shown data only). Stops at
 * the first held-out failure, and once the error so far is beyond HELD_OUT_SKIP_ERROR.
 */
function noiseScaledErrors(target: VerifyTarget, simulation: Simulation, shown: number): ScoredErrors {
  const heldOut: (number | null)[] = target.heldOut.map(() => null);
  let worst = shown;
  for (let index = 0; index < target.heldOut.length; index++) {
    if (worst > HELD_OUT_SKIP_ERROR) break;
    const experiment = target.heldOut[index]!;
    const size = experiment.times.length * target.stateVariables.length;
    if (heldOutScratch.length < size) heldOutScratch = new Float64Array(size);
    const simulated = simulation.run(
      experiment.initial,
      experiment.times,
      HELD_OUT_TOLERANCES,
      heldOutScratch,
    );
    if (!simulated.ok) {
      return {
        shown,
        heldOut,
        heldOutFailure: `held-out experiment ${index + 1}: ${simulated.failure.cause}`,
      };
    }
    const error = excessError(experiment.observed, simulated.columns, experiment.sigma, target.heldOutAllowance?.[index]);
    heldOut[index] = error;
    worst = Math.max(worst, error);
  }
  return { shown, heldOut, heldOutFailure: null };
}

/**
 * Where held-out predictions are written: they are reduced to one error each and dropped, so
 * one buffer serves every verification (verify is synchronous and never re-entered).
 */
let heldOutScratch = new Float64Array(0);

/**
 * When the shown data is matched to within the noise but a held-out experiment is not, the
 * residuals of the shown data say nothing useful: say what failed instead, without revealing
 * the experiments' starting conditions. `worst` is `worstError(errors)`, already computed for the reward.
 */
function heldOutFeedback(errors: ScoredErrors, worst: number): string | undefined {
  if (errors.shown > NOISE_BAND) return undefined;
  const lead = 'The prediction matches the shown data to within the noise, but';
  if (errors.heldOutFailure !== null)
    return `${lead} it cannot be simulated from other starting conditions (${errors.heldOutFailure}).`;
  if (worst <= NOISE_BAND) return undefined;
  const error = worst >= HELD_OUT_SKIP_ERROR ? `at least ${HELD_OUT_SKIP_ERROR}` : worst.toPrecision(3);
  return `${lead} not held-out experiments from other starting conditions and longer times (worst mean squared error ${error} σ², within the noise is ≤ ${NOISE_BAND}): the law or its constants do not carry over.`;
}

interface ReportParts {
  readonly issues?: readonly EquationIssue[];
  readonly equation?: string;
  readonly system?: EquationSystem;
  /** `canonicalComplexity(system)`, counted once per verification. */
  readonly complexity?: number;
  readonly stateLayout?: StateLayout;
  readonly parameters?: ReadonlyMap<string, number>;
  readonly fit?: FitReport | null;
  readonly fitSkipped?: string | null;
  readonly failure?: SimulationFailure;
  readonly evidence?: RewardEvidence;
  readonly rewards?: Readonly<Record<RewardProfile, RewardBreakdown>>;
  readonly integration?: IntegrationStats;
  readonly summary: string;
}

/** What only a completed simulation reports. */
interface Scored {
  readonly errors: ScoredErrors;
  readonly scores: MatchScores;
  readonly rMatch: number;
  readonly residuals: Readonly<Record<string, ResidualSummary>>;
}

function failed(options: VerifyOptions, parts: ReportParts): Verification {
  return { report: reportOf(options, parts, null), predicted: null };
}

function rewardsFor(
  options: VerifyOptions,
  parts: Pick<ReportParts, 'system' | 'complexity' | 'stateLayout' | 'evidence'>,
): Record<RewardProfile, RewardBreakdown> {
  const { system, stateLayout } = parts;
  const input = (profile: RewardProfile): RewardInput => ({
    evidence: parts.evidence ?? null,
    operatorCount: system?.operatorCount ?? 0,
    equationCount: system?.equations.length ?? 0,
    complexity: parts.complexity ?? 0,
    complexityBudget: stateLayout === undefined ? 1 : complexityBudget(stateLayout),
    previousMatch: options.previousMatch?.[profile] ?? 0,
  });
  // One entry per REWARD_PROFILES, in its order.
  return { v1: computeReward('v1', input('v1')), 'anti-hack': computeReward('anti-hack', input('anti-hack')) };
}

/**
 * What a verification reports about a parsed system's text alone, kept per parse (parses are
 * cached per text, so a repeated action finds it): the canonical form and its complexity.
 */
const DESCRIPTIONS = new WeakMap<EquationSystem, { equation: string; complexity: number }>();

function describeSystem(system: EquationSystem): { equation: string; complexity: number } {
  let description = DESCRIPTIONS.get(system);
  if (description === undefined) {
    description = { equation: printEquations(system.equations), complexity: canonicalComplexity(system) };
    DESCRIPTIONS.set(system, description);
  }
  return description;
}

/** The spread of an observed column, the residuals' unit: kept per column (a target's are fixed). */
const SPREADS = new WeakMap<ArrayLike<number>, number>();

function spreadOf(column: ArrayLike<number>): number {
  let spread = SPREADS.get(column);
  if (spread === undefined) {
    spread = standardDeviation(column);
    SPREADS.set(column, spread);
  }
  return spread;
}

/** The report as one object literal (a spread and then more fields would build it slowly). */
function reportOf(
  options: VerifyOptions,
  parts: ReportParts,
  scored: Scored | null,
): VerificationReport {
  return {
    equation: parts.equation ?? null,
    issues: parts.issues ?? [],
    failure: parts.failure ?? null,
    operatorCount: parts.system?.operatorCount ?? 0,
    complexity: parts.complexity ?? 0,
    parameters: parameterRecord(parts.parameters),
    fit: parts.fit ?? null,
    fitSkipped: parts.fitSkipped ?? null,
    mismatchSummary: parts.summary,
    rewards: parts.rewards ?? rewardsFor(options, parts),
    integration: parts.integration ?? null,
    accepted: scored !== null,
    noiseErrors: scored?.errors ?? null,
    r2: scored?.scores.r2 ?? null,
    meanR2: scored?.scores.mean ?? null,
    minR2: scored?.scores.min ?? null,
    match: scored?.rMatch ?? 0,
    residuals: scored?.residuals ?? null,
  };
}

/**
 * The parameter values as a plain record in the map's order, as Object.fromEntries makes it
 * but in a fifth of the time (every report has one). `__proto__` is a valid parameter name: it
 * is defined as an own key, as Object.fromEntries does, not assigned (which sets the prototype).
 */
function parameterRecord(parameters: ReadonlyMap<string, number> | undefined): Record<string, number> {
  const record: Record<string, number> = {};
  if (parameters === undefined) return record;
  for (const [name, value] of parameters) {
    if (name === '__proto__') Object.defineProperty(record, name, { value, enumerable: true, writable: true, configurable: true });
    else record[name] = value;
  }
  return record;
}

/** `params` must be a JSON object of finite numbers; names are checked by the parser. */
function readParams(
  params: unknown,
):
  | { ok: true; values: ReadonlyMap<string, number> }
  | { ok: false; issues: readonly EquationIssue[] } {
  if (params === undefined || params === null) return { ok: true, values: new Map() };
  if (typeof params !== 'object' || Array.isArray(params)) {
    return {
      ok: false,
      issues: [parameterIssue(undefined, 'params must be a JSON object mapping names to numbers')],
    };
  }
  const values = new Map<string, number>();
  const issues: EquationIssue[] = [];
  // On the plain objects JSON gives, for-in over own keys visits what Object.entries would, in
  // its order, without building the entries: every verification reads its parameters here.
  for (const name in params) {
    if (!Object.hasOwn(params, name)) continue;
    const value: unknown = (params as Record<string, unknown>)[name];
    if (typeof value === 'number' && Number.isFinite(value)) values.set(name, value);
    else issues.push(parameterIssue(name, `must be a finite number, got ${describeValue(value)}`));
  }
  return issues.length === 0 ? { ok: true, values } : { ok: false, issues: issues.slice(0, 5) };
}

function describeValue(value: unknown): string {
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 20 ? `${value.slice(0, 17)}...` : value)}`;
  if (typeof value === 'number') return String(value);
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}
