import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { QubitMedicActionModel, QubitMedicObservationModel } from '../environments/qubit-medic-models.ts';
import { StateModel } from './openenv-models.ts';
import { fieldTitle, pydanticSchema } from './pydantic-schema.ts';

describe('pydanticSchema', () => {
  it('reproduces pydantic’s State.model_json_schema() exactly', () => {
    // What openenv-core's State.model_json_schema() prints (pydantic 2.13).
    expect(JSON.stringify(pydanticSchema(StateModel))).toBe(
      '{"additionalProperties":true,"description":"Base class for environment state.\\n\\nRepresents internal environment state, separate from observations.","properties":{"episode_id":{"anyOf":[{"type":"string"},{"type":"null"}],"default":null,"description":"Unique identifier for the current episode","title":"Episode Id"},"step_count":{"default":0,"description":"Number of steps taken in the current episode","minimum":0,"title":"Step Count","type":"integer"}},"title":"State","type":"object"}',
    );
  });

  it('titles fields like pydantic and keeps field order', () => {
    expect(fieldTitle('raw_response')).toBe('Raw Response');
    expect(fieldTitle('p')).toBe('P');
    const schema = pydanticSchema(QubitMedicActionModel);
    expect(schema.title).toBe('QubitMedicAction');
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties as object)).toEqual(['metadata', 'raw_response', 'parsed_x_errors', 'parsed_z_errors', 'episode_id']);
    expect((schema.properties as Record<string, unknown>).parsed_x_errors).toEqual({
      anyOf: [{ items: { minimum: 0, type: 'integer' }, type: 'array' }, { type: 'null' }],
      default: null,
      description: 'Pre-parsed X errors in LLM ids; when either list is given it is scored as the canonical answer',
      title: 'Parsed X Errors',
    });
    expect((schema.properties as Record<string, unknown>).metadata).toEqual({
      additionalProperties: true,
      description: 'Additional metadata for the action',
      title: 'Metadata',
      type: 'object',
    });
  });

  it('puts the base Observation fields first, reward as bool|int|float|None', () => {
    const schema = pydanticSchema(QubitMedicObservationModel);
    const properties = schema.properties as Record<string, { anyOf?: unknown }>;
    expect(Object.keys(properties).slice(0, 3)).toEqual(['done', 'reward', 'metadata']);
    expect(properties.reward?.anyOf).toEqual([{ type: 'boolean' }, { type: 'integer' }, { type: 'number' }, { type: 'null' }]);
    expect(schema.additionalProperties).toBe(false);
  });

  it('sorts keys at every level but never inside defaults', () => {
    const schema = pydanticSchema(z.object({ b: z.record(z.string(), z.unknown()).default({ z: 1, a: 2 }) }));
    expect(Object.keys(schema)).toEqual([...Object.keys(schema)].sort());
    expect(Object.keys((schema.properties as { b: { default: object } }).b.default)).toEqual(['z', 'a']);
  });
});
