import { describe, expect, it } from 'vitest';
import { DEFAULT_ENDPOINT, endpointProblem, llmRequest } from './endpoint-form.ts';

describe('llmRequest', () => {
  it('sends only what was filled in (an empty URL means the server’s own endpoint)', () => {
    expect(llmRequest({ ...DEFAULT_ENDPOINT, model: ' qwen2.5:3b ' })).toEqual({ base_url: 'http://127.0.0.1:11434/v1', model: 'qwen2.5:3b', temperature: 0.4 });
    expect(llmRequest({ baseUrl: ' ', model: '', apiKey: 'k', temperature: 'hot' })).toEqual({ api_key: 'k' });
  });
});

describe('endpointProblem', () => {
  it('asks for a model when a URL is given, and a temperature the server accepts', () => {
    const temperature = { min: 0, max: 2 };
    expect(endpointProblem(DEFAULT_ENDPOINT, temperature)).toBe('name the model this endpoint serves');
    expect(endpointProblem({ ...DEFAULT_ENDPOINT, baseUrl: '' }, temperature)).toBeUndefined();
    expect(endpointProblem({ ...DEFAULT_ENDPOINT, model: 'm' }, temperature)).toBeUndefined();
    expect(endpointProblem({ ...DEFAULT_ENDPOINT, model: 'm', temperature: '3' }, temperature)).toBe('temperature must be a number from 0 to 2');
    expect(endpointProblem({ ...DEFAULT_ENDPOINT, model: 'm', temperature: '3' }, { min: 0, max: 5 })).toBeUndefined();
  });
});
