import { z } from 'zod';
import {
  EPISODE_FORMAT_VERSION,
  IDENTIFIER,
  LIMITS,
  MAX_RATIONALE_LENGTH,
  MAX_TURNS_LIMIT,
  REWARD_PROFILES,
  SYSTEMS,
  type RewardProfile,
  type WireEpisodeState,
} from '@verilab/physix';
import { ACTION_BASE_FIELDS, OBSERVATION_BASE_FIELDS } from '../wire/openenv-models.ts';

/**
 * PhysiX's wire models with the original PhysiX-Live field names (docs/original-physix.md#models, #interactive-api):
 * `PhysiXAction` {equation, params, rationale}, `PhysiXObservation` {trajectory,
 * state_variables, hint, history, mismatch_summary, turn, turn_remaining, system_id, stats,
 * reward_breakdown, …}, the reset kwargs, the interactive API's bodies, and the episode an
 * HTTP token carries (the whole episode state in wire names: config plus history, sealed).
 *
 * The seed is in no observation: with it anyone could simulate the hidden parameters.
 */
const SYSTEM_IDS = SYSTEMS.map((system) => system.id) as [string, ...string[]];
const profile = z.enum(REWARD_PROFILES as [RewardProfile, ...RewardProfile[]]);
const numbers = z.record(z.string(), z.number());

/**
 * Limits checked at the API, so no request can grow what the episode keeps: every turn's
 * equation, parameters and rationale go into the history, which every later observation and
 * HTTP token carries (see the README's "Bounded state"). Text must be printable — control
 * characters and unpaired surrogates are what JSON escapes to six bytes — so a history entry's
 * size follows from the character counts.
 */
const printable = (maxLength: number) =>
  z
    .string()
    .max(maxLength)
    .refine(isPrintable, { error: 'must be printable text: no control characters besides tab and newline, no unpaired surrogates' });

function isPrintable(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f) return false;
    if (code >= 0xdc00 && code <= 0xdfff) return false;
    if (code >= 0xd800 && code <= 0xdbff) {
      const low = text.charCodeAt(i + 1);
      if (!(low >= 0xdc00 && low <= 0xdfff)) return false;
      i++;
    }
  }
  return true;
}
const parameterValues = numbers.superRefine((values, context) => {
  const names = Object.keys(values);
  if (names.length > LIMITS.maxParameters) context.addIssue({ code: 'custom', message: `at most ${LIMITS.maxParameters} parameters, got ${names.length}` });
  for (const name of names) {
    if (name.length > LIMITS.maxNameLength || !IDENTIFIER.test(name)) {
      context.addIssue({ code: 'custom', path: [name], message: `a parameter name must be an identifier (letters, digits, _) of at most ${LIMITS.maxNameLength} characters` });
    }
  }
});

const RewardBreakdownModel = z
  .strictObject({
    profile,
    match: z.number(),
    progress: z.number(),
    simplicity: z.number(),
    format: z.number(),
    match_dense: z.number(),
    correctness: z.number(),
    total: z.number(),
  })
  .meta({
    title: 'RewardBreakdown',
    description: "A turn's score: its components under the episode's profile and their weighted total (the reward paid for the turn is OpenEnv's reward)",
  });

const HistoryEntryModel = z
  .strictObject({
    turn: z.int().min(1),
    equation: z.string(),
    params: numbers,
    fitted_params: numbers.nullable(),
    rationale: z.string(),
    accepted: z.boolean(),
    r_match: z.number(),
    reward_total: z.number().meta({ description: "The turn's score (its breakdown's total)" }),
    reward_paid: z.number().meta({
      description: "The reward paid for the turn (the step's reward): anti-hack, the score's gain on the best earlier turn, so an episode's rewards sum to its best score; v1, the score",
    }),
    reward_components: RewardBreakdownModel,
    mismatch_summary: z.string(),
  })
  .meta({ title: 'HistoryEntry' });

const NoiseModel = z
  .strictObject({
    model: z.literal('gaussian'),
    relative_sigma: z.number(),
    sigma: numbers,
    decimals: z.int(),
  })
  .meta({ title: 'NoiseModel', description: 'The observation noise: Gaussian, σ a fraction of each variable’s standard deviation, then rounded' });

export const PhysixActionModel = z
  .strictObject({
    ...ACTION_BASE_FIELDS,
    equation: printable(LIMITS.maxTextLength)
      .default('')
      .meta({ description: "The equations of motion, e.g. 'd2y/dt2 = -9.81 + c*vy'; several separated by ';' or newlines" }),
    params: parameterValues.default({}).meta({
      description: `Values of the free names on the right-hand sides, e.g. {"g": 9.81, "k": 0.05}; at most ${LIMITS.maxParameters}, names of at most ${LIMITS.maxNameLength} characters`,
    }),
    rationale: printable(MAX_RATIONALE_LENGTH).default('').meta({ description: 'A short explanation (kept in the history, not scored)' }),
    episode_id: z
      .union([z.string(), z.int()])
      .nullable()
      .default(null)
      .meta({ description: 'The episode_id the last observation carried; optional over a WebSocket, which remembers its episode' }),
  })
  .meta({ title: 'PhysiXAction', description: 'A hypothesis: equations of motion with parameter values.' });

