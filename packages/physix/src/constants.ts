/**
 * Every shaping constant of the PhysiX environment, in one place with its justification (spec
 * §12.7). Values marked [original] are read from PhysiX-Live's source (spec §6.1, §7.3); values
 * marked [decided] are ones the spec leaves open ("[inf]") or that fix a §12 weakness. Changing
 * any of them changes seeded episodes or scores, so it needs a format version bump
 * (EPISODE_FORMAT_VERSION).
 */

/** Bumped whenever a change below alters seeded trajectories, prompts or scores. */
export const EPISODE_FORMAT_VERSION = 1;

// ---- Episodes ----------------------------------------------------------------------------

/** [original] Turns per episode. */
export const DEFAULT_MAX_TURNS = 8;
/** [decided] Upper bound a caller may request, so a state stays small. */
export const MAX_TURNS_LIMIT = 64;
/**
 * [original] The episode converges once r_match reaches this. It is also the level at which the
 * mismatch summary says the trajectories "agree closely", so the feedback and `done` never
 * contradict each other.
 */
export const CONVERGENCE_THRESHOLD = 0.93;

// ---- Observed trajectories ---------------------------------------------------------------

/** [original] Samples per trajectory, on linspace(0, duration, 100) ([decided] grid). */
export const SAMPLE_COUNT = 100;
/**
 * [decided] Observation noise (spec §12.9): each variable gets independent zero-mean Gaussian
 * noise with σ = 1 % of that variable's standard deviation over the clean trajectory. Scaling to
 * the signal keeps every system equally hard to read; 1 % is the low end of the spec's 1–2 %
 * suggestion so the ground truth keeps R² ≈ 1 − 10⁻⁴, well clear of any threshold.
 */
export const NOISE_RELATIVE_SIGMA = 0.01;
/** [original] Observed values are rounded to 5 decimals (far below the noise for every system). */
export const OBSERVATION_DECIMALS = 5;
/** [decided] Default duration for systems whose original duration was not recovered. */
export const DEFAULT_DURATION = 10;

// ---- Reward (spec §6) ----------------------------------------------------------------------

/**
 * [original] Simplicity earns nothing unless r_match reaches this gate, so `d2y/dt2 = 0`
 * cannot farm the simplicity weight.
 */
export const MATCH_GATE = 0.1;
/**
 * [original] The anti-hack `correctness` cliff. Deliberately below CONVERGENCE_THRESHOLD: it
 * marks "the right family of equations" (the original's plateau breaker), while convergence
 * marks "done".
 */
export const CORRECTNESS_THRESHOLD = 0.7;
/**
 * [original 12, decided per equation] simplicity = 1 − operators / (12 × equations), clipped to
 * [0, 1]. The original normalised a single equation by 12; the largest one-equation ground truth
 * here has 6 operators, so truth keeps simplicity ≥ 0.5. Scaling by the number of equations the
 * agent writes keeps the two-equation tier-3 truths (15 operators) at the same footing instead
 * of scoring 0. Numbers and named parameters both cost nothing, so naming a constant is never
 * penalised against inlining it.
 */
export const SIMPLICITY_OPERATORS_PER_EQUATION = 12;

/** [original] `v1`: the README's weighted sum. */
export const V1_WEIGHTS = { match: 0.5, progress: 0.2, simplicity: 0.2, format: 0.1 } as const;
/**
 * [original terms, decided scale] `anti-hack`: the five TRL reward functions, which the
 * original summed with equal weights; we report their mean so both profiles' totals lie in
 * [0, 1] (multiply by 5 for the TRL sum).
 */
export const ANTI_HACK_WEIGHTS = {
  match: 0.2,
  match_dense: 0.2,
  correctness: 0.2,
  simplicity: 0.2,
  format: 0.2,
} as const;

// ---- Prompt (spec §7.3) --------------------------------------------------------------------

/**
 * [decided, original 12] Trajectory rows shown in the prompt. The original showed 12 of 100
 * (spec §12.8); 20 evenly spaced rows give at least 6 rows per period for every system's
 * fastest oscillation (charged particle, 3 periods in its duration) at about 250 tokens.
 */
export const PROMPT_TRAJECTORY_ROWS = 20;
/** [original] HISTORY shows at most the last 5 turns. */
export const PROMPT_HISTORY_CAP = 5;

// ---- Metrics ---------------------------------------------------------------------------------

/**
 * [decided] The mismatch summary compares early, middle and late windows, each a third of the
 * samples (the original's late-window size was not recovered).
 */
export const SUMMARY_WINDOWS = 3;

// ---- Parameter fitting (spec §12.2, §12.3) ---------------------------------------------------

/**
 * [decided] With `fit: true`, parameters are fitted on the first 75 % of the samples and the
 * score is computed on all of them, so the last quarter is held-out extrapolation: a wrong
 * structure with tuned constants fits the window but drifts after it.
 */
export const FIT_WINDOW_FRACTION = 0.75;
/**
 * [decided] Box for each fitted parameter: p0 ± 10·max(|p0|, 1). It only keeps the search away
 * from runaway values; it allows sign changes of small constants.
 */
export const FIT_BOUND_SCALE = 10;
/** [decided] Levenberg–Marquardt iteration cap (each costs one integration per parameter + 1). */
export const FIT_MAX_ITERATIONS = 30;
/** [decided] At most this many parameters are fitted; more is a modelling, not a fitting, task. */
export const FIT_MAX_PARAMETERS = 8;
