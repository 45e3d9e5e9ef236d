import { describe, expect, it } from 'vitest';
import { bodyFieldBounds, inputBounds, rangeProblem, schemaBounds } from './server-limits.ts';

// The shapes the server's OpenAPI document uses: nullable fields as anyOf, bodies by $ref or inline.
const OPENAPI = {
  paths: {
    '/interactive/sessions': { post: { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Start' } } } } } },
    '/reset': { post: { requestBody: { content: { 'application/json': { schema: { properties: { seed: { anyOf: [{ minimum: 0, type: 'integer' }, { type: 'null' }] } } } } } } } },
  },
  components: { schemas: { Start: { properties: { max_turns: { anyOf: [{ maximum: 64, minimum: 1, type: 'integer' }, { type: 'null' }] } } } } },
};

describe('server limits', () => {
  it('reads a body field’s bounds from an OpenAPI document, inline or by $ref, nullable or not', () => {
    expect(bodyFieldBounds(OPENAPI, '/interactive/sessions', 'max_turns')).toEqual({ min: 1, max: 64 });
    expect(bodyFieldBounds(OPENAPI, '/reset', 'seed')).toEqual({ min: 0, max: Infinity });
    expect(bodyFieldBounds(OPENAPI, '/reset', 'absent')).toEqual({ min: -Infinity, max: Infinity });
    expect(bodyFieldBounds({}, '/nowhere', 'seed')).toEqual({ min: -Infinity, max: Infinity });
    expect(schemaBounds({ minimum: 1e-12, maximum: 0.1 })).toEqual({ min: 1e-12, max: 0.1 });
  });

  it('says what is wrong with a typed number, in the server’s bounds', () => {
    const turns = { min: 1, max: 64 };
    expect(rangeProblem('max turns', '8', turns, 'integer')).toBeUndefined();
    expect(rangeProblem('max turns', '65', turns, 'integer')).toBe('max turns must be a whole number from 1 to 64');
    expect(rangeProblem('max turns', '2.5', turns, 'integer')).toBe('max turns must be a whole number from 1 to 64');
    expect(rangeProblem('seed', '-1', { min: 0, max: Infinity }, 'integer')).toBe('seed must be a whole number ≥ 0');
    expect(rangeProblem('p', '', { min: 1e-12, max: 0.1 }, 'number')).toBe('p must be a number from 1e-12 to 0.1');
    expect(rangeProblem('p', '0.5', undefined, 'number')).toBeUndefined();
    expect(rangeProblem('p', 'x', undefined, 'number')).toBe('p must be a number');
    expect(inputBounds({ min: 0, max: Infinity })).toEqual({ min: 0 });
    expect(inputBounds(undefined)).toEqual({});
  });
});
