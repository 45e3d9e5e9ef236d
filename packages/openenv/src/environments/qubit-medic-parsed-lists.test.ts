import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpClient } from '../testing/http-client.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

// A pre-parsed answer with one list null states that list only: it scores as the completion
// `X_ERRORS=[..]` alone (format 0.5, nothing for the other axis), not as an empty list the model
// never wrote, which would pay a half answer the other axis's overlap and full format credit.
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('a pre-parsed answer with one list null', () => {
  it('scores exactly as the completion stating that list alone', async () => {
    const api = httpClient(server.url);
    const rewards = async (seed: number, action: Record<string, unknown>) => {
      const reset = await api.post('/reset', { seed, level: 'L4_stress' });
      const step = await api.post('/step', { action: { ...action, episode_id: reset.json.observation.episode_id } });
      return step.json.observation.info.rewards as Record<string, number>;
    };
    for (const seed of [0, 1, 2, 3, 4, 5]) {
      const parsed = await rewards(seed, { parsed_x_errors: [] });
      expect(parsed).toEqual(await rewards(seed, { raw_response: 'X_ERRORS=[]' }));
      expect(parsed.format_compliance).toBe(0.5);
    }
  });
});