export type PhysixWireAction = z.output<typeof PhysixActionModel>;

/** The observation's own fields, in order; `episode_id` only on the OpenEnv routes. */
const OBSERVATION_FIELDS = {
  system_id: z.string().default(''),
  tier: z.string().default('').meta({ description: 'tier1 and tier2 are the training systems; tier3 is held out' }),
  state_variables: z.array(z.string()).default([]),
  hint: z.string().default('').meta({ description: 'One sentence of physical context' }),
  trajectory: z.array(numbers).default([]).meta({ description: 'The noisy observed samples: {"t": …, <variable>: …} each' }),
  stats: numbers.default({}).meta({ description: 'Summary statistics of the observed trajectory' }),
  noise: NoiseModel.nullable().default(null),
  history: z.array(HistoryEntryModel).default([]).meta({ description: 'Earlier turns, oldest first' }),
  mismatch_summary: z.string().default('').meta({ description: 'Feedback on the latest turn ("" at reset)' }),
  turn: z.int().min(0).default(0).meta({ description: 'Turns taken so far' }),
  turn_remaining: z.int().min(0).default(0),
  max_turns: z.int().min(1).default(8),
  reward_profile: profile.default('anti-hack'),
  fit: z.boolean().default(false).meta({ description: 'Whether declared parameters are fitted to the data before scoring' }),
  reward_breakdown: RewardBreakdownModel.nullable().default(null).meta({ description: "The latest turn's score; null at reset" }),
  converged: z.boolean().default(false).meta({ description: 'The latest turn reached the convergence threshold (r_match ≥ 0.93)' }),
};

export const PhysixObservationModel = z
  .strictObject({
    ...OBSERVATION_BASE_FIELDS,
    ...OBSERVATION_FIELDS,
    episode_id: z.string().nullable().default(null).meta({ description: 'Quote it in the next step (over HTTP a new token each turn)' }),
  })
  .meta({
    title: 'PhysiXObservation',
    description: 'A noisy trajectory to explain with equations of motion, the feedback on earlier turns, and the budget left.',
  });

const RESET_FIELDS = {
  system_id: z.enum(SYSTEM_IDS).nullable().optional().meta({ description: `One of ${SYSTEM_IDS.join(', ')}; default: drawn from tiers 1 and 2 by the seed` }),
  max_turns: z.int().min(1).max(MAX_TURNS_LIMIT).nullable().optional().meta({ description: 'Turn budget (default 8)' }),
  reward_profile: profile.nullable().optional().meta({ description: 'anti-hack (default) or v1' }),
  fit: z.boolean().nullable().optional().meta({ description: 'Fit the declared parameters before scoring (default false)' }),
};

export const PhysixResetOptionsModel = z.object(RESET_FIELDS);

/** What an HTTP episode token carries: the episode state itself (sealed, so never readable). */
export const PhysixEpisodeModel: z.ZodType<WireEpisodeState> = z.strictObject({
  format_version: z.literal(EPISODE_FORMAT_VERSION),
  system_id: z.enum(SYSTEM_IDS),
  seed: z.int().min(0),
  max_turns: z.int().min(1).max(MAX_TURNS_LIMIT),
  reward_profile: profile,
  fit: z.boolean(),
  history: z.array(HistoryEntryModel).max(MAX_TURNS_LIMIT),
});

// ---- The interactive API (docs/original-physix.md#interactive-api) ------------------------------------------------

export const StartRequestModel = z
  .object({ ...RESET_FIELDS, seed: z.int().min(0).nullable().optional().meta({ description: 'Pins the episode; default: a hidden random seed' }) })
  .meta({ title: 'InteractiveStartRequest' });

export type StartRequest = z.output<typeof StartRequestModel>;

export const DirectStepRequestModel = PhysixActionModel.omit({ episode_id: true }).meta({ title: 'PhysiXAction' });

const optional = <T extends z.ZodType>(schema: T) => schema.nullable().optional();

export const LlmStepRequestModel = z
  .strictObject({
    base_url: optional(z.string().max(2048)).meta({
      description: "An OpenAI-compatible /v1 base URL on the server's allow-list (default: loopback), e.g. http://localhost:11434/v1; omitted: the server's own endpoint",
    }),
    model: optional(z.string().min(1).max(256)).meta({ description: 'The provider-native model id (an Ollama tag, an HF repo id, …)' }),
    api_key: optional(z.string().max(4096)).meta({ description: 'Sent only to the URL named here' }),
    temperature: optional(z.number().min(0).max(2)),
    max_tokens: optional(z.int().min(1).max(16_384)),
  })
  .meta({ title: 'LlmStepRequest' });

export type LlmStepRequest = z.output<typeof LlmStepRequestModel>;
