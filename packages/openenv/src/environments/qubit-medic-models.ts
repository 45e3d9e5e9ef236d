import { z } from 'zod';
import { SEED_STREAMS_VERSION } from '@verilab/core';
import { PRIMARY_LEVEL, PROMPT_FORMATS, REWARD_PROFILES, type PromptFormat, type RewardProfile } from '@verilab/qubit-medic';
import { ACTION_BASE_FIELDS, OBSERVATION_BASE_FIELDS } from '../wire/openenv-models.ts';

/**
 * Qubit-Medic's wire models, with the original's field names (docs/original-qubit-medic.md#server) so its
 * clients keep working: the action `QubitMedicAction` and the observation
 * `QubitMedicObservation`, plus the reset kwargs, the `/decode` body and the episode a token
 * carries.
 */
const llmIds = z.array(z.int().min(0));

export const QubitMedicActionModel = z
  .strictObject({
    ...ACTION_BASE_FIELDS,
    raw_response: z.string().default('').meta({ description: "The model's completion, e.g. 'X_ERRORS=[1] Z_ERRORS=[]'" }),
    parsed_x_errors: llmIds
      .nullable()
      .default(null)
      .meta({ description: 'Pre-parsed X errors in LLM ids; when either list is given it is scored as the canonical answer' }),
    parsed_z_errors: llmIds.nullable().default(null).meta({ description: 'Pre-parsed Z errors in LLM ids' }),
    episode_id: z
      .union([z.string(), z.int()])
      .nullable()
      .default(null)
      .meta({ description: 'The episode_id reset returned; optional over a WebSocket, which remembers its episode' }),
  })
  .meta({ title: 'QubitMedicAction', description: "An LLM's answer to one Qubit-Medic syndrome." });

export type QubitMedicWireAction = z.output<typeof QubitMedicActionModel>;

export const QubitMedicObservationModel = z
  .strictObject({
    ...OBSERVATION_BASE_FIELDS,
    prompt: z.string().default(''),
    syndrome_bits: z.array(z.int()).default([]),
    distance: z.int().default(0),
    rounds: z.int().default(0),
    p: z.number().default(0),
    curriculum_level: z.string().default(''),
    episode_id: z.string().default(''),
    dem_digest: z.string().default(''),
    info: z.record(z.string(), z.unknown()).default({}),
  })
  .meta({
    title: 'QubitMedicObservation',
    description: 'A surface-code syndrome to decode; after the step, `info` holds the reward breakdown and the ground truth.',
  });

const optionalText = z.string().nullable().optional();

/** Longest `run_id` (a UUID is 36). */
export const RUN_ID_MAX_CHARS = 128;

export const QubitMedicResetOptionsModel = z.object({
  level: optionalText.meta({ description: 'L1_warmup, L2_target, L3_stretch, L4_stress or custom:d=D,r=R,p=P[,noise=…][,basis=…]' }),
  forced_level: optionalText.meta({ description: "The original's name for level" }),
  prompt_format: z.enum(PROMPT_FORMATS as [PromptFormat, ...PromptFormat[]]).nullable().optional(),
  reward_profile: z.enum(REWARD_PROFILES as [RewardProfile, ...RewardProfile[]]).nullable().optional(),
  run_id: z
    .string()
    .min(1)
    .max(RUN_ID_MAX_CHARS)
    .nullable()
    .optional()
    .meta({
      description:
        "The training run this episode belongs to: episodes of one run (any number of parallel sessions) share its curriculum, other runs' episodes never move it. Without one, a WebSocket session is its own run, and an HTTP episode is a run of its own. MCP agents name a run only on a server that trusts them (--agent-seeds), else their episodes count toward the server's (VERILAB_AGENT_RUN_ID), which no other reset may name. Use an unguessable id (e.g. a UUID).",
    }),
});

export type QubitMedicResetOptions = z.output<typeof QubitMedicResetOptionsModel>;

/** What an episode token carries: the spec minus its id (the token is the id). */
export const QubitMedicEpisodeModel = z.strictObject({
  level: z.string(),
  seed: z.int().min(0),
  prompt_format: z.enum(PROMPT_FORMATS as [PromptFormat, ...PromptFormat[]]),
  reward_profile: z.enum(REWARD_PROFILES as [RewardProfile, ...RewardProfile[]]),
  forced_level: z.boolean(),
  /** The seed's stream version: a token from before seeds >= 2^32 changed streams is refused, not graded on another shot. */
  seed_streams: z.literal(SEED_STREAMS_VERSION),
  /** The run whose curriculum the step updates (absent: the session's own, or none over HTTP). */
  run_id: z.string().max(RUN_ID_MAX_CHARS).optional(),
  /**
   * An MCP agent's episode, which its run counts as a 0 unless answered (curriculum-runs.ts):
   * `token` (sessionless: nothing says when it is abandoned) once its deadline passes unanswered,
   * `session` once its session drops it (its agent resets another, or the session ends).
   */
  agent: z.enum(['token', 'session']).optional(),
  /** A `token` episode's entry among its run's pending episodes, and its deadline (ms since the epoch). */
  pending: z.strictObject({ id: z.string().max(32), answer_by: z.int().min(0) }).optional(),
});

export type QubitMedicEpisode = z.output<typeof QubitMedicEpisodeModel>;

export const DecodeRequestModel = z
  .strictObject({
    syndrome: z.array(z.int().min(0).max(1)).meta({ description: 'Detection events, one 0/1 per detector' }),
    level: z.string().default(PRIMARY_LEVEL),
  })
  .meta({ title: 'DecodeRequest' });

export type DecodeRequest = z.output<typeof DecodeRequestModel>;

export const LlmAnswerRequestModel = z
  .strictObject({
    episode_id: z.string().max(1024 * 1024).meta({ description: 'The episode token reset returned; it stays unspent (step it afterwards)' }),
    base_url: z.string().max(2048).nullable().optional().meta({
      description: "An OpenAI-compatible /v1 base URL on the server's allow-list (default: loopback); omitted: the server's own endpoint",
    }),
    model: z.string().min(1).max(256).nullable().optional().meta({ description: 'The provider-native model id' }),
    api_key: z.string().max(4096).nullable().optional().meta({ description: 'Sent only to the URL named here' }),
    temperature: z.number().min(0).max(2).nullable().optional(),
    max_tokens: z.int().min(1).max(16_384).nullable().optional(),
  })
  .meta({ title: 'LlmAnswerRequest' });

export type LlmAnswerRequest = z.output<typeof LlmAnswerRequestModel>;
