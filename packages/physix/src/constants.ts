/**
 * Every shaping constant of the PhysiX environment, in one place with its justification
 * (docs/original-physix.md#w7). Values marked [original] are read from PhysiX-Live's source
 * (docs/original-physix.md#reward-constants, #prompt); values marked [decided] are ones that
 * document marks as not seen or inferred, or that fix one of its weaknesses. Changing
 * any of them changes seeded episodes or scores, so it needs a format version bump
 * (EPISODE_FORMAT_VERSION).
 */

/** Bumped whenever a change below alters seeded trajectories, prompts or scores. */
export const EPISODE_FORMAT_VERSION = 6;

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
 * [decided] Observation noise (docs/original-physix.md#w9): each variable gets independent zero-mean Gaussian
 * noise with σ = 1 % of that variable's standard deviation over the clean trajectory. Scaling to
 * the signal keeps every system equally hard to read; 1 % is the low end of the 1–2 %
 * suggested in docs/original-physix.md#w9 so the ground truth keeps R² ≈ 1 − 10⁻⁴, well clear of any threshold.
 */
export const NOISE_RELATIVE_SIGMA = 0.01;
/** [original] Observed values are rounded to 5 decimals (far below the noise for every system). */
export const OBSERVATION_DECIMALS = 5;
/** [decided] Default duration for systems whose original duration was not recovered. */
export const DEFAULT_DURATION = 10;
/**
 * [decided] Samples per held-out experiment (each system draws two, up to 1.5× its shown
 * duration): as many as the shown trajectory has.
 * They are compared point by point with the experiment's noisy samples, so they need not resolve every
 * oscillation: a drift in phase or amplitude shows at any sample. The count sets how much the
 * noise's own mean square varies, √(2/n) σ², and so how often the truth lands outside the noise
 * band: with 50 samples about once in 30,000 variable-experiments (charged_particle_b_field seed
 * 100317 put the truth at 1.11 σ², where a constant 0.02 % off scored higher), with 100 about
 * once in 10⁸. Sampling is dense output, so the integration, not the count, is the cost.
 */
export const HELD_OUT_SAMPLE_COUNT = 100;
/**
 * [decided] Integration tolerances for a hypothesis on a held-out experiment, and since
 * f773a30 on the shown data too (SIMULATION_TOLERANCES, which was rtol 1e-6: a pendulum's
 * shown simulation took 1.4 times the evaluations it takes at 1e-5). atol = rtol: the score
 * measures errors in σ, a fixed fraction of each variable's spread, so a variable passing
 * through zero needs no finer steps there (see SIMULATION_TOLERANCES). Over 20 seeds of every
 * system the truth's own integration error on them stays below 0.08 σ (measured, 100 samples
 * per experiment), under 0.01 σ² in the squared error, so no score depends on it.
 */
export const HELD_OUT_TOLERANCES = { rtol: 1e-5, atol: 1e-5 } as const;

// ---- Reward (docs/original-physix.md#reward) -------------------------------------------------

/**
 * [original] `v1` only: simplicity earns nothing unless r_match reaches this gate, so
 * `d2y/dt2 = 0` cannot farm the simplicity weight.
 */
export const MATCH_GATE = 0.1;
/**
 * [original] The `correctness` cliff on r_match. Deliberately below CONVERGENCE_THRESHOLD: it
 * marks "the right law" while convergence marks "done". In the default profile r_match is the
 * noise-scaled score, so 0.7 means a worst-case RMS error of about 1.2 σ (see NOISE_BAND).
 */
export const CORRECTNESS_THRESHOLD = 0.7;
/**
 * [original 12] `v1`: simplicity = 1 − operators / (12 × equations written), clipped to [0, 1],
 * as the original (which normalised its single equation by 12). The default profile uses the
 * same 12 per degree of freedom of the system instead (see `canonicalComplexity`), so how the
 * law is written cannot change it. Numbers and named parameters both cost nothing, so naming a
 * constant is never penalised against inlining it.
 */
export const SIMPLICITY_OPERATORS_PER_EQUATION = 12;

/**
 * [decided] The noise band of the default profile, in σ²: a law whose worst error — excess
 * mean squared error on the shown data, mean squared error on each held-out experiment — is at
 * most this is "right to within the noise" and scores r_match 1, exactly as the truth. 1 is
 * seven standard deviations of the noise's own mean square over 100 samples (√(2/100) = 0.14),
 * so the truth with its true parameters is inside on any seed. Constants estimated from the
 * shown data carry their uncertainty to the held-out experiments: each held-out variable's
 * band is widened by what that uncertainty adds to the truth's error there, its mean plus as
 * many of its standard deviations as this band is of the noise's (fit/truth-uncertainty.ts).
 * Without that a rare fitted truth left the band (damped_pendulum seed 499 at 1.81 σ², 59 at
 * 1.015, 200036 at 1.12; packages/physix/README.md#rewards).
 */
export const NOISE_BAND = 1;
/**
 * [decided] No further held-out experiment is simulated once the errors so far put a law this
 * far outside the noise band (σ²): its r_match is below 10⁻³ already, and more experiments
 * could only lower it.
 */
export const HELD_OUT_SKIP_ERROR = 1000;

/** [original] `v1`: the README's weighted sum. */
export const V1_WEIGHTS = { match: 0.5, progress: 0.2, simplicity: 0.2, format: 0.1 } as const;
/**
 * [decided] The default profile (`anti-hack`): the original's TRL terms with the fit terms
 * first. Simplicity is paid only inside the noise band, where every fit term is at its maximum,
 * so it orders laws that fit equally well and can never lift a visibly worse one above them.
 * The weights sum to 1 so totals lie in [0, 1].
 */
export const ANTI_HACK_WEIGHTS = {
  match: 0.3,
  match_dense: 0.2,
  correctness: 0.2,
  simplicity: 0.1,
  format: 0.2,
} as const;

// ---- Prompt (docs/original-physix.md#prompt) -------------------------------------------------

/**
 * [decided, original 12] Trajectory rows shown in the prompt. The original showed 12 of 100
 * (docs/original-physix.md#w8); 20 evenly spaced rows give at least 6 rows per period for every system's
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

// ---- Parameter fitting (docs/original-physix.md#w2, #w3) -------------------------------------
// [decided] With `fit: true`, parameters are fitted to the whole shown trajectory, and the
// fitted law is scored on the held-out experiments too: a wrong structure tuned to the shown
// data does not carry over to other starts and longer times.

/**
 * [decided] Box for each fitted parameter: p0 ± 10·max(|p0|, 1). It only keeps the search away
 * from runaway values; it allows sign changes of small constants.
 */
export const FIT_BOUND_SCALE = 10;
/** [decided] Levenberg–Marquardt iteration cap (each costs one integration per parameter + 1). */
export const FIT_MAX_ITERATIONS = 30;
/** [decided] At most this many parameters are fitted; more is a modelling, not a fitting, task. */
export const FIT_MAX_PARAMETERS = 8;
