import { z } from 'zod';

/**
 * OpenEnv's base wire models (openenv-core `env_server/types.py`, docs/wire-contract.md#models), as zod
 * models with pydantic's descriptions so `/schema` and `/openapi.json` read like upstream's.
 */
const metadataField = (what: string) =>
  z.record(z.string(), z.unknown()).optional().meta({ description: `Additional metadata for the ${what}` });

/** The base Action's single field; every hosted action extends this (clients send `metadata: {}`). */
export const ACTION_BASE_FIELDS = { metadata: metadataField('action') };

/** The base Observation's fields, first in every observation schema as in pydantic. */
export const OBSERVATION_BASE_FIELDS = {
  done: z.boolean().default(false).meta({ description: 'Whether the episode has terminated' }),
  reward: z
    .union([z.boolean(), z.int(), z.number(), z.null()])
    .default(null)
    .meta({ description: 'Reward signal from the last action' }),
  metadata: metadataField('observation'),
};

export const StateModel = z
  .looseObject({
    episode_id: z.string().nullable().default(null).meta({ description: 'Unique identifier for the current episode' }),
    step_count: z.int().min(0).default(0).meta({ description: 'Number of steps taken in the current episode' }),
  })
  .meta({
    title: 'State',
    description: 'Base class for environment state.\n\nRepresents internal environment state, separate from observations.',
  });

export const ResetRequestModel = z
  .looseObject({
    seed: z.int().min(0).nullable().optional().meta({ description: 'Random seed for reproducible episodes' }),
    episode_id: z.string().max(255).nullable().optional().meta({ description: 'Custom episode identifier' }),
  })
  .meta({ title: 'ResetRequest', description: 'Request model for environment reset.' });

export const StepRequestModel = z
  .looseObject({
    action: z
      .record(z.string(), z.unknown())
      .meta({ description: "Action to execute, must conform to environment's action schema" }),
    timeout_s: z.number().gt(0).nullable().optional().meta({ description: 'Optional timeout in seconds for action execution' }),
    request_id: z.string().max(255).nullable().optional().meta({ description: 'Optional request identifier for tracking' }),
  })
  .meta({ title: 'StepRequest', description: 'Request model for environment step.' });

/** `ResetResponse` / `StepResponse`: the serialised observation (docs/wire-contract.md#observation). */
export const ObservationResponseModel = z
  .strictObject({
    observation: z.record(z.string(), z.unknown()).meta({ description: 'Observation from the environment' }),
    reward: z.number().nullable().default(null).meta({ description: 'Reward signal from the action' }),
    done: z.boolean().default(false).meta({ description: 'Whether the episode has terminated' }),
  })
  .meta({ title: 'StepResponse' });

export interface EnvironmentMetadata {
  readonly name: string;
  readonly description: string;
  readonly readme_content: string | null;
  readonly version: string | null;
  readonly author: string | null;
  readonly documentation_url: string | null;
}

/** `/metadata` emits all six keys, null or not, in this order (docs/wire-contract.md#info-routes). */
export function metadataBody(metadata: EnvironmentMetadata): EnvironmentMetadata {
  return {
    name: metadata.name,
    description: metadata.description,
    readme_content: metadata.readme_content,
    version: metadata.version,
    author: metadata.author,
    documentation_url: metadata.documentation_url,
  };
}

/** WebSocket envelopes (`WSResetMessage` … `WSMCPMessage`): extra keys forbidden. */
const dataObject = z.record(z.string(), z.unknown());
export const WS_ENVELOPES = {
  reset: z.strictObject({ type: z.literal('reset'), data: dataObject.optional() }),
  step: z.strictObject({ type: z.literal('step'), data: dataObject }),
  state: z.strictObject({ type: z.literal('state') }),
  close: z.strictObject({ type: z.literal('close') }),
  mcp: z.strictObject({ type: z.literal('mcp'), data: dataObject }),
} as const;

export type WsMessageType = keyof typeof WS_ENVELOPES;
